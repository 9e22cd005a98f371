"""The police pages on object storage (a real S3-compatible server on 127.0.0.1,
gir/core/tests/s3.py): the dossier ZIP is made from the evidence in the private bucket with
a manifest that proves it untouched, and the copy of the report goes to the bucket and comes
back only through GIR (issue 18 item 1)."""

import hashlib
import io
import zipfile

from django.urls import reverse

from gir.audit.models import AuditAction, AuditEvent
from gir.incidents.models import Evidence
from gir.police.dossier import MANIFEST_NAME

from .conftest import PDF_BYTES, pdf_upload
from .test_dossier import body_of, full_incident  # noqa: F401 - the fixture
from .test_views import record


def test_the_dossier_zip_is_made_from_the_bucket(client, world, s3_storage, full_incident):  # noqa: F811
    stored = {item.sha256: item for item in Evidence.objects.filter(incident=full_incident)}
    assert s3_storage.object_keys() == sorted(item.file.name for item in stored.values())
    client.force_login(world.users["legal"])
    response = client.get(reverse("police:dossier_zip", args=[full_incident.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(body_of(response)))
    evidence_lines = [
        line.split("  ", 1)
        for line in archive.read(MANIFEST_NAME).decode().splitlines()
        if "  bewijs/" in line
    ]
    assert len(evidence_lines) == 2
    for digest, name in evidence_lines:
        content = archive.read(name)
        assert hashlib.sha256(content).hexdigest() == digest
        assert content == s3_storage.read(stored[digest].file.name)
    assert AuditEvent.objects.filter(action=AuditAction.POLICE_DOSSIER_EXPORTED).exists()


def test_a_changed_object_in_the_bucket_stops_the_zip(client, world, s3_storage, full_incident):  # noqa: F811
    item = Evidence.objects.filter(incident=full_incident).first()
    s3_storage.server.client().put_object(Bucket=s3_storage.bucket, Key=item.file.name, Body=b"changed")
    client.force_login(world.users["legal"])
    response = client.get(reverse("police:dossier_zip", args=[full_incident.pk]))
    assert response.status_code == 409
    assert item.original_name in response.content.decode()


def test_the_copy_of_the_report_is_in_the_bucket_and_served_by_gir(client, world, incident, s3_storage):
    report = record(incident, world.users["team_manager"])
    client.force_login(world.users["team_manager"])
    assert (
        client.post(reverse("police:copy_add", args=[report.pk]), {"copy": pdf_upload()}).status_code == 302
    )
    report.refresh_from_db()
    assert s3_storage.object_keys() == [report.copy.name]
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("police:copy_download", args=[report.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_missing_bucket_keeps_the_report_without_a_copy(client, world, incident, s3_storage):
    report = record(incident, world.users["team_manager"])
    s3_storage.server.client().delete_bucket(Bucket=s3_storage.bucket)
    client.force_login(world.users["team_manager"])
    response = client.post(reverse("police:copy_add", args=[report.pk]), {"copy": pdf_upload()})
    assert response.status_code == 503
    assert "de opslag is niet bereikbaar" in response.content.decode()
    report.refresh_from_db()
    assert not report.copy
