"""Skillgap settings. Every value that differs between machines comes from the environment, here."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. It is required when DJANGO_DEBUG is off: "
            "set it to a long random string (see .env.example)."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production-0123456789"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "accounts.apps.SiteAdminConfig",  # django.contrib.admin, its password change throttled
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "accounts",
    "market",
    "assessments",
]

# The header middlewares come first, so that responses made above the rest get their headers
# too: static files (WhiteNoise answers them itself) and a 400 for a host not allowed.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "accounts.middleware.AuthenticationMiddleware",
    "accounts.middleware.PersonalResponsesNotStoredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any view or process_view (CSRF's reads the body): refuses oversized bodies unread.
    "accounts.middleware.OversizedBodyRefusedMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"

# Django's database sessions and model backend, the session and its user read in one
# plain-SQL query (accounts/sessions.py, accounts/middleware.py): their two ORM queries were
# half of what a signed-in page served from the cache cost (bench/RESULTS.md). The sessions
# live in accounts_session (Django's rows plus the user's id); django.contrib.sessions stays
# installed for `clearsessions`. One backend only: a second would hash every wrong password
# twice.
SESSION_ENGINE = "accounts.sessions"
AUTHENTICATION_BACKENDS = ["accounts.backends.AccountBackend"]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "market.page_cache.shared_render_context",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# An exported but empty DATABASE_URL must mean "the default", not an empty config.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Production shares one Redis between its processes (cached pages, log-in limits); without
# REDIS_URL (`make run`) each process keeps its own cache in memory. Cached pages are keyed by
# versions read from the database (market/page_cache.py), so no process serves a stale one.
REDIS_URL = os.environ.get("REDIS_URL", "")
LOCAL_MEMORY_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "skillgap",
        }
        if REDIS_URL
        else {**LOCAL_MEMORY_CACHE, "LOCATION": "skillgap"}
    ),
    # This process's copy of entries that never change once written (keys hold versions):
    # reading a page from Redis cost more CPU than the rest of the request.
    "local": {**LOCAL_MEMORY_CACHE, "LOCATION": "skillgap-local", "OPTIONS": {"MAX_ENTRIES": 500}},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# How long a password-reset link works (and it works once: a new password voids it).
PASSWORD_RESET_TIMEOUT = 60 * 60

LOGIN_URL = "login"
# Home for a signed-in person: their report, which sends someone without a target yet on to
# onboarding (with why). A safe ?next= wins (LoginView checks it stays on this site).
LOGIN_REDIRECT_URL = "assessments:report"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Public pages (/, /market/...) served from the cache under the market version, personal ones
# (/skills/, /report/, /plan/) under the person's too (see market/page_cache.py and
# assessments/page_cache.py); SKILLGAP_PAGE_CACHE=0 renders every request. Anonymous responses may
# be kept by browsers and shared caches for PUBLIC_PAGE_MAX_AGE seconds.
PAGE_CACHE = env_bool("SKILLGAP_PAGE_CACHE", True)
PUBLIC_PAGE_MAX_AGE = 60

# Uploads through the admin's "Refresh market data" page; larger files go through the command.
MARKET_UPLOAD_MAX_BYTES = env_int("SKILLGAP_UPLOAD_MAX_MB", 50) * 1024 * 1024
# A form body over this is refused before any view reads it (accounts.views.bad_request, the
# 400 page). Well above the largest body a valid form sends (a 50,000-character paste, each
# character up to 9 bytes percent-encoded: ~450 KB), so a paste over a form's own limit gets
# that form's message, which keeps the text and counts its characters.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# A strict Content-Security-Policy: our own origin only, no inline code, no eval.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# The client address that per-address limits count (accounts/throttling.py): the number of
# reverse proxies in front of the app that append to X-Forwarded-For. 0 trusts no header.
CLIENT_IP_PROXY_COUNT = env_int("SKILLGAP_PROXY_COUNT", 0)
if CLIENT_IP_PROXY_COUNT < 0:
    raise ImproperlyConfigured("SKILLGAP_PROXY_COUNT must be 0 or more.")

# Mail (password resets): the console in development, SMTP in production (or wherever
# DJANGO_EMAIL_HOST is set); the server comes from the environment.
smtp_backend = "django.core.mail.backends.smtp.EmailBackend"
email_host = os.environ.get("DJANGO_EMAIL_HOST", "").strip()
mailer_backend = os.environ.get("DJANGO_EMAIL_BACKEND") or (
    smtp_backend if email_host or not DEBUG else "accounts.mail.ConsoleBackend"
)
MAILERS = {"default": {"BACKEND": mailer_backend}}
if mailer_backend == smtp_backend:
    smtp_tls = env_bool("DJANGO_EMAIL_USE_TLS", False)
    smtp_ssl = env_bool("DJANGO_EMAIL_USE_SSL", False)
    if smtp_tls and smtp_ssl:
        raise ImproperlyConfigured(
            "DJANGO_EMAIL_USE_TLS and DJANGO_EMAIL_USE_SSL are both on: use TLS (STARTTLS, "
            "usually port 587) or SSL (implicit TLS, usually port 465), not both."
        )
    MAILERS["default"]["OPTIONS"] = {
        "host": email_host or "localhost",
        "port": env_int("DJANGO_EMAIL_PORT", 465 if smtp_ssl else 587 if smtp_tls else 25),
        "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
        "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
        "use_tls": smtp_tls,
        "use_ssl": smtp_ssl,
        "timeout": 10,  # seconds: a mail server that hangs must not hold a worker
    }
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL") or "Skillgap <noreply@localhost>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie: forms post the token, htmx sends it from base.html's hx-headers.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Production is served over HTTPS. DJANGO_HTTPS=0 is only for trying the production set-up
# on http://127.0.0.1 (`make serve`): no redirect, no HSTS, cookies sent over plain HTTP.
HTTPS = env_bool("DJANGO_HTTPS", True)
if not DEBUG and HTTPS:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
