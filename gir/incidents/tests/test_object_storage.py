"""Evidence in the file store: on local disk readable by GIR alone, in an S3-compatible
object store (a real one on 127.0.0.1, gir/core/tests/s3.py) in a private bucket served only
through the access-checked view, and a store that fails tells the reporter so and keeps
nothing half (issue 18 item 1)."""

import hashlib
import logging
import os
import stat

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

import pytest
import requests

from gir.audit.models import AuditAction, AuditEvent
from gir.incidents import services
from gir.incidents.models import Evidence, Incident

from .test_report import PDF, PNG, core, upload


@pytest.fixture
def employee_client(client, world):
    client.force_login(world.users["employee"])
    return client


def _report_with_evidence(employee_client, *files):
    response = employee_client.post(reverse("incidents:create"), core(evidence_files=list(files)))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Incident.objects.latest("pk")


def test_evidence_on_local_disk_is_readable_by_gir_alone(employee_client):
    incident = _report_with_evidence(employee_client, upload("brief.pdf", PDF))
    evidence = incident.evidence.get()
    path = default_storage.path(evidence.file.name)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    folder = os.path.dirname(path)
    while os.path.normpath(folder) != os.path.normpath(default_storage.location):
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o750, folder
        folder = os.path.dirname(folder)


def test_evidence_goes_to_the_bucket_and_comes_back_only_through_gir(employee_client, s3_storage, world):
    incident = _report_with_evidence(employee_client, upload("screenshot.png", PNG), upload("brief.pdf", PDF))
    items = {e.original_name: e for e in incident.evidence.all()}
    assert s3_storage.object_keys() == sorted(e.file.name for e in items.values())
    assert s3_storage.read(items["screenshot.png"].file.name) == PNG

    url = reverse("incidents:evidence_download", args=[incident.pk, items["screenshot.png"].pk])
    download = employee_client.get(url)
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    assert body == PNG
    assert hashlib.sha256(body).hexdigest() == items["screenshot.png"].sha256
    assert download["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(
        action=AuditAction.EVIDENCE_DOWNLOADED, detail=items["screenshot.png"].sha256
    ).exists()
    employee_client.force_login(world.users["employee_b"])
    assert employee_client.get(url).status_code == 404


def test_the_bucket_is_private_even_for_an_accidental_url(employee_client, s3_storage):
    incident = _report_with_evidence(employee_client, upload("brief.pdf", PDF))
    key = incident.evidence.get().file.name
    # Straight from the store, without GIR's keys: refused (moto enforces ACLs on
    # anonymous requests; the same request for a public-read object answers 200).
    anonymous = requests.get(f"{s3_storage.server.url}/{s3_storage.bucket}/{key}", timeout=10)
    assert anonymous.status_code == 403
    assert PDF not in anonymous.content
    grants = s3_storage.server.client().get_object_acl(Bucket=s3_storage.bucket, Key=key)["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]
    assert all(g["Grantee"]["Type"] == "CanonicalUser" for g in grants)
    # .url, should any code ever call it, is a signed link that expires, never a public one.
    url = default_storage.url(key)
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=60" in url


def test_the_same_file_twice_is_stored_twice_never_overwritten(employee_client, s3_storage):
    first = _report_with_evidence(employee_client, upload("brief.pdf", PDF)).evidence.get()
    second = _report_with_evidence(employee_client, upload("kopie.pdf", PDF)).evidence.get()
    assert first.file.name != second.file.name
    assert len(s3_storage.object_keys()) == 2


def test_a_missing_bucket_keeps_the_report_and_stores_nothing(employee_client, s3_storage, caplog):
    s3_storage.server.client().delete_bucket(Bucket=s3_storage.bucket)
    data = core(
        description="Hij gooide een stoel door de hal.",
        evidence_files=[upload("screenshot.png", PNG), upload("brief.pdf", PDF)],
    )
    with caplog.at_level(logging.ERROR, logger="gir.core.storage"):
        response = employee_client.post(reverse("incidents:create"), data)
    assert response.status_code == 503
    page = response.content.decode()
    assert "de opslag is niet bereikbaar" in page
    assert "Hij gooide een stoel door de hal." in page  # what was typed stays
    assert not Incident.objects.filter(description__startswith="Hij gooide").exists()
    assert not Evidence.objects.exists()
    assert any("NoSuchBucket" in record.getMessage() for record in caplog.records)


def test_a_save_that_fails_halfway_leaves_no_file_without_its_row(s3_storage, world):
    """The second file is refused after the first was written: the first goes again."""
    good = SimpleUploadedFile("brief.pdf", PDF, content_type="application/pdf")
    bad = SimpleUploadedFile("foto.png", b"MZ\x90\x00 a windows executable", content_type="image/png")
    with pytest.raises(ValidationError), transaction.atomic():
        services.evidence_add_all(
            actor=world.users["employee"], incident=world.incident_a, uploads=[good, bad]
        )
    assert s3_storage.object_keys() == []
    assert not Evidence.objects.filter(incident=world.incident_a).exists()


def test_adding_evidence_later_to_a_missing_bucket_says_so(employee_client, s3_storage, world):
    s3_storage.server.client().delete_bucket(Bucket=s3_storage.bucket)
    url = reverse("incidents:evidence_add", args=[world.incident_a.pk])
    response = employee_client.post(url, {"evidence_files": [upload("brief.pdf", PDF)]})
    assert response.status_code == 503
    assert "de opslag is niet bereikbaar" in response.content.decode()
    assert not Evidence.objects.filter(incident=world.incident_a).exists()
    assert not AuditEvent.objects.filter(
        action=AuditAction.EVIDENCE_ADDED, target_id=str(world.incident_a.pk)
    ).exists()


def test_an_unreachable_store_says_so_on_download(employee_client, s3_storage, settings, world):
    incident = _report_with_evidence(employee_client, upload("brief.pdf", PDF))
    evidence = incident.evidence.get()
    unreachable = {**settings.STORAGES["default"]}
    unreachable["OPTIONS"] = {**unreachable["OPTIONS"], "endpoint_url": "http://127.0.0.1:9"}
    settings.STORAGES = {**settings.STORAGES, "default": unreachable}
    before = AuditEvent.objects.filter(action=AuditAction.EVIDENCE_DOWNLOADED).count()
    response = employee_client.get(reverse("incidents:evidence_download", args=[incident.pk, evidence.pk]))
    assert response.status_code == 503
    assert "de opslag is niet bereikbaar" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.EVIDENCE_DOWNLOADED).count() == before
