"""Test settings: fast hashing, in-memory mail, files in a temporary folder."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("GIR_DEBUG", "1")

from config.settings import *  # noqa: E402, F403
from config.settings import FILE_UPLOAD_DIRECTORY_PERMISSIONS, FILE_UPLOAD_PERMISSIONS, STORAGES  # noqa: E402

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Tasks run at once in tests; the worker test starts real db_worker processes.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,
    # Local disk whatever GIR_STORAGE says; the S3 tests switch to their own server
    # (gir/core/tests/s3.py).
    "default": {
        "BACKEND": "gir.core.storage.FileSystemStorage",
        "OPTIONS": {
            "location": tempfile.mkdtemp(prefix="gir-test-files-"),
            "file_permissions_mode": FILE_UPLOAD_PERMISSIONS,
            "directory_permissions_mode": FILE_UPLOAD_DIRECTORY_PERMISSIONS,
        },
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="gir-test-static-"))
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SITE_URL = "http://testserver"
# Passkeys: the test client's host; the browser tests set their live server's origin.
OTP_WEBAUTHN_RP_ID = "localhost"
OTP_WEBAUTHN_ALLOWED_ORIGINS = ["http://localhost"]
