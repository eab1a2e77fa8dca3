"""Hongyi's one settings module, configured from the environment.

See docs/configuration.md for every variable. Defaults suit a demo on one machine;
production sets DEBUG=false, HTTPS=true, SECRET_KEY and ALLOWED_HOSTS.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from config.env import (
    env_bool,
    env_database,
    env_date,
    env_ed25519_key,
    env_fernet_keys,
    env_int,
    env_ints,
    env_list,
    env_rates,
    env_replica_database,
    env_secret_key,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("HONGYI_DATA_DIR") or BASE_DIR / "data")

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_secret_key("SECRET_KEY", fallback_file=DATA_DIR / "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",  # so the API docs use the vendored Swagger UI, not a CDN
    "django_tables2",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "core",
    "ledger",
    "volunteers",
    "stations",
    "events",
    "wishes",
    "reports",
    "exchange",
    "notices",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "core.auth_middleware.AuthenticationMiddleware",
    "core.passes.PassMiddleware",  # the check-in scan's login passes
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.csp.CSPMiddleware",  # django-csp for pages, a fixed policy for JSON
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": env_database("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'hongyi.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE makes a writer take the
    # lock when its transaction begins, so concurrent writers queue (up to the timeout)
    # instead of failing half-way with "database is locked".
    # Tests use a file too: threads in concurrency tests must meet real WAL locking,
    # which an in-memory database (shared-cache table locks) does not have.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-hongyi.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }

# A read replica for statistics and reports (docs/deployment.md); tests mirror the primary.
if replica := env_replica_database("DATABASE_REPLICA_URL", primary=DATABASES["default"]):
    DATABASES["replica"] = replica
DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Database sessions (revocable: logging out ends them everywhere), read without the
# ORM's per-request compile (core/sessions.py).
SESSION_ENGINE = "core.sessions"

# --- Users ------------------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["volunteers.auth.VolunteerAwareBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time ---------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files: served by the app itself (no CDN on a county intranet) --------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Tests and a fresh checkout render pages before collectstatic has run.
WHITENOISE_MANIFEST_STRICT = False
# WhiteNoise warns about a missing STATIC_ROOT before the first collectstatic.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Uploads (wish photos, seals, certificate batches); a shared volume when several hosts serve.
MEDIA_ROOT = Path(env_str("HONGYI_MEDIA_DIR") or DATA_DIR / "media")
MEDIA_URL = "media/"

# --- Background work ----------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Volunteers: identity, consent, imports (docs/volunteers.md) -------------------------------
# ID numbers are encrypted with HONGYI_ID_KEY and found by an HMAC with HONGYI_ID_HASH_KEY.
HONGYI_ID_KEYS = env_fernet_keys("HONGYI_ID_KEY", fallback_file=DATA_DIR / "id_key")
HONGYI_ID_HASH_KEY = env_secret_key(
    "HONGYI_ID_HASH_KEY", fallback_file=DATA_DIR / "id_hash_key", min_length=32
)
HONGYI_PRIVACY_POLICY_VERSION = env_str("HONGYI_PRIVACY_POLICY_VERSION", "2026-01")
# Under 14 a guardian always consents (PIPL Art.31); 14-17 follows the Youth League's rules.
HONGYI_GUARDIAN_CONSENT_14_17 = env_bool("HONGYI_GUARDIAN_CONSENT_14_17", default=True)
HONGYI_IMPORT_MAX_BYTES = env_int(
    "HONGYI_IMPORT_MAX_BYTES", default=10 * 1024 * 1024, minimum=1024, maximum=100 * 1024 * 1024
)
HONGYI_IMPORT_MAX_ROWS = env_int("HONGYI_IMPORT_MAX_ROWS", default=50_000, minimum=1)

# --- Security -------------------------------------------------------------------------------
HTTPS = env_bool("HTTPS", default=False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = False
BEHIND_PROXY = env_bool("BEHIND_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a one-way door for a county domain; opt in deliberately.
    "security.W021",
]

# --- Cache, rate limits and the Content-Security-Policy ---------------------------------------
REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
RATELIMIT_VIEW = "core.ratelimits.rate_limited"
if BEHIND_PROXY:
    RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"  # set by the reverse proxy, not by the client
HONGYI_RATE_LOGIN = env_str("HONGYI_RATE_LOGIN", "10/m")
HONGYI_RATE_REGISTER = env_str("HONGYI_RATE_REGISTER", "5/m")
HONGYI_RATE_SCAN = env_str("HONGYI_RATE_SCAN", "30/m")
HONGYI_RATE_VERIFY = env_str("HONGYI_RATE_VERIFY", "60/m")
# Filing a wish without an account: per IP and per phone number; following one by its code.
HONGYI_RATE_WISH_IP = env_str("HONGYI_RATE_WISH_IP", "20/h")
HONGYI_RATE_WISH_PHONE = env_str("HONGYI_RATE_WISH_PHONE", "5/h")
HONGYI_RATE_FOLLOW = env_str("HONGYI_RATE_FOLLOW", "30/m")

# Scripts only from our own static files: no inline script, no CDN. Styles may be inline
# (a few style attributes); images may be data: URIs (QR codes).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Logging: to stderr, where gunicorn and systemd collect it ----------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "not_a_refusal": {
            "()": "django.utils.log.CallbackFilter",
            "callback": "ext://core.logs.not_a_refusal",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint logs every layout step of every PDF at INFO; keep its warnings only.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # A 409 is a refusal the user was meant to get, not a warning (core/logs.py).
        "django.request": {"filters": ["not_a_refusal"]},
    },
}

# --- Hongyi ---------------------------------------------------------------------------
HONGYI_COUNTY_CODE = env_str("HONGYI_COUNTY_CODE", "130131")
# The public base URL of every printed link (core/links.py); HONGYI_SITE_URL is its old name.
HONGYI_PUBLIC_URL = env_url("HONGYI_PUBLIC_URL", fallback=env_str("HONGYI_SITE_URL"))

# Ledger policies (2020 records rules; star levels from the 2012 rules, now a setting).
HONGYI_DAILY_CAP_MINUTES = env_int("HONGYI_DAILY_CAP_MINUTES", default=12 * 60, maximum=24 * 60)
HONGYI_MIN_SESSION_MINUTES = env_int("HONGYI_MIN_SESSION_MINUTES", default=10, maximum=240)
HONGYI_RECORD_DEADLINE_WORKING_DAYS = env_int(
    "HONGYI_RECORD_DEADLINE_WORKING_DAYS", default=10, minimum=1, maximum=60
)
HONGYI_STAR_THRESHOLDS_HOURS = env_ints("HONGYI_STAR_THRESHOLDS_HOURS", "100,300,600,1000,1500")

# Certificates (志愿服务证明): the default issuing unit, until staff enter one in the admin.
HONGYI_ISSUER_NAME = env_str("HONGYI_ISSUER_NAME", "平山县新时代文明实践中心")
HONGYI_ISSUER_PERSON = env_str("HONGYI_ISSUER_PERSON", "平山县文明办")
HONGYI_ISSUER_CONTACT = env_str("HONGYI_ISSUER_CONTACT", "")
# Processes that render a certificate batch's parts side by side (one per core).
HONGYI_BATCH_PROCESSES = env_int("HONGYI_BATCH_PROCESSES", default=2, minimum=1, maximum=32)
# Red-station check-in (docs/stations.md). Each anti-fraud rule is a setting.
HONGYI_GEOFENCE_RADIUS_M = env_int("HONGYI_GEOFENCE_RADIUS_M", default=500, maximum=50_000)
HONGYI_KIOSK_WINDOW_SECONDS = env_int(
    "HONGYI_KIOSK_WINDOW_SECONDS", default=30, minimum=10, maximum=600
)
HONGYI_UNDO_MINUTES = env_int("HONGYI_UNDO_MINUTES", default=5, maximum=60)
HONGYI_SESSION_MAX_HOURS = env_int("HONGYI_SESSION_MAX_HOURS", default=12, minimum=1, maximum=24)
HONGYI_SCANS_PER_MINUTE_LIMIT = env_int(
    "HONGYI_SCANS_PER_MINUTE_LIMIT", default=20, minimum=2, maximum=1000
)
HONGYI_RESCANS_PER_HOUR_LIMIT = env_int(
    "HONGYI_RESCANS_PER_HOUR_LIMIT", default=3, minimum=1, maximum=100
)

# Events (docs/events.md): a volunteer may cancel a shift until this many hours before it.
HONGYI_SHIFT_CANCEL_HOURS = env_int("HONGYI_SHIFT_CANCEL_HOURS", default=24, maximum=24 * 14)
# A series may not expand to more occurrences than this (an RRULE must also end).
HONGYI_SERIES_MAX_OCCURRENCES = env_int(
    "HONGYI_SERIES_MAX_OCCURRENCES", default=400, minimum=1, maximum=5000
)
# Event types whose performing teams' members earn the event's duration.
HONGYI_EVENT_CREDIT_KINDS = tuple(
    kind.strip()
    for kind in env_str("HONGYI_EVENT_CREDIT_KINDS", "performance,rehearsal,chorus").split(",")
    if kind.strip()
)

# Wishes, visitors' requests and citizen reports (docs/wishes.md).
HONGYI_WISH_AUTO_CONFIRM_DAYS = env_int(
    "HONGYI_WISH_AUTO_CONFIRM_DAYS", default=7, minimum=1, maximum=90
)
HONGYI_WISH_PHOTO_MAX_BYTES = env_int(
    "HONGYI_WISH_PHOTO_MAX_BYTES", default=10 * 1024 * 1024, minimum=100_000, maximum=50 * 1024**2
)
HONGYI_WISH_PHOTOS_MAX = env_int("HONGYI_WISH_PHOTOS_MAX", default=3, minimum=1, maximum=10)
# Exchange (docs/exchange.md): national files, transfer packages signed with the county's key.
HONGYI_COUNTY_NAME = env_str("HONGYI_COUNTY_NAME", "平山县")
HONGYI_SIGNING_KEY = env_ed25519_key(
    "HONGYI_SIGNING_KEY", fallback_file=DATA_DIR / "signing_key.pem"
)
HONGYI_EXCHANGE_IMPORT_MAX_BYTES = env_int(
    "HONGYI_EXCHANGE_IMPORT_MAX_BYTES",
    default=50 * 1024 * 1024,
    minimum=1024,
    maximum=500 * 1024 * 1024,
)
HONGYI_EXCHANGE_IMPORT_MAX_ROWS = env_int(
    "HONGYI_EXCHANGE_IMPORT_MAX_ROWS", default=500_000, minimum=1, maximum=5_000_000
)
# Points (docs/points.md): per hour of confirmed service, by program, and for wishes.
HONGYI_POINTS_PER_HOUR = env_int("HONGYI_POINTS_PER_HOUR", default=10, maximum=10_000)
HONGYI_POINTS_PROGRAM_RATES = env_rates("HONGYI_POINTS_PROGRAM_RATES")
HONGYI_POINTS_WISH_RATE = env_int("HONGYI_POINTS_WISH_RATE", default=20, maximum=10_000)
HONGYI_POINTS_SINCE = env_date("HONGYI_POINTS_SINCE")
HONGYI_PICKUP_DAYS = env_int("HONGYI_PICKUP_DAYS", default=30, minimum=1, maximum=365)
# Notices (docs/notices.md): email through Django's framework, SMS through a provider class.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "平山红驿 <noreply@localhost>")
HONGYI_SMS_PROVIDER = env_str("HONGYI_SMS_PROVIDER", "notices.channels.sms.ConsoleSmsProvider")
HONGYI_SMS_SIGNATURE = env_str("HONGYI_SMS_SIGNATURE", "【平山红驿】")
# Provider credentials (Aliyun / Tencent adapters); a secret may come from a *_FILE path.
HONGYI_SMS_ACCESS_KEY_ID = env_str("HONGYI_SMS_ACCESS_KEY_ID")
HONGYI_SMS_ACCESS_KEY_SECRET = env_str("HONGYI_SMS_ACCESS_KEY_SECRET")
HONGYI_SMS_SIGN_NAME = env_str("HONGYI_SMS_SIGN_NAME", "平山红驿")
HONGYI_SMS_TEMPLATE_CODE = env_str("HONGYI_SMS_TEMPLATE_CODE")
HONGYI_SMS_APP_ID = env_str("HONGYI_SMS_APP_ID")
HONGYI_NOTICE_BATCH = env_int("HONGYI_NOTICE_BATCH", default=500, minimum=1, maximum=10_000)
HONGYI_NOTICE_STATION_DAYS = env_int("HONGYI_NOTICE_STATION_DAYS", default=30, minimum=1)
