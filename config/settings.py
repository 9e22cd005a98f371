"""GIR settings, driven by the environment (see .env.example).

SQLite is the embedded default; DATABASE_URL selects PostgreSQL. Production is
the default posture: debug and its conveniences are switched on explicitly.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

import dj_database_url
from pythonjsonlogger.core import RESERVED_ATTRS

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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
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
    "gir.twofactor",
    "gir.privacy",
    "gir.home",
    "gir.operations",
    "gir.demo",
]

MIDDLEWARE = [
    # First: every log record of a request carries its id, and the answer says it (X-Request-ID).
    "gir.core.middleware.request_id_middleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session passed a second factor (django-otp)?
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A body over GIR_REQUEST_MAX_MB is refused before anything reads it (a Dutch 413).
    "gir.core.middleware.RequestSizeMiddleware",
    "gir.core.middleware.OddInputMiddleware",  # NUL characters outside forms: a Dutch 400
    "gir.core.middleware.StorageUnavailableMiddleware",  # the file store down: a Dutch 503
    # Who must pass a second factor reaches nothing else before it (issue 17 item 2).
    "gir.twofactor.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Idle and absolute session limits, the typed text kept through a new log-in, and
    # no-store on every authenticated response (ADR 0013).
    "gir.accounts.sessions.SessionLimitsMiddleware",
    # Turns a refused log-in of a locked account into the log-in page's message; last, so
    # it sees the answer of whatever log-in view is in use.
    "axes.middleware.AxesMiddleware",
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
                "gir.accounts.context_processors.session_limits",
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
    # WAL and a busy timeout let the web process and a worker share the file: a writer
    # waits this many seconds for another one's lock before "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": float(os.environ.get("GIR_SQLITE_TIMEOUT", "20")),
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
# Evidence, photos, letters, exports and imports (DESIGN §3): local disk by default, an
# S3-compatible object store with GIR_STORAGE=s3. Never under a public URL: every file is
# served by an access-checked, audit-logged view that reads it through storage.open().
GIR_STORAGE = os.environ.get("GIR_STORAGE", "local")
# Local disk: readable by GIR's own user (and its group), by nobody else.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
if GIR_STORAGE == "s3":
    _default_storage = {
        "BACKEND": "gir.core.storage.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("GIR_S3_BUCKET", ""),
            "endpoint_url": os.environ.get("GIR_S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("GIR_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("GIR_S3_SECRET_ACCESS_KEY") or None,
            "region_name": os.environ.get("GIR_S3_REGION") or None,
            # A private bucket: objects get no ACL of their own, so the bucket's private
            # default holds (and buckets with ACLs switched off, S3's default now, accept
            # the write); an accidental .url is signed and expires; a name in use is never
            # overwritten. Empty keys: boto3's own chain (an instance or pod role).
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            "signature_version": "s3v4",
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "gir.core.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("GIR_MEDIA_ROOT", str(BASE_DIR / "var" / "files")),
            "file_permissions_mode": FILE_UPLOAD_PERMISSIONS,
            "directory_permissions_mode": FILE_UPLOAD_DIRECTORY_PERMISSIONS,
        },
    }
STORAGES = {
    "default": _default_storage,
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
}

# Evidence uploads (DESIGN §2.1).
GIR_EVIDENCE_MAX_BYTES = int(os.environ.get("GIR_EVIDENCE_MAX_MB", "50")) * 1024 * 1024
# Import of existing registrations (issue 7 item 4): at most this many rows per file.
GIR_IMPORT_MAX_ROWS = int(os.environ.get("GIR_IMPORT_MAX_ROWS", "50000"))
# An image with more pixels is refused (perpetrators' photos, evidence), whatever its size in
# bytes: decoding it would take that many pixels of memory (a decompression bomb).
GIR_IMAGE_MAX_PIXELS = int(os.environ.get("GIR_IMAGE_MAX_PIXELS", "100000000"))
# A request body larger than this is refused before it is read (gir.core.middleware): by
# default room for a few files at the evidence limit and the form around them. Below it, each
# file over GIR_EVIDENCE_MAX_MB is thrown away as it streams in (gir.core.uploads) and the form
# comes back with what was typed and "te groot" at the field.
GIR_REQUEST_MAX_BYTES = (
    int(os.environ.get("GIR_REQUEST_MAX_MB") or 4 * GIR_EVIDENCE_MAX_BYTES // (1024 * 1024)) * 1024 * 1024
)
# The form fields themselves (text): at most this much in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Files stream to a temporary file on disk; only a request this small is kept in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "gir.core.uploads.LimitedTemporaryFileUploadHandler",
]

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
# The audit log keeps its rows this long, then the nightly prune removes them from the old
# end (issue 17 item 7). 7 years: the 2 years the register keeps a person after their last
# measure, plus the 5 years in which a claim or complaint about that processing can still
# come (art. 3:310 BW), so "who read my data?" can be answered for as long as it matters.
GIR_AUDIT_RETENTION_DAYS = int(os.environ.get("GIR_AUDIT_RETENTION_DAYS", str(7 * 365 + 2)))
GIR_AUDIT_PRUNE_SCHEDULE = os.environ.get("GIR_AUDIT_PRUNE_SCHEDULE", "50 2 * * *")
# The retention schedule's nightly run (issue 19 item 4, ADR 0023): what passed its period
# is anonymised or deleted; the periods are data (privacy.RetentionRule). Empty: not scheduled.
GIR_RETENTION_SCHEDULE = os.environ.get("GIR_RETENTION_SCHEDULE", "20 2 * * *")
# Besides reception, who is told of a new ban (comma-separated e-mail addresses).
GIR_BAN_NOTICE_RECIPIENTS = env_list("GIR_BAN_NOTICE_RECIPIENTS")
# The organisation as it appears on letters.
GIR_ORGANISATION_NAME = os.environ.get("GIR_ORGANISATION_NAME", "Gemeente Voorbeeldstad")
GIR_ORGANISATION_ADDRESS = os.environ.get("GIR_ORGANISATION_ADDRESS", "Postbus 1\n1234 AB Voorbeeldstad")
# Where a person writes to about their data: the privacy officer (functionaris
# gegevensbescherming), named in the privacy notice of every letter (AVG art. 13-14, 37(7)).
GIR_PRIVACY_OFFICER_ADDRESS = os.environ.get(
    "GIR_PRIVACY_OFFICER_ADDRESS", "Functionaris gegevensbescherming\nPostbus 1\n1234 AB Voorbeeldstad"
)
# How many weeks a person has to object (bezwaar) against a decision (Awb art. 6:7).
GIR_OBJECTION_WEEKS = int(os.environ.get("GIR_OBJECTION_WEEKS", "6"))

# Single sign-on through the municipality's identity provider (OpenID Connect, issue 17;
# README "Single sign-on", ADR 0015). Switched on by a client id and either the provider's
# discovery document (GIR_OIDC_DISCOVERY_URL, or GIR_OIDC_ISSUER + /.well-known/...) or its
# endpoints one by one; an endpoint set here wins over the discovery document.
GIR_OIDC_CLIENT_ID = os.environ.get("GIR_OIDC_CLIENT_ID", "")
GIR_OIDC_ISSUER = os.environ.get("GIR_OIDC_ISSUER", "").rstrip("/")
GIR_OIDC_DISCOVERY_URL = os.environ.get("GIR_OIDC_DISCOVERY_URL", "") or (
    f"{GIR_OIDC_ISSUER}/.well-known/openid-configuration" if GIR_OIDC_ISSUER else ""
)
GIR_OIDC_ENDPOINTS = {
    "authorization_endpoint": os.environ.get("GIR_OIDC_AUTHORIZATION_ENDPOINT", ""),
    "token_endpoint": os.environ.get("GIR_OIDC_TOKEN_ENDPOINT", ""),
    "userinfo_endpoint": os.environ.get("GIR_OIDC_USERINFO_ENDPOINT", ""),
    "jwks_uri": os.environ.get("GIR_OIDC_JWKS_URI", ""),
    "end_session_endpoint": os.environ.get("GIR_OIDC_END_SESSION_ENDPOINT", ""),
}
# How long the discovery document is kept before it is read again.
GIR_OIDC_DISCOVERY_CACHE_SECONDS = int(os.environ.get("GIR_OIDC_DISCOVERY_CACHE_SECONDS", "3600"))
# The name on the log-in button: "Inloggen via <name>".
GIR_OIDC_PROVIDER_NAME = os.environ.get("GIR_OIDC_PROVIDER_NAME", "") or os.environ.get(
    "GIR_ORGANISATION_NAME", "Gemeente Voorbeeldstad"
)
# The stable claim that identifies a person; stored in User.oidc_subject and matched on.
GIR_OIDC_USERNAME_CLAIM = os.environ.get("GIR_OIDC_USERNAME_CLAIM", "sub")
# Create an account at the first log-in of someone the provider knows and GIR does not
# (mozilla-django-oidc's OIDC_CREATE_USER, below).
# Roles from the provider: the claim that lists a person's groups or roles and how its
# values map to GIR's roles ("value=role,value=role"). Empty claim: roles stay managed in GIR.
GIR_OIDC_ROLES_CLAIM = os.environ.get("GIR_OIDC_ROLES_CLAIM", "")
GIR_OIDC_ROLE_MAP = dict(
    (item.split("=", 1)[0].strip(), item.split("=", 1)[1].strip())
    for item in env_list("GIR_OIDC_ROLE_MAP")
    if "=" in item
)
# Teams from the provider, likewise: "value=Team name" makes a member, "value=Team name:manager"
# one of its managers. Only the teams named here follow the provider; others stay in GIR.
GIR_OIDC_TEAMS_CLAIM = os.environ.get("GIR_OIDC_TEAMS_CLAIM", "")
GIR_OIDC_TEAM_MAP = dict(
    (item.split("=", 1)[0].strip(), item.split("=", 1)[1].strip())
    for item in env_list("GIR_OIDC_TEAM_MAP")
    if "=" in item
)
# The provider did multi-factor authentication when the ID token's acr is one of these
# values, or its amr holds one of these (RFC 8176); then GIR asks no second factor itself.
GIR_OIDC_MFA_ACR_VALUES = env_list("GIR_OIDC_MFA_ACR_VALUES")
GIR_OIDC_MFA_AMR_VALUES = env_list("GIR_OIDC_MFA_AMR_VALUES", "mfa")
# Local accounts (user name and password): off hides the form and refuses password log-in.
GIR_LOCAL_LOGIN = env_bool("GIR_LOCAL_LOGIN", True)

# django-axes checks every log-in for a lockout before any other backend (ADR 0013).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "gir.accounts.backends.PasswordBackend",  # refuses everyone while GIR_LOCAL_LOGIN is off
    "gir.accounts.sso.backend.ProviderBackend",
]
# mozilla-django-oidc: authorisation code flow with PKCE, ID tokens signed by the provider's
# keys (JWKS); the endpoints are read from the discovery document by gir.accounts.sso.
OIDC_RP_CLIENT_ID = GIR_OIDC_CLIENT_ID
OIDC_RP_CLIENT_SECRET = os.environ.get("GIR_OIDC_CLIENT_SECRET", "")
OIDC_RP_SCOPES = os.environ.get("GIR_OIDC_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = os.environ.get("GIR_OIDC_SIGN_ALGO", "RS256")
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
# Send the client secret as HTTP Basic authentication (client_secret_basic) instead of in the form.
OIDC_TOKEN_USE_BASIC_AUTH = env_bool("GIR_OIDC_TOKEN_BASIC_AUTH")
OIDC_TIMEOUT = int(os.environ.get("GIR_OIDC_TIMEOUT_SECONDS", "10"))
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
OIDC_OP_LOGOUT_URL_METHOD = "gir.accounts.sso.views.provider_logout_url"
OIDC_CREATE_USER = env_bool("GIR_OIDC_CREATE_USERS")
LOGIN_REDIRECT_URL_FAILURE = "accounts:login"


def _origin(url: str) -> str:
    parts = url.split("/", 3)
    return "/".join(parts[:3]) if len(parts) >= 3 and parts[0] in {"http:", "https:"} else ""


_oidc_origins = sorted(
    {
        origin
        for origin in map(
            _origin, [GIR_OIDC_DISCOVERY_URL, GIR_OIDC_ISSUER, GIR_OIDC_ENDPOINTS["end_session_endpoint"]]
        )
        if origin
    }
)
# Security: strict CSP without inline script or style (nonces for what must be inline).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    # Log-out ends the provider's session too: the log-out form is answered with a
    # redirect to the provider's end-session endpoint, which form-action must allow.
    "form-action": [CSP.SELF, *_oidc_origins],
    "frame-ancestors": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
# A session ends this long after the log-in, whatever happens (absolute limit) ...
GIR_SESSION_SECONDS = int(os.environ.get("GIR_SESSION_SECONDS", str(8 * 3600)))
# (the cookie lives an hour longer, so GIR ends the session and can say so: ADR 0013)
SESSION_COOKIE_AGE = GIR_SESSION_SECONDS + 3600
# ... and after this many minutes without a request (idle limit). The page warns this many
# seconds before, with a button to stay logged in (static/gir/session.js).
GIR_IDLE_MINUTES = int(os.environ.get("GIR_IDLE_MINUTES", "30"))
GIR_IDLE_WARNING_SECONDS = int(os.environ.get("GIR_IDLE_WARNING_SECONDS", "120"))

# Log-in protection (issue 17 item 3; ADR 0013): after this many failed log-ins for one
# username, or from one IP address, log-ins are refused for the cool-off period.
GIR_LOGIN_FAILURE_LIMIT = int(os.environ.get("GIR_LOGIN_FAILURE_LIMIT", "5"))
GIR_LOGIN_COOLOFF_MINUTES = int(os.environ.get("GIR_LOGIN_COOLOFF_MINUTES", "15"))
AXES_FAILURE_LIMIT = GIR_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = datetime.timedelta(minutes=GIR_LOGIN_COOLOFF_MINUTES)
# Locked by username, and (switch off where every desk shares one outgoing address) by IP.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
if not env_bool("GIR_LOGIN_LOCK_BY_IP", True):
    AXES_LOCKOUT_PARAMETERS = ["username"]
# The cool-off runs from the lock; tries during it are refused without extending it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A successful log-in does not wipe the count: axes would wipe the address's failures too,
# so someone with an account of their own could guess another's password without end.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "gir.accounts.lockout.lockout_response"
AXES_ENABLE_ADMIN = False
# Log-ins are in GIR's audit log; axes keeps only its failure counters, no second log.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Behind N reverse proxies the client is the N-th address from the right in
# X-Forwarded-For (gir.accounts.lockout.client_ip); 0: the connection's own address.
GIR_TRUSTED_PROXY_COUNT = int(os.environ.get("GIR_TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "gir.accounts.lockout.client_ip"

# "Wachtwoord vergeten?": the link in the mail works once, for this many minutes.
GIR_PASSWORD_RESET_MINUTES = int(os.environ.get("GIR_PASSWORD_RESET_MINUTES", "60"))
PASSWORD_RESET_TIMEOUT = GIR_PASSWORD_RESET_MINUTES * 60
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
    # The health checks are asked over plain HTTP from inside the container or the host.
    SECURE_REDIRECT_EXEMPT = [r"^gezond/$", r"^gereed/$"]

# Two factors (issue 17 item 2; README "How two factors are enforced", ADR 0016). Every
# role outside this list must pass TOTP, a passkey or a recovery code after the password;
# which roles need it is the access policy's call (gir.access.kernel.second_factor_required).
GIR_2FA_EXEMPT_ROLES = env_list("GIR_2FA_EXEMPT_ROLES", "employee")
# How many one-time recovery codes a user gets at a time.
GIR_RECOVERY_CODE_COUNT = int(os.environ.get("GIR_RECOVERY_CODE_COUNT", "10"))
OTP_TOTP_ISSUER = os.environ.get("GIR_TOTP_ISSUER", "GIR")
# Passkeys (django-otp-webauthn) are bound to a domain, the relying party ID: by default
# the host of GIR_SITE_URL. Browsers accept no IP address there, so the development
# default 127.0.0.1 becomes localhost (open http://localhost:8000 to try passkeys).
_site = urlsplit(SITE_URL)
_site_host = "localhost" if _site.hostname in {"127.0.0.1", "::1", None} else _site.hostname
OTP_WEBAUTHN_RP_ID = os.environ.get("GIR_WEBAUTHN_RP_ID", _site_host)
OTP_WEBAUTHN_RP_NAME = os.environ.get("GIR_WEBAUTHN_RP_NAME", "GIR")
_site_port = f":{_site.port}" if _site.port else ""
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list(
    "GIR_WEBAUTHN_ORIGINS", SITE_URL if _site.scheme == "https" else f"http://{_site_host}{_site_port}"
)
# A passkey is a second factor after the password, not a log-in of its own: no log-in
# that passes around the password form (and the lockout that guards it).
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False

# Health (gir.core.health): /gereed/ answers 503 when a task has waited this many minutes
# for a worker (no worker runs, or it cannot keep up).
GIR_READY_QUEUE_MINUTES = int(os.environ.get("GIR_READY_QUEUE_MINUTES", "10"))

# Logs go to stdout: one JSON object a line in production (GIR_LOG_FORMAT=json, the default
# when GIR_DEBUG is off), readable lines in development. Every record of a request carries
# its request_id (gir.core.middleware.request_id_middleware): the proxy's X-Request-ID when
# a trusted proxy sends a well-formed one (GIR_TRUSTED_PROXY_COUNT > 0), else a new one;
# the answer returns it.
GIR_LOG_FORMAT = os.environ.get("GIR_LOG_FORMAT", "text" if DEBUG else "json")
if GIR_LOG_FORMAT not in {"json", "text"}:
    raise RuntimeError("GIR_LOG_FORMAT must be json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "gir.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(levelname)s %(name)s %(message)s %(request_id)s %(process)d",
            "rename_fields": {"levelname": "level", "name": "logger", "process": "pid"},
            "timestamp": "time",  # ISO 8601 in UTC
            # Django adds the request object to its records; its text holds the query
            # string, and searches carry names: not in the log.
            "reserved_attrs": [*RESERVED_ATTRS, "request"],
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": GIR_LOG_FORMAT}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("GIR_LOG_LEVEL", "INFO")},
    # The scheduler logs every lock refresh at INFO; only its problems are worth reading.
    # WeasyPrint and its font tools report every rendering step at INFO.
    "loggers": {
        "apscheduler": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes logs every log-in at INFO; GIR's audit log holds them (ADR 0013).
        "axes": {"level": "WARNING"},
    },
}
