"""Settings for `make test`: fast hashing, in-memory mail, a separate PostgreSQL database per run."""

import os

from gongkai.settings.base import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":  # noqa: F405
    # Several test runs may share one server (CI, parallel developers): name the test database per process.
    DATABASES["default"]["TEST"] = {"NAME": f"test_gongkai_{os.getpid()}"}  # noqa: F405
LOGGING["loggers"]["gongkai.audit"]["level"] = "WARNING"  # noqa: F405
GONGKAI_ALLOW_DEMO = True
# The audit chain is off in tests except where a test switches it on with its own file.
GONGKAI_AUDIT_CHAIN_PATH = ""
# Other features' tests sign in with a password only; gongkai/core/tests/test_twofactor.py switches it on.
GONGKAI_REQUIRE_2FA = False
# Tasks run inline when enqueued, so a test sees their effect at once; the tests of the database and
# RQ backends (gongkai/jobs/tests) set their own TASKS.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
