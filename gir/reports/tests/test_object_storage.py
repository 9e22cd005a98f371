"""The case export in object storage (a real S3-compatible server on 127.0.0.1,
gir/core/tests/s3.py): written to the private bucket by its task, downloaded through the
access-checked, audit-logged view; a store that fails marks the export failed (issue 18)."""

import logging

from django.urls import reverse

import pytest

from gir.audit.models import AuditAction, AuditEvent
from gir.reports.constants import ExportStatus
from gir.reports.models import Export

from .test_export_views import OCTOBER, _body, october  # noqa: F401 - the fixture


def _export(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.users["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:case_export"), {**OCTOBER, "format": "csv"})
    return Export.objects.get()


@pytest.mark.usefixtures("october")
def test_the_export_is_written_to_the_bucket_and_downloaded_through_gir(
    client, world, s3_storage, django_capture_on_commit_callbacks
):
    export = _export(client, world, django_capture_on_commit_callbacks)
    assert export.status == ExportStatus.DONE
    assert s3_storage.object_keys() == [export.file.name]
    download = client.get(reverse("reports:export_download", args=[export.pk]))
    assert download.status_code == 200
    body = _body(download)
    assert body == s3_storage.read(export.file.name)
    assert len(body.decode("utf-8-sig").splitlines()) == 11
    assert AuditEvent.objects.filter(
        action=AuditAction.CASE_EXPORT_DOWNLOADED, target_id=str(export.pk)
    ).exists()


@pytest.mark.usefixtures("october")
def test_a_missing_bucket_fails_the_export_with_a_message(
    client, world, s3_storage, django_capture_on_commit_callbacks, caplog
):
    s3_storage.server.client().delete_bucket(Bucket=s3_storage.bucket)
    with caplog.at_level(logging.ERROR, logger="gir.core.storage"):
        export = _export(client, world, django_capture_on_commit_callbacks)
    assert export.status == ExportStatus.FAILED
    assert not export.file
    assert "NoSuchBucket" in caplog.text
    page = client.get(reverse("reports:export", args=[export.pk])).content.decode()
    assert "De export is mislukt" in page
