"""GIR settings, driven by the environment (see .env.example).

SQLite is the embedded default; DATABASE_URL selects PostgreSQL. Production is
the default posture: debug and its conveniences are switched on explicitly.
"""

import os
from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("GIR_DEBUG")
# Development gets a fixed, clearly insecure key; production must set one.
SECRET_KEY = os.environ.get("GIR_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("GIR_SECRET_KEY must be set when GIR_DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("GIR_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("GIR_CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("GIR_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "gir.access.apps.GirAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",  # the widget templates, for FORM_RENDERER's template engine
    "django_htmx",
    "django_tasks_db",
    "crontask",
    "gir.core",
    "gir.accounts",
    "gir.access",
    "gir.audit",
    "gir.incidents",
    "gir.protocol",
    "gir.perpetrators",
    "gir.letters",
    "gir.police",
    "gir.damage",
    "gir.aftercare",
    "gir.reports",
    "gir.imports",
    "gir.learning",
    "gir.development",
    "gir.duties",
    "gir.home",
    "gir.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gir.core.middleware.OddInputMiddleware",  # NUL characters outside forms: a Dutch 400
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gir" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gir.home.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("GIR_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL and a busy timeout let the web process and a worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
# `{{ form.x.as_field_group }}` renders GIR's field component (components/field.html).
FORM_RENDERER = "gir.core.forms.FormRenderer"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "gir" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "gir" / "static"]
STORAGES = {
    # Evidence and photos: never under a public URL; served by access-checked views.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("GIR_MEDIA_ROOT", str(BASE_DIR / "var" / "files"))},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
WHITENOISE_USE_FINDERS = DEBUG

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # How far a long task is, told from inside its transaction (where a row it updated
    # would not show until the end): shared by the web server and the task worker on one
    # machine through files. More machines: point GIR_PROGRESS_DIR at shared storage.
    "progress": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("GIR_PROGRESS_DIR", str(BASE_DIR / "var" / "progress")),
        "TIMEOUT": 24 * 3600,
    },
}

# Evidence uploads (DESIGN §2.1).
GIR_EVIDENCE_MAX_BYTES = int(os.environ.get("GIR_EVIDENCE_MAX_MB", "50")) * 1024 * 1024
# Import of existing registrations (issue 7 item 4): at most this many rows per file.
GIR_IMPORT_MAX_ROWS = int(os.environ.get("GIR_IMPORT_MAX_ROWS", "50000"))
# An image with more pixels is refused (perpetrators' photos, evidence), whatever its size in
# bytes: decoding it would take that many pixels of memory (a decompression bomb).
GIR_IMAGE_MAX_PIXELS = int(os.environ.get("GIR_IMAGE_MAX_PIXELS", "100000000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# In development mail lands as files in var/outbox: the dev server's outbox.
_mail_backend = os.environ.get(
    "GIR_EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
if _mail_backend.endswith("smtp.EmailBackend"):
    _mail_options = {
        "host": os.environ.get("GIR_EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("GIR_EMAIL_PORT", "25")),
        "username": os.environ.get("GIR_EMAIL_HOST_USER", ""),
        "password": os.environ.get("GIR_EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("GIR_EMAIL_USE_TLS"),
    }
elif _mail_backend.endswith("filebased.EmailBackend"):
    _mail_options = {"file_path": os.environ.get("GIR_EMAIL_FILE_PATH", str(BASE_DIR / "var" / "outbox"))}
else:
    _mail_options = {}
MAILERS = {"default": {"BACKEND": _mail_backend, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = os.environ.get("GIR_FROM_EMAIL", "GIR <gir@localhost>")

# Background work (DESIGN §3): a database-backed queue, no broker. `manage.py db_worker`
# runs the tasks and `manage.py crontask` enqueues the periodic ones.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("GIR_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
CRONTASK = {"REDIS_URL": os.environ.get("GIR_CRONTASK_REDIS_URL") or None}

# Protocol reminders and escalation (DESIGN §2.2; 001 §10.3), in hours. The reminder
# goes this long before a step is due (at most half the step's time); each escalation
# this long after the deadline (or after the step was planned, if that was later).
GIR_REMINDER_HOURS_BEFORE = int(os.environ.get("GIR_REMINDER_HOURS_BEFORE", "24"))
GIR_ESCALATE_MANAGER_HOURS = int(os.environ.get("GIR_ESCALATE_MANAGER_HOURS", "24"))
GIR_ESCALATE_COORDINATOR_HOURS = int(os.environ.get("GIR_ESCALATE_COORDINATOR_HOURS", "72"))
GIR_ESCALATE_DIRECTOR_HOURS = int(os.environ.get("GIR_ESCALATE_DIRECTOR_HOURS", "168"))
# How often the scheduler looks for reminders to send (a crontab schedule).
GIR_NOTICE_SCHEDULE = os.environ.get("GIR_NOTICE_SCHEDULE", "*/5 * * * *")
# Measures start and end by their dates, and expired personal data is removed, daily.
GIR_MEASURE_SCHEDULE = os.environ.get("GIR_MEASURE_SCHEDULE", "5 0 * * *")
# An improvement action's owner is reminded this many days before its due date.
GIR_ACTION_REMINDER_DAYS = int(os.environ.get("GIR_ACTION_REMINDER_DAYS", "7"))
# When the tasks of the duties calendar are planned ahead (issue 8 item 5), after midnight.
GIR_DUTY_PLAN_SCHEDULE = os.environ.get("GIR_DUTY_PLAN_SCHEDULE", "15 0 * * *")
# The dashboard's pre-counted figures: changed months every few minutes, everything nightly.
GIR_FIGURES_SCHEDULE = os.environ.get("GIR_FIGURES_SCHEDULE", "*/3 * * * *")
GIR_FIGURES_REBUILD_SCHEDULE = os.environ.get("GIR_FIGURES_REBUILD_SCHEDULE", "40 2 * * *")
# Personal data of a perpetrator is removed this long after the last measure ended
# and the last linked incident closed (AVG: no longer than needed).
GIR_PERPETRATOR_RETENTION_DAYS = int(os.environ.get("GIR_PERPETRATOR_RETENTION_DAYS", str(2 * 365)))
# Besides reception, who is told of a new ban (comma-separated e-mail addresses).
GIR_BAN_NOTICE_RECIPIENTS = env_list("GIR_BAN_NOTICE_RECIPIENTS")
# The organisation as it appears on letters.
GIR_ORGANISATION_NAME = os.environ.get("GIR_ORGANISATION_NAME", "Gemeente Voorbeeldstad")
GIR_ORGANISATION_ADDRESS = os.environ.get("GIR_ORGANISATION_ADDRESS", "Postbus 1\n1234 AB Voorbeeldstad")
# How many weeks a person has to object (bezwaar) against a decision (Awb art. 6:7).
GIR_OBJECTION_WEEKS = int(os.environ.get("GIR_OBJECTION_WEEKS", "6"))

# Security: strict CSP without inline script or style (nonces for what must be inline).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("GIR_SESSION_SECONDS", str(8 * 3600)))
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("GIR_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("GIR_SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("GIR_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("GIR_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("GIR_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GIR_LOG_LEVEL", "INFO")},
    # The scheduler logs every lock refresh at INFO; only its problems are worth reading.
    # WeasyPrint and its font tools report every rendering step at INFO.
    "loggers": {
        "apscheduler": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
