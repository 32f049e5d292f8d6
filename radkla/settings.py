"""radkla settings: one module, every value from the environment.

Zero-setup defaults give a local SQLite database under RADKLA_DATA_DIR;
DATABASE_URL switches to PostgreSQL. Production differs only by env values.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import django_stubs_ext
import environ

# Lets admin classes be written ModelAdmin[Model] for the type checker.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent

env = environ.Env()

DATA_DIR = Path(env.str("RADKLA_DATA_DIR", default=str(Path.home() / ".radkla"))).expanduser()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in DATA_DIR.

    A key kept beside the database is safe for a local install and keeps sessions
    valid across restarts; servers set SECRET_KEY (or SECRET_KEY_FILE) instead.
    """
    key: str = env.str("SECRET_KEY", default="")
    if key:
        return key
    if key_file := env.str("SECRET_KEY_FILE", default=""):
        return Path(key_file).read_text(encoding="utf-8").strip()
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A refused form gets the site's own page, in Indonesian, not Django's bare one.
CSRF_FAILURE_VIEW = "radkla.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Counts failed logins and locks out (after the auth apps: it uses their models).
    "axes",
    "django_htmx",
    # The REST API's framework; its app serves the API docs' assets from the package.
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "radkla",
    "radkla.audittrail",
    "radkla.regions",
    "radkla.plan",
    "radkla.accounts",
    "radkla.monitoring",
    "radkla.meetings",
    "radkla.achievement",
    "radkla.reports",
    "radkla.evaluation",
    "radkla.opendata",
    "radkla.nation",
    "radkla.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "radkla.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A NUL character anywhere in a request: 400 before any view (PostgreSQL cannot store it).
    "radkla.middleware.RefuseNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Content-Security-Policy on every response (the policy: CONTENT_SECURITY_POLICY).
    "csp.middleware.CSPMiddleware",
    # Cache-Control: no-store on what a signed-in user is served.
    "radkla.middleware.NoStoreForSignedInMiddleware",
    # A reader of several cities who named no plan is offered the list.
    "radkla.middleware.PlanChoiceMiddleware",
    # Last: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "radkla.urls"
WSGI_APPLICATION = "radkla.wsgi.application"

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
                "radkla.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{(DATA_DIR / 'radkla.sqlite3').as_posix()}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers keep working while an import writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            # Writers queue for the lock at BEGIN instead of failing mid-transaction
            # with "database is locked" when several agencies save at once.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
# Keep connections between requests: opening one (and, on SQLite, its PRAGMAs) per
# request costs more than most radkla pages do.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2id (OWASP's m=19 MiB, t=2, p=1: accounts/hashers.py) for new and re-saved
# passwords; PBKDF2 and Django's heavier Argon2 parameters still verify older hashes,
# which are re-made with these at the next successful login.
PASSWORD_HASHERS = [
    "radkla.accounts.hashers.RadklaArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "start"  # each role's start page (accounts/landing.py)
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout: this many failed logins for one user from one address lock that pair
# out for the cool-off; a successful login clears the count.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
_cooloff_minutes = env.int("AXES_COOLOFF_MINUTES", default=30)
# 0: locked until someone deletes the attempt in the admin (or `radkla axes_reset`).
AXES_COOLOFF_TIME = timedelta(minutes=_cooloff_minutes) if _cooloff_minutes > 0 else None
# The pair, not the address alone: colleagues share an office's public address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind nginx every request comes from the proxy's address, so a lockout would
# hit the user from everywhere. With TRUST_X_FORWARDED_FOR the client is the
# right-most X-Forwarded-For entry, the one the proxy appended itself. Only when
# radkla is reachable through the proxy alone: otherwise a client could name any
# address. Without it, the header is ignored.
TRUST_X_FORWARDED_FOR = env.bool("TRUST_X_FORWARDED_FOR", default=False)
if TRUST_X_FORWARDED_FOR:
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
# The login page itself, with the reason, instead of a bare text response.
AXES_LOCKOUT_CALLABLE = "radkla.accounts.views.lockout_response"

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="id")
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Moments are stored in UTC (USE_TZ); pages, downloads and commands show them in this
# zone with its name: Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT).
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns about a missing root
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve straight from the installed packages when collectstatic has not run.
WHITENOISE_USE_FINDERS = True
# Evidence files (bukti dukung): outside the static tree, served only through a
# permission-checked view, under random names.
MEDIA_ROOT = DATA_DIR / "uploads"
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_MB", default=20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Whole-page forms post one field per cell: the secretariat's Anggaran page has 7 per
# action (Cilegon: 177 actions, 1,240 fields), the grid 11 per measure. Django's 1,000
# would refuse them; the memory limit above still bounds a request.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000
# A plan with more measures than this has its laporan and workbook built as a
# background job, the Reports page showing progress (Cilegon has 195).
REPORT_BACKGROUND_MEASURES = env.int("REPORT_BACKGROUND_MEASURES", default=600)
# An evidence package of more files than this is built as a background job too.
PACKAGE_BACKGROUND_FILES = env.int("PACKAGE_BACKGROUND_FILES", default=50)

