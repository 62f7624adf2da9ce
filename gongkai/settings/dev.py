"""Local development and `make run`: debug on, a throw-away secret if none is given."""

import os

from gongkai.settings.base import *  # noqa: F403

DEBUG = os.environ.get("DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-for-make-run"
ALLOWED_HOSTS = ["*"] if DEBUG else ALLOWED_HOSTS  # noqa: F405
GONGKAI_ALLOW_DEMO = True
# The demo's reviewer logins work with the printed password alone unless GONGKAI_REQUIRE_2FA=1;
# production always asks reviewers and administrators for a second factor.
GONGKAI_REQUIRE_2FA = os.environ.get("GONGKAI_REQUIRE_2FA", "0") == "1"
