"""Settings shared by every environment; each value can come from the environment."""

import os
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from config.settings.environment import BASE_DIR, env, env_secret, site_url
from config.settings.schedule import beat_schedule

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env_secret("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "simple_history",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "calendars",
    "org",
    "clients",
    "contracts",
    "claims",
    "handoffs",
    "approvals",
    "dashboards",
    "library",
    "accounting",
    "search",
    "intake",
    "staffing",
    "reports",
    "webhooks",
    "api",
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "org.middleware.UkrainianByDefaultLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so that it sees the views' exceptions first.
    "org.middleware.ProductErrorPagesMiddleware",
]

# `make bench` only: each response says how many SQL queries it took (bench/middleware.py).
BENCH_QUERY_COUNT = env.bool("BENCH_QUERY_COUNT", default=False)
if BENCH_QUERY_COUNT:
    MIDDLEWARE.insert(0, "bench.middleware.QueryCountMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Typed as what they are, nested dictionaries the environments' settings amend.
TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "org.context_processors.navigation",
            ],
        },
    },
]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The covering indexes' INCLUDE columns serve PostgreSQL; SQLite (the embedded default)
# builds the indexes without them, as intended, so its warning says nothing to act on.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "org.backends.UserWithRolesBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in lockout (django-axes, org.lockout), counted over the cool-off window (an hour)
# and kept in the database, so every web process sees it:
# - 5 failures for one user name from one address lock that pair: a person who mistypes
#   is not locked out elsewhere, and nobody locks a colleague out from another address;
# - 20 failures from one address, whatever the user names, lock the address: guessing
#   across many accounts (44 tries on 11 names) stops, and an office behind one NAT
#   address still has room for its people's typos;
# - 50 failures on one account, from all addresses together, lock the account: a spread
#   attack gets at most 50 guesses an hour, within OWASP ASVS 2.2.1 (at most 100).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
LOCKOUT_FAILURES_PER_ADDRESS = env.int("LOCKOUT_FAILURES_PER_ADDRESS", default=20)
LOCKOUT_FAILURES_PER_ACCOUNT = env.int("LOCKOUT_FAILURES_PER_ACCOUNT", default=50)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "org.lockout.LockoutHandler"
# The client's address: REMOTE_ADDR, or X-Forwarded-For when the request comes from one
# of these proxies (comma-separated IPs or CIDR networks; empty: no proxy is trusted).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "org.client_address.client_ip_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", _("Ukrainian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads (agreement documents, attachments) are never served as static files:
# they are downloaded through views that check who may see them.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Case desk <casedesk@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = site_url(os.environ)

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 60 * 60 * 12

