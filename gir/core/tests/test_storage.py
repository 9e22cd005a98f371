"""The file store's settings and failures: `manage.py check` says when object storage lacks
a bucket, files GIR writes itself are not world-readable, and a local disk that fails is a
Dutch message, not a server error (issue 18 item 1)."""

import os
import stat
import subprocess
import sys
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings

import pytest

from gir.core.checks import storage_settings_check
from gir.core.exceptions import StorageUnavailable

ROOT = Path(__file__).resolve().parents[3]


def _check_ids() -> set[str]:
    return {message.id for message in storage_settings_check()}


def test_the_local_default_passes_the_check():
    assert _check_ids() == set()


def test_object_storage_without_a_bucket_is_reported(settings):
    settings.GIR_STORAGE = "s3"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "gir.core.storage.S3Storage", "OPTIONS": {"bucket_name": ""}},
    }
    assert _check_ids() == {"core.W001"}


def test_an_unknown_storage_is_an_error(settings):
    settings.GIR_STORAGE = "ftp"
    assert _check_ids() == {"core.E001"}


def test_manage_py_check_warns_when_the_environment_names_no_bucket():
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GIR_S3_", "DJANGO_"))}
    env.update({"GIR_DEBUG": "1", "GIR_STORAGE": "s3"})
    result = subprocess.run(  # noqa: S603 - our own manage.py, no shell
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert "core.W001" in result.stderr + result.stdout
    assert "GIR_S3_BUCKET" in result.stderr + result.stdout


def test_files_gir_writes_are_not_world_readable():
    name = default_storage.save("exports/1/meldingen.csv", ContentFile(b"a;b\n"))
    path = Path(default_storage.path(name))
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o750


def test_a_disk_that_fails_is_storage_unavailable(tmp_path, settings):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "gir.core.storage.FileSystemStorage", "OPTIONS": {"location": str(blocker)}},
    }
    with pytest.raises(StorageUnavailable):
        default_storage.save("evidence/1/abc", ContentFile(b"x"))


def test_a_file_that_is_not_there_stays_file_not_found():
    with pytest.raises(FileNotFoundError):
        default_storage.open("evidence/404/none")


def test_a_missing_bucket_on_open_is_the_store_failing(s3_storage):
    s3_storage.server.client().delete_bucket(Bucket=s3_storage.bucket)
    with pytest.raises(StorageUnavailable):
        default_storage.open("evidence/1/abc")


def test_a_file_that_is_not_in_the_bucket_stays_file_not_found(s3_storage):
    with pytest.raises(FileNotFoundError):
        default_storage.open("evidence/404/none")


def test_the_storage_follows_the_settings(s3_storage, settings):
    """Django drops its cached default_storage when STORAGES changes (the fixture relies on it)."""
    with override_settings(
        STORAGES={**settings.STORAGES, "default": {"BACKEND": "gir.core.storage.FileSystemStorage"}}
    ):
        assert not hasattr(default_storage, "bucket_name")
    assert default_storage.bucket_name == s3_storage.bucket
