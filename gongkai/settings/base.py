"""Settings shared by every environment.

Values come from environment variables, read here once. Environment-specific
modules (dev, test, production) import this and change only what differs.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from gongkai.settings.database import database_from_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("GONGKAI_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    # Gongkai's own apps, one per domain. Listed first so that their templates win.
    "gongkai.core",
    "gongkai.org",
    "gongkai.calendar",
    "gongkai.catalog",
    "gongkai.portal",
    "gongkai.review",
    "gongkai.search",
    "gongkai.foi",
    "gongkai.enforcement",
    "gongkai.policies",
    "gongkai.consultations",
    "gongkai.interviews",
    "gongkai.interaction",
    "gongkai.complaints",
    "gongkai.opinion",
    "gongkai.api",
    "gongkai.audit",
    # Background work: the schedule of periodic jobs and `run_tasks` (docs/tasks.md).
    "gongkai.jobs",
    "gongkai.demo",
    # TOTP devices for two-factor login (gongkai.core.twofactor).
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    # Queue backends of django-tasks (docs/tasks.md): the database queue and, at scale, RQ on Redis.
    "django_tasks_db",
    "django_rq",
    "django_tasks_rq",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Marks anonymous public pages shareable by nginx's page cache and everything else private; it
    # must see the cookies the middlewares below add (gongkai.core.page_cache, docs/caching.md).
    "gongkai.core.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff sessions end after GONGKAI_STAFF_IDLE_MINUTES without a request (gongkai.core.login).
    "gongkai.core.login.StaffIdleTimeoutMiddleware",
    # TOTP second factor for reviewers and administrators (gongkai.core.twofactor).
    "django_otp.middleware.OTPMiddleware",
    "gongkai.core.twofactor.SecondFactorMiddleware",
    # Honest 403 for another department's pages; unpublish goes through the withdrawal form (docs/review.md).
    "gongkai.review.middleware.DepartmentScopeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy (no inline script/style on public pages) and Permissions-Policy.
    "gongkai.core.middleware.SecurityHeadersMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gongkai" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "gongkai.core.context_processors.site_identity",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gongkai.core.login.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]
# Staff login (gongkai.core.login): N wrong passwords lock the account for M minutes; an address that
# fails many times (many accounts tried) is refused too. Idle staff sessions end after 30 minutes, and
# every session after 8 hours; without "remember me" it also ends when the browser closes.
WAGTAILADMIN_USER_LOGIN_FORM = "gongkai.core.login.LockoutLoginForm"
GONGKAI_LOGIN_MAX_FAILURES = 5
GONGKAI_LOGIN_MAX_FAILURES_PER_ADDRESS = 20
GONGKAI_LOGIN_LOCK_MINUTES = 15
GONGKAI_STAFF_IDLE_MINUTES = int(os.environ.get("GONGKAI_STAFF_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = 8 * 3600
# Two-factor login (TOTP) for the roles that approve, publish or administer; 信息员 only draft.
GONGKAI_REQUIRE_2FA = os.environ.get("GONGKAI_REQUIRE_2FA", "1") == "1"
GONGKAI_2FA_ROLES = ["处室审核", "办公室审核", "领导审签", "公开工作机构负责人", "系统管理员"]
OTP_TOTP_ISSUER = "政务公开平台"

# Chinese first: the admin and the public site speak zh-hans, dates are Beijing time.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATE_FORMAT = "Y-m-d"
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "gongkai" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Applicants' identity documents and case files: outside MEDIA_ROOT, served only through views that
# check who is asking (gongkai.foi.storage).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("GONGKAI_PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}
# Uploads over this size are refused before they reach a form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Rate limits count the client's address; behind nginx set this so X-Real-IP is used (gongkai.core.ratelimit).
GONGKAI_TRUST_X_REAL_IP = os.environ.get("GONGKAI_TRUST_X_REAL_IP", "0") == "1"
# 依申请公开 (docs/foi.md). Whether the period from a fee notice to payment is left out of the reply
# limit is not settled by a national text (shared/spec/ogi.md §3); most agencies stop the clock.
GONGKAI_FOI_FEE_STOPS_CLOCK = os.environ.get("GONGKAI_FOI_FEE_STOPS_CLOCK", "1") == "1"
# The dashboard and the daily digest warn when this many working days or fewer are left.
GONGKAI_FOI_DUE_SOON_WORKDAYS = 3
# Abuse protection of the public forms, counted per client address in the cache.
GONGKAI_FOI_SUBMISSIONS_PER_HOUR = 5
GONGKAI_FOI_QUERY_FAILURES_PER_HOUR = 10
# Identity proof and supplement files: at most this many, each at most this size.
GONGKAI_FOI_MAX_FILES = 5
GONGKAI_FOI_MAX_FILE_BYTES = 5 * 1024 * 1024
# Public verifications of a 双随机 draw record per client address per hour (gongkai.enforcement.views_draw).
GONGKAI_DRAW_VERIFICATIONS_PER_HOUR = 30
# Files released with a reply (scans, spreadsheets, archives).
GONGKAI_FOI_MAX_RELEASED_BYTES = 50 * 1024 * 1024

# `load_demo` creates users with a published password: only development and test settings allow it.
GONGKAI_ALLOW_DEMO = False

WAGTAIL_SITE_NAME = os.environ.get("GONGKAI_SITE_NAME", "政务公开平台")
WAGTAILADMIN_BASE_URL = os.environ.get("GONGKAI_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# The admin must not call out to releases.wagtail.org: government intranets are often closed.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: staff e-mail hashes must not leave the network, and intranets are closed.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Deleting a published page would lose the record of what was public: unpublish with a reason instead.
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# A finished review publishes on the reviewers' authority, not the last approver's publish right (docs/review.md).
WAGTAIL_FINISH_WORKFLOW_ACTION = "gongkai.review.workflows.publish_workflow_state"
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ofd", "wps", "et", "zip", "jpg", "jpeg", "png"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Wagtail's stock search indexes a run of Chinese as a single token; the admin
# uses it only for title look-ups, the public search is gongkai.search.
# Public searches per client address and minute (gongkai.search.views); load tests and benchmarks raise it.
GONGKAI_SEARCH_PER_MINUTE = int(os.environ.get("GONGKAI_SEARCH_PER_MINUTE", "60"))
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- tasks ---
# Background work (docs/tasks.md), run by `manage.py run_tasks`. Embedded default: the queue is a table
# in our own database (django-tasks-db), so a crash or restart loses no queued work and nothing else
# needs to run. GONGKAI_TASKS_BACKEND=rq puts the queue on Redis (REDIS_URL) for several workers; a
# REDIS_URL alone does not move it, because Redis may hold only the cache. "immediate" runs each task
# inline when it is enqueued (no worker; a failed task is lost).
GONGKAI_TASKS_BACKEND = os.environ.get("GONGKAI_TASKS_BACKEND", "database")
_TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if GONGKAI_TASKS_BACKEND not in _TASKS_BACKENDS:
    raise ImproperlyConfigured(f"GONGKAI_TASKS_BACKEND must be one of {', '.join(_TASKS_BACKENDS)}.")
if GONGKAI_TASKS_BACKEND == "rq" and not os.environ.get("REDIS_URL"):
    raise ImproperlyConfigured("GONGKAI_TASKS_BACKEND=rq needs REDIS_URL.")
TASKS = {"default": {"BACKEND": _TASKS_BACKENDS[GONGKAI_TASKS_BACKEND], "QUEUES": ["default"]}}
# django-rq's queues, used by the rq backend and by django-rq's own commands (rqstats, rqworker). Jobs
# may run for up to an hour (a full search rebuild); RQ's default of 3 minutes would kill it.
RQ_QUEUES = {
    "default": {"URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 3600},
}
# --- end tasks ---

# Embedded default: a per-process memory cache. With REDIS_URL, cache and sessions move to Redis so that
# several app servers share them.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "gongkai": {"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "INFO")},
        # Security monitoring reads every audit-log entry from this logger as JSON.
        "gongkai.audit": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Tamper-evident audit trail (gongkai.audit.chain): every log entry also appended to this file with an
# HMAC chain; `manage.py audit_verify` checks it. "{host}" becomes the host name (one chain per server).
GONGKAI_AUDIT_CHAIN_PATH = os.environ.get("GONGKAI_AUDIT_CHAIN_PATH", str(VAR_DIR / "audit" / "audit-{host}.jsonl"))
GONGKAI_AUDIT_CHAIN_KEY = os.environ.get("GONGKAI_AUDIT_CHAIN_KEY", "")
# fsync after each line, so a crash does not lose a committed action's audit line.
GONGKAI_AUDIT_CHAIN_FSYNC = True

# --- page cache ---
# How long nginx keeps an anonymous public page (gongkai.core.page_cache). Publication purges the
# addresses it knows; addresses with a query string and 404/410 answers are only kept briefly.
GONGKAI_PAGE_CACHE_SECONDS = int(os.environ.get("GONGKAI_PAGE_CACHE_SECONDS", "600"))
GONGKAI_PAGE_CACHE_QUERY_SECONDS = int(os.environ.get("GONGKAI_PAGE_CACHE_QUERY_SECONDS", "60"))
GONGKAI_PAGE_CACHE_MISSING_SECONDS = int(os.environ.get("GONGKAI_PAGE_CACHE_MISSING_SECONDS", "60"))
# nginx's loopback refresh listener (deploy/nginx-site.conf.template); unset = no page cache to purge.
GONGKAI_PAGE_CACHE_REFRESH_URL = os.environ.get("GONGKAI_PAGE_CACHE_REFRESH_URL", "")
if GONGKAI_PAGE_CACHE_REFRESH_URL:
    WAGTAILFRONTENDCACHE = {
        "nginx": {
            "BACKEND": "gongkai.core.frontend_cache.NginxRefreshBackend",
            "LOCATION": GONGKAI_PAGE_CACHE_REFRESH_URL,
            "HOST": os.environ.get("GONGKAI_PAGE_CACHE_HOST", ""),
        }
    }
# --- end page cache ---

# ---------- Settings of each feature app, one block each (keep to your own block). ----------

# --- gongkai.policies ---
# 政策问答 search: how many published answers are scored per query (newest first; bounds the work),
# how many the results page and the as-you-type list show, and how often one client may ask per minute.
GONGKAI_POLICIES_QA_CANDIDATES = int(os.environ.get("GONGKAI_POLICIES_QA_CANDIDATES", "500"))
GONGKAI_POLICIES_QA_RESULTS = 50
GONGKAI_POLICIES_QA_SUGGESTIONS = 5
GONGKAI_POLICIES_QA_SIMILAR_PER_MINUTE = int(os.environ.get("GONGKAI_POLICIES_QA_SIMILAR_PER_MINUTE", "60"))
# --- end gongkai.policies ---

# --- gongkai.consultations ---
# Minimum consultation period in calendar days per kind of draft (gongkai/consultations/rules.py): the
# legal 30 days (重大行政决策程序暂行条例第十四条, 优化营商环境条例第六十二条) always apply on top; the
# operator may set a longer provincial practice here. A shorter period needs a recorded reason.
GONGKAI_CONSULTATIONS_MIN_DAYS = {"normative": 30, "planning": 30, "major": 30, "standard": 30, "other": 7}
# Comments one client may send per hour: stops a script flooding a consultation, never a person.
GONGKAI_CONSULTATIONS_COMMENTS_PER_HOUR = int(os.environ.get("GONGKAI_CONSULTATIONS_COMMENTS_PER_HOUR", "20"))
# Bigram Jaccard similarity from which two comments count as near-identical (one group, one answer).
GONGKAI_CONSULTATIONS_NEAR_DUPLICATE = 0.7
# --- end gongkai.consultations ---

# --- gongkai.interviews ---
# Questions one client may send to the events' pages per hour (stored or scripted ones); typos are not counted.
GONGKAI_INTERVIEWS_QUESTIONS_PER_HOUR = 10
# Audio and video of an event (MP3/M4A/MP4) are recordings of an hour or more; photos stay small.
GONGKAI_INTERVIEWS_MAX_MEDIA_BYTES = 500 * 1024 * 1024
GONGKAI_INTERVIEWS_MAX_IMAGE_BYTES = 5 * 1024 * 1024
# Seconds between polls of the live transcript, and its max-age: thousands of viewers share one answer.
GONGKAI_INTERVIEWS_POLL_SECONDS = 5
# 宣教处 runs the department's news releases (work plan 一(一)、一(四)): its staff may run any event's console.
GONGKAI_INTERVIEWS_ORGANISER_DEPARTMENT = "xcc"
# --- end gongkai.interviews ---

# --- gongkai.interaction ---
# 互动交流 (docs/interaction.md). The agency's published commitment: a valid message is answered within
# this many working days of receipt. No national text fixes the number; 国办秘函〔2019〕19号 only fails a
# website whose valid message stays unanswered for more than three months.
GONGKAI_INTERACTION_REPLY_WORKDAYS = int(os.environ.get("GONGKAI_INTERACTION_REPLY_WORKDAYS", "5"))
# Abuse protection of the public message form and the query, counted per client address in the cache.
GONGKAI_INTERACTION_SUBMISSIONS_PER_HOUR = 5
GONGKAI_INTERACTION_QUERY_FAILURES_PER_HOUR = 10
# --- end gongkai.interaction ---

# --- gongkai.complaints ---
# 12369 reports: photos from phones run to a few MB each, a short video to tens of MB; the limits
# keep one report from filling the private storage. nginx's client_max_body_size must allow the total.
GONGKAI_COMPLAINTS_MAX_PHOTO_BYTES = int(os.environ.get("GONGKAI_COMPLAINTS_MAX_PHOTO_BYTES", 10 * 1024 * 1024))
GONGKAI_COMPLAINTS_MAX_VIDEO_BYTES = int(os.environ.get("GONGKAI_COMPLAINTS_MAX_VIDEO_BYTES", 50 * 1024 * 1024))
GONGKAI_COMPLAINTS_MAX_FILES = 6
# Abuse protection per client and hour, as for the disclosure form: stored reports and scripted posts.
GONGKAI_COMPLAINTS_SUBMISSIONS_PER_HOUR = 5
GONGKAI_COMPLAINTS_QUERY_FAILURES_PER_HOUR = 10
# A running limit within this many calendar days shows as 即将到期 in the case list and the dashboard.
GONGKAI_COMPLAINTS_DUE_SOON_DAYS = 5
# --- end gongkai.complaints ---

# --- gongkai.opinion ---
# 宣教处 leads 舆情 work (seed plan 一(三), (四)): its staff monitor and assess; its 处室审核 get the spike e-mails.
GONGKAI_OPINION_DEPARTMENT_CODE = os.environ.get("GONGKAI_OPINION_DEPARTMENT_CODE", "xcc")
# Feed fetching: a slow or huge feed must not hold up the others.
GONGKAI_OPINION_FETCH_TIMEOUT_SECONDS = 15
GONGKAI_OPINION_FETCH_MAX_BYTES = 5 * 1024 * 1024
# Clustering: Jaccard similarity of character bigrams at which an item joins an event (measured on the
# synthetic corpus, docs/opinion.md), and how long an event stays open to new items.
GONGKAI_OPINION_CLUSTER_THRESHOLD = 0.35
GONGKAI_OPINION_CLUSTER_WINDOW_DAYS = 14
# Offline sentiment: an item is negative at or below this lexicon score.
GONGKAI_OPINION_NEGATIVE_THRESHOLD = -1.0
# Spike alert: items of one event in the last window against its rate in the baseline period before it.
GONGKAI_OPINION_SPIKE_WINDOW_HOURS = 6
GONGKAI_OPINION_SPIKE_BASELINE_HOURS = 72
GONGKAI_OPINION_SPIKE_FACTOR = 3.0
GONGKAI_OPINION_SPIKE_MIN_COUNT = 10
# --- end gongkai.opinion ---

# --- storage ---
# GONGKAI_MEDIA_STORAGE=s3 puts public media and the private storage on S3-compatible object storage
# (gongkai/settings/object_storage.py, docs/deployment.md "Object storage (S3)"); the default is the local disk.
from gongkai.settings.object_storage import S3_BACKEND, public_media_origins, storages_from_env  # noqa: E402

STORAGES = storages_from_env(os.environ, STORAGES, spool_bytes=FILE_UPLOAD_MAX_MEMORY_SIZE)
if STORAGES["default"]["BACKEND"] == S3_BACKEND:
    from gongkai.core.middleware import PUBLIC_POLICY

    # Wagtail would redirect /documents/ to the bucket URL, which outlives the privacy check of a
    # restricted collection: stream documents through the app, as on the local disk.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"
    # Images now come from the bucket (or its CDN), not from our own host: the pages' CSP must allow it.
    GONGKAI_CSP_PUBLIC = PUBLIC_POLICY.replace(
        "img-src 'self' data:",
        " ".join(["img-src 'self' data:", *public_media_origins(STORAGES["default"]["OPTIONS"])]),
    )
# --- end storage ---