REDIS_URL = env.str("REDIS_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Celery. Without a broker the embedded default runs every task in the calling
# process, so `make run` needs nothing but Python.
# An empty value counts as unset, so `CELERY_BROKER_URL=` in a .env file falls back to Redis.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or REDIS_URL
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    # Eager tasks still build a producer; an in-memory transport keeps it from
    # looking for a broker on localhost.
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE

# Whether Ukraine's public holidays stop the working-time clocks (claim SLAs, hand-off due
# times). Under martial law (law 2136-IX, in force since 2022) they are working days, so the
# default is no; set HOLIDAYS_ARE_DAYS_OFF=true once the law no longer applies.
HOLIDAYS_ARE_DAYS_OFF = env.bool("HOLIDAYS_ARE_DAYS_OFF", default=False)
# Tasks are idempotent, so acknowledge them only after they ran: a worker that dies
# mid-task leaves the message for another worker instead of losing it.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
# Above the longest task's hard limit, so a running task is never delivered twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": 5,
    "socket_timeout": 10,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 5
# Web requests publish with this socket timeout (seconds) and no retries; what fails
# stays in the outbox for the periodic sweep (org.tasks_queue.enqueue_on_commit).
CELERY_WEB_PUBLISH_TIMEOUT = env.float("CELERY_WEB_PUBLISH_TIMEOUT", default=1.0)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# Webhooks (`webhooks`, docs/WEBHOOKS.md). Hosts the desk may POST to, comma-separated
# ("hooks.example.com", or ".example.com" for a domain and its subdomains); empty: none.
WEBHOOK_ALLOWED_HOSTS = env.list("WEBHOOK_ALLOWED_HOSTS", default=[])
WEBHOOK_CONNECT_TIMEOUT = env.float("WEBHOOK_CONNECT_TIMEOUT", default=5.0)
WEBHOOK_READ_TIMEOUT = env.float("WEBHOOK_READ_TIMEOUT", default=10.0)
# Failed attempts are retried, doubling from the base up to the maximum wait (seconds,
# with jitter), for this many hours after the event; then the delivery is failed.
WEBHOOK_RETRY_HOURS = env.float("WEBHOOK_RETRY_HOURS", default=24.0)
WEBHOOK_RETRY_BASE_SECONDS = env.float("WEBHOOK_RETRY_BASE_SECONDS", default=30.0)
WEBHOOK_RETRY_MAX_SECONDS = env.float("WEBHOOK_RETRY_MAX_SECONDS", default=3600.0)
WEBHOOK_SWEEP_SECONDS = env.float("WEBHOOK_SWEEP_SECONDS", default=30.0)
# One relay run stops taking new deliveries after this long (the task's time limit is 240 s).
WEBHOOK_RELAY_BUDGET_SECONDS = env.float("WEBHOOK_RELAY_BUDGET_SECONDS", default=120.0)
WEBHOOK_OUTBOX_KEEP_DAYS = env.int("WEBHOOK_OUTBOX_KEEP_DAYS", default=7)
WEBHOOK_DELIVERY_KEEP_DAYS = env.int("WEBHOOK_DELIVERY_KEEP_DAYS", default=30)
# Wake the relay when a transaction with events commits. Only with a broker: eager tasks
# would POST inside the user's request; the embedded default relays on the sweep.
WEBHOOK_RELAY_ON_COMMIT = env.bool("WEBHOOK_RELAY_ON_COMMIT", default=not CELERY_TASK_ALWAYS_EAGER)
# Slow receivers must not hold up e-mails and warnings: the relay has a queue (and, in
# docker-compose.yml, a worker) of its own.
CELERY_TASK_ROUTES = {"webhooks.tasks.*": {"queue": "webhooks"}}

# Expiry warnings go out between these local hours [start, end): the daily job at the
# start hour, the catch-up run every EXPIRY_CATCH_UP_SECONDS until the end hour.
EXPIRY_WARNING_HOURS = env.list("EXPIRY_WARNING_HOURS", cast=int, default=[7, 20])
EXPIRY_CATCH_UP_SECONDS = env.float("EXPIRY_CATCH_UP_SECONDS", default=600.0)
# The periodic jobs: config/settings/schedule.py.
CELERY_BEAT_SCHEDULE = beat_schedule(
    expiry_hour=EXPIRY_WARNING_HOURS[0],
    expiry_catch_up_seconds=EXPIRY_CATCH_UP_SECONDS,
    webhook_sweep_seconds=WEBHOOK_SWEEP_SECONDS,
)
# Days before a contract's notice deadline at which its manager is warned.
CONTRACT_EXPIRY_WARNING_DAYS = env.list(
    "CONTRACT_EXPIRY_WARNING_DAYS", cast=int, default=[90, 30, 7]
)
# Days after a document version's approval when those who have not read it are reminded.
LIBRARY_REMINDER_AFTER_DAYS = env.int("LIBRARY_REMINDER_AFTER_DAYS", default=3)
# Still overdue this many WORKING hours (on the item's calendar) after its due time: the
# executive director hears. 9: a working day on the company's calendar (24 on a 24/7 one
# would be a day too, but the one setting speaks of the company's day).
ESCALATION_DIRECTOR_AFTER_HOURS = env.int("ESCALATION_DIRECTOR_AFTER_HOURS", default=9)

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint logs each step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Claim SLA by priority when the contract sets none: (respond within, fix within) WORKING
# hours on the contract's calendar (`claims.sla`). On the company's 9-hour day they keep
# the spirit of the old wall-clock defaults: a critical claim is answered within the hour
# and fixed the same working day; high — 2 h, by the next working day (9 h); normal —
# 4 h, within three working days (27 h); low — 9 h (a working day), within a working week
# (45 h). On a 24/7 contract working hours are wall hours, so its contract sets its own
# (the demo's security contract does).
CLAIM_SLA_DEFAULTS = {
    "critical": (1, 8),
    "high": (2, 9),
    "normal": (4, 27),
    "low": (9, 45),
}
# A claim waiting for the client longer than this many working days reminds its manager,
# once a wait (`claims.tasks.remind_waiting_claims`).
CLAIM_WAITING_REMINDER_DAYS = env.int("CLAIM_WAITING_REMINDER_DAYS", default=3)

# Mail intake: the support mailboxes (comma-separated imaps://user:password@host/INBOX URLs,
# see intake/config.py), the password of those without one, the size limit and the category.
INTAKE_IMAP_URLS = env.list("INTAKE_IMAP_URLS", default=[]) or env.list(
    "INTAKE_IMAP_URL", default=[]
)
INTAKE_IMAP_PASSWORD = env_secret("INTAKE_IMAP_PASSWORD", default="")
INTAKE_MAX_MESSAGE_BYTES = env.int("INTAKE_MAX_MESSAGE_MB", default=25) * 1024 * 1024
INTAKE_CLAIM_CATEGORY = env.str("INTAKE_CLAIM_CATEGORY", default="other")
# A claim opened by an e-mail answers it with the acknowledgement template, once, and never
# automatic mail (off unless set: the demo turns it on).
INTAKE_AUTO_ACKNOWLEDGE = env.bool("INTAKE_AUTO_ACKNOWLEDGE", default=False)
# Replies from the claim page come from this address (the support mailbox, so that the
# client's answers come back through the intake); its domain is in their Message-IDs.
CLAIM_REPLY_FROM_EMAIL = env.str("CLAIM_REPLY_FROM_EMAIL", default=DEFAULT_FROM_EMAIL)

# The company as its monthly client reports name it in their header.
COMPANY = {
    "name": env.str("COMPANY_NAME", default="ТОВ «Фасіліті Сервіс Україна»"),
    "edrpou": env.str("COMPANY_EDRPOU", default="32855961"),
    "address": env.str("COMPANY_ADDRESS", default="01001, м. Київ, вул. Хрещатик, 1"),
    "phone": env.str("COMPANY_PHONE", default="+380441234567"),
    "email": env.str("COMPANY_EMAIL", default="office@facility.example"),
}

# Extra-funds requests above this amount (UAH) also need the general director, after the executive.
APPROVALS_GENERAL_DIRECTOR_THRESHOLD = Decimal(
    env.str("APPROVALS_GENERAL_DIRECTOR_THRESHOLD", default="100000.00")
)

# The REST API (api/): personal tokens or the browser's session (with its CSRF check),
# JSON only, keyset pages, and each token throttled on its own (`api.throttling`).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.TokenScopePermission"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerTokenThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.KeysetPagination",
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Requests per token (or per signed-in session, or per address before sign-in), counted
# in the default cache: Redis in production, so every web process shares the counts.
API_THROTTLE_RATES = {
    "token": env.str("API_TOKEN_RATE", default="600/min"),
    "session": env.str("API_SESSION_RATE", default="600/min"),
    "anonymous": env.str("API_ANONYMOUS_RATE", default="60/min"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Case desk API",
    "DESCRIPTION": (
        "Clients, contracts, claims, hand-offs, comments and notifications of Case desk, "
        "through the same rules as its screens. Authenticate with a personal token "
        "(created on the notifications and settings page): `Authorization: Token cd_…`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {},
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SERVE_AUTHENTICATION": [
        "api.authentication.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
}