# Background jobs go through django-tasks (the backport of Django 6's django.tasks):
# queued in the database by default (no extra server; `radkla worker` runs them, and
# `radkla serve` starts one), in Redis through RQ when RADKLA_REDIS_URL is set.
REDIS_URL = env.str("RADKLA_REDIS_URL", default="")
if REDIS_URL:
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Sessions end with the working day (8 hours, counted from login) and, by
# default, when the browser closes: offices share computers.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
SESSION_SAVE_EVERY_REQUEST = False  # a fixed end, not one pushed back by every click
SESSION_COOKIE_HTTPONLY = True

# HTTPS. SECURE_COOKIES=true (a server behind HTTPS) turns on all of it; the
# defaults keep the local install and the demo working over plain http.
SECURE_COOKIES = env.bool("SECURE_COOKIES", default=False)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SECURE_COOKIES)
# Behind nginx the app sees http; trust the proxy's X-Forwarded-Proto instead
# (only when the proxy sets it, or a client could claim https).
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env.bool("SECURE_PROXY_SSL_HEADER", default=False)
    else None
)
# HSTS: browsers then refuse plain http for a year; only sent over HTTPS.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if SECURE_COOKIES else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=SECURE_COOKIES)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=SECURE_COOKIES)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Only radkla's own scripts, styles and images run: no inline script or style, no
# eval, no plugins, no framing, forms post to radkla only. Inline SVG charts use
# presentation attributes (fill=, stroke=), which the policy allows.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Whom a locked-out user should contact, shown on the login page beside the
# secretariat (e.g. "Sekretariat Gugus Tugas KLA, DP3AP2KB, telp. 0254-000000").
RADKLA_CONTACT = env.str("RADKLA_CONTACT", default="")

# Open data (`radkla opendata export`): the licence named in datapackage.json (an SPDX
# id such as CC-BY-4.0, CC0-1.0, ODbL-1.0), and the CKAN portal (Satu Data) the
# package is pushed to with `radkla opendata push` or `export --ckan`.
RADKLA_OPENDATA_LICENSE = env.str("RADKLA_OPENDATA_LICENSE", default="CC-BY-4.0")
RADKLA_CKAN_URL = env.str("RADKLA_CKAN_URL", default="")
RADKLA_CKAN_API_KEY = env.str("RADKLA_CKAN_API_KEY", default="")
RADKLA_CKAN_DATASET = env.str("RADKLA_CKAN_DATASET", default="")
RADKLA_CKAN_ORG = env.str("RADKLA_CKAN_ORG", default="")

# Set by `radkla demo`: every page then carries a "demo data" banner.
RADKLA_DEMO = env.bool("RADKLA_DEMO", default=False)

# Reminders go out by SMTP on a server; locally (and in the demo) they are printed.
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.smtp.EmailBackend"
        if env.str("EMAIL_HOST", default="")
        else "django.core.mail.backends.console.EmailBackend"
    ),
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="radkla <radkla@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
