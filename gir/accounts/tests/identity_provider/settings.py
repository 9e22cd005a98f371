"""Settings of the test identity provider process (not GIR's): see __init__.py."""

import datetime as dt
import os
from pathlib import Path

import time_machine

# The provider keeps the tests' clock, not the real one: its tokens' iat and exp must be
# valid on the clock GIR's tests run on (conftest.TEST_NOW).
if os.environ.get("IDP_NOW"):
    time_machine.travel(dt.datetime.fromisoformat(os.environ["IDP_NOW"]), tick=True).start()

DEBUG = False
SECRET_KEY = "test-identity-provider-only"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
PORT = int(os.environ.get("IDP_PORT", "0"))
SITE_URL = f"http://127.0.0.1:{PORT}"
ROOT_URLCONF = "gir.accounts.tests.identity_provider.urls"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("IDP_DATABASE", ":memory:"),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True
LOGIN_URL = "/login/"
# Its own cookie names: GIR may run on the same host in a test.
SESSION_COOKIE_NAME = "idp_session"
CSRF_COOKIE_NAME = "idp_csrftoken"

OIDC_USERINFO = "gir.accounts.tests.identity_provider.hooks.userinfo"
OIDC_EXTRA_SCOPE_CLAIMS = "gir.accounts.tests.identity_provider.hooks.GroupClaims"
OIDC_IDTOKEN_SUB_GENERATOR = "gir.accounts.tests.identity_provider.hooks.subject"
OIDC_IDTOKEN_PROCESSING_HOOK = "gir.accounts.tests.identity_provider.hooks.id_token"
OIDC_TEST_TOKEN = os.environ.get("IDP_TEST_TOKEN", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
