"""Settings, read from the environment only.

Defaults suit a developer's laptop (SQLite file in the repository, DEBUG on).
Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent  # repository root
BACKEND_DIR = BASE_DIR / "backend"
PWA_DIR = BASE_DIR / "pwa"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (0/1), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG=0")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
# After a key rotation, the old keys (comma-separated) still verify sessions and invitation links.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", "")

# Key of the HMAC that turns a CCCD number into a recognisable but irreversible token.
# It must stay stable for the life of the data: changing it breaks duplicate detection.
CCCD_HASH_KEY = os.environ.get("CCCD_HASH_KEY", "") or SECRET_KEY

# Web Push (VAPID) for the members' phones: a returned record reaches its author. The public key is the
# base64url uncompressed P-256 point, the private key base64url of its 32 raw bytes (docs/production.md).
# Unset: no push; the phone shows the records to fix at its next sync.
WEBPUSH_VAPID_PUBLIC_KEY = os.environ.get("WEBPUSH_VAPID_PUBLIC_KEY", "")
WEBPUSH_VAPID_PRIVATE_KEY = os.environ.get("WEBPUSH_VAPID_PRIVATE_KEY", "")
WEBPUSH_VAPID_SUBJECT = os.environ.get("WEBPUSH_VAPID_SUBJECT", "mailto:admin@localhost")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "accounts.apps.CnscdAdminConfig",  # django.contrib.admin, for administrators only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "pwa",
    "csp",
    "axes",
    # project apps, one per domain concept
    "edge",
    "accounts",
    "orgunits",
    "periods",
    "teams",
    "catalog",
    "citizens",
    "records",
    "outreach",
    "indicators",
    "satisfaction",
    "audit",
    "demo",
    "field",
    "review",
    "onboarding",
    "reports",
    "ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.VietnameseFirstLocaleMiddleware",
    # Text normalised once as it comes in; unreadable parameters answered with a 400 (see edge).
    "edge.middleware.EdgeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ops.middleware.SessionAbsoluteExpiryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it can turn a refused sign-in into the lock-out page (see ops.lockout).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PWA_DIR / "templates", BACKEND_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while a sync writes; a busy timeout absorbs short write locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # A passphrase of ten characters is easy to type on a phone and out of reach of a short guess list.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The API's JSON bodies (edge.parsers): a sync batch of 200 records is a few hundred kB, four levels deep.
API_JSON_MAX_BYTES = env_int("API_JSON_MAX_BYTES", 2 * 1024 * 1024)
API_JSON_MAX_DEPTH = 16
CSRF_FAILURE_VIEW = "edge.errors.csrf_failure"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: Vietnamese by default, English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BACKEND_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [PWA_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Media (evidence photos) on disk by default; MEDIA_STORAGE=s3 puts them in an S3-compatible bucket.
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE not in {"filesystem", "s3"}:
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'filesystem' or 's3', got {MEDIA_STORAGE!r}")
if MEDIA_STORAGE == "s3" and not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME")
STORAGES = {
    "default": (
        {"BACKEND": "django.core.files.storage.FileSystemStorage"}
        if MEDIA_STORAGE == "filesystem"
        else {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", ""),
                "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
                "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
                "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
                "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
                # Personal data: private objects, reached only through short-lived signed URLs. Objects
                # are private unless an ACL or a bucket policy opens them, so no ACL is sent: buckets
                # with ACLs disabled (AWS's default since April 2023) refuse any upload that carries one.
                "default_acl": None,
                "querystring_auth": True,
                "querystring_expire": 300,
                # botocore still signs presigned URLs with SigV2 unless told otherwise; AWS buckets made
                # since June 2020 and some S3-compatible services refuse SigV2; SigV4 is accepted everywhere.
                "signature_version": "s3v4",
                "file_overwrite": False,
            },
        }
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: photos are bounded again when decoded; this only stops oversized bodies early.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000

# The cache lives in the database, so that every gunicorn worker (and server) shares it: the API
# token endpoint's throttle counts there (a per-worker memory cache would multiply the limit by the
# number of workers). Its table is made by `migrate` (ops/migrations) or `createcachetable`.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": os.environ.get("CACHE_TABLE", "cnscd_cache"),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "accounts.authentication.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Bounded in size and depth, text cleaned: see edge.parsers.
    "DEFAULT_PARSER_CLASSES": ["edge.parsers.BoundedJSONParser", "edge.parsers.CleanFormParser",
                               "edge.parsers.CleanMultiPartParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # One JSON error shape for the whole API: {"error": {"code", "message", "fields"}}.
    "EXCEPTION_HANDLER": "field.exceptions.api_exception_handler",
    "DEFAULT_THROTTLE_RATES": {"login": os.environ.get("LOGIN_THROTTLE_RATE", "10/min")},
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Tổ CNSCĐ API",
    "DESCRIPTION": "API of the community digital technology teams' field app.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # A session's kind and the kind a service stands for attending are one choice set: one name in the schema.
    "ENUM_NAME_OVERRIDES": {"SessionKindEnum": "catalog.models.SessionKind"},
}

# django-pwa: manifest and service worker served at the site root.
PWA_APP_NAME = "Tổ công nghệ số cộng đồng"
PWA_APP_DESCRIPTION = "Ghi nhận hỗ trợ người dân chuyển đổi số"
PWA_APP_THEME_COLOR = "#b71c1c"
PWA_APP_BACKGROUND_COLOR = "#ffffff"
PWA_APP_DISPLAY = "standalone"
PWA_APP_SCOPE = "/"
PWA_APP_START_URL = "/app/"
PWA_APP_ORIENTATION = "portrait"
PWA_APP_LANG = "vi"
PWA_APP_DIR = "ltr"
PWA_APP_DEBUG_MODE = False
PWA_SERVICE_WORKER_PATH = PWA_DIR / "static" / "field" / "serviceworker.js"
PWA_APP_ICONS = [
    {"src": "/static/field/icons/icon-192.png", "sizes": "192x192"},
    {"src": "/static/field/icons/icon-512.png", "sizes": "512x512"},
]
PWA_APP_ICONS_APPLE = [{"src": "/static/field/icons/icon-192.png", "sizes": "192x192"}]
PWA_APP_SPLASH_SCREEN = []

# Sessions: phones are shared and lost. A session ends after SESSION_COOKIE_AGE of inactivity
# (each request pushes the expiry forward) and, however busy, SESSION_ABSOLUTE_AGE after sign-in
# (ops.middleware.SessionAbsoluteExpiryMiddleware). A persistent cookie rather than "until the
# browser closes": an installed PWA is rarely closed, so that rule would never fire.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 4 * 60 * 60)
SESSION_ABSOLUTE_AGE = env_int("SESSION_ABSOLUTE_AGE", 12 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
# API tokens (scripts, integrations; the PWA itself uses the session) die as a session does at the
# latest: signing in again after API_TOKEN_AGE seconds issues a new one.
API_TOKEN_AGE = env_int("API_TOKEN_AGE", SESSION_ABSOLUTE_AGE)

# Security: strict in production, plain HTTP allowed on a developer's machine.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): same-origin scripts only, no inline script, no plugins, no
# framing. Inline styles stay allowed: the officer pages carry small <style> blocks and a style
# injection cannot run code. Photo previews in the PWA are data:/blob: URLs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *env_list("CSP_EXTRA_IMG_SRC", "")],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Sign-in lock-out (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username from
# one address, that pair is refused for AXES_COOLOFF_TIME. Per pair rather than per username so that
# a stranger cannot lock an officer out of their own desk. Password spraying (one address, one
# password, many accounts) locks the address itself once AXES_ADDRESS_ACCOUNT_LIMIT accounts have
# failures standing from it (ops.lockout.LockoutHandler): a higher, separate bar, because many
# phones share one carrier or village-hall address. Covers /login/, /admin/login/ and the API token
# endpoint: all three go through django.contrib.auth.authenticate() with the request.
AUTHENTICATION_BACKENDS = [
    "ops.auth.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "ops.lockout.LockoutHandler"
AXES_ADDRESS_ACCOUNT_LIMIT = env_int("AXES_ADDRESS_ACCOUNT_LIMIT", 10)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ops.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "ops.lockout.client_ip"
# The attempt log's username column is 255 characters: a longer "username" is cut before it gets there.
AXES_USERNAME_CALLABLE = "ops.lockout.client_username"
# Behind a reverse proxy, how many proxies append to X-Forwarded-For (0: trust REMOTE_ADDR only).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_VERBOSE = False
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused request (4xx) is logged in one line; tracebacks are for 5xx (see edge.logs).
    "filters": {"client_errors_without_traceback": {"()": "edge.logs.ClientErrorsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["client_errors_without_traceback"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
