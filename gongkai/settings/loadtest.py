"""Settings for the app server that gongkai/core/tests/test_load_*.py start: real files, real database.

The test settings keep files and the database in memory, which a separate gunicorn process cannot
share with the test. Here everything lives where the environment points (DATABASE_URL, GONGKAI_VAR_DIR,
MEDIA_ROOT, GONGKAI_PRIVATE_MEDIA_ROOT), and the tests point it at a temporary directory of their own.
"""

import os

from gongkai.settings.base import *  # noqa: F403

SECRET_KEY = os.environ.get("SECRET_KEY") or "loadtest-only-key"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Each gunicorn worker logs every submission at INFO otherwise, which buries a failure in the output.
LOGGING["loggers"]["gongkai"]["level"] = "WARNING"  # noqa: F405
LOGGING["loggers"]["gongkai.audit"]["level"] = "WARNING"  # noqa: F405
