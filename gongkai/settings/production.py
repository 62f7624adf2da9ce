"""Production: refuse to start without a secret; secure cookies and HSTS behind TLS."""

import os

from django.core.exceptions import ImproperlyConfigured

from gongkai.settings.base import *  # noqa: F403

if not os.environ.get("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY 未设置：生产环境必须通过环境变量提供 SECRET_KEY。")
SECRET_KEY = os.environ["SECRET_KEY"]
if not os.environ.get("GONGKAI_AUDIT_CHAIN_KEY"):
    raise ImproperlyConfigured(
        "GONGKAI_AUDIT_CHAIN_KEY 未设置：生产环境必须提供审计日志链的密钥"
        "（与 SECRET_KEY 分开，轮换 SECRET_KEY 不影响旧日志的校验）。"
    )
DEBUG = False

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# X_FRAME_OPTIONS stays SAMEORIGIN (not DENY): Wagtail's editor previews a page in a same-origin frame.
# frame-ancestors 'self' in the CSP says the same; other sites still cannot frame the portal.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Static file names carry a hash of their content (site.0123456789ab.css): nginx caches those a year
# (deploy/nginx-site.conf.template) and a release can never serve yesterday's CSS under today's page.
# Needs `collectstatic` (scripts/prod-smoke.sh, docs/deployment.md); test settings keep the plain storage.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
