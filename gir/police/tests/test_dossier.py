"""The dossier for the police: the PDF with the facts and the ZIP whose manifest proves
the evidence is untouched; both exports are logged."""

import datetime as dt
import hashlib
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

import pytest
from pypdf import PdfReader

from gir.audit.models import AuditAction, AuditEvent
from gir.incidents.models import Evidence
from gir.incidents.services import evidence_add
from gir.perpetrators.services import perpetrator_save
from gir.police import services
from gir.police.constants import FiledBy, PoliceReportKind
from gir.police.dossier import MANIFEST_NAME

from .conftest import png_bytes


@pytest.fixture
def full_incident(world, incident):
    manager = world.users["team_manager"]
    perpetrator_save(
        actor=manager, data={"full_name": "Karel Veroorzaker", "address": "Dorpsstraat 1"}, incident=incident
    )
    for name, colour in (("balie.png", "red"), ("gang.png", "blue")):
        upload = SimpleUploadedFile(name, png_bytes(colour), content_type="image/png")
        evidence_add(actor=world.users["employee"], incident=incident, upload=upload)
    services.police_report_record(
        actor=manager,
        incident=incident,
        kind=PoliceReportKind.AANGIFTE,
        filed_by=FiledBy.BOTH,
        vpt_code=True,
        domicile=services.organisation_addresses()[0],
        police_unit="Basisteam Centrum",
        reported_at=timezone.now() - dt.timedelta(hours=1),
        police_reference="PL-2026-42",
    )
    return incident


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


def test_pdf_has_the_facts(client, world, full_incident):
    client.force_login(world.users["team_manager"])
    response = client.get(reverse("police:dossier_pdf", args=[full_incident.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="dossier-{full_incident.reference}.pdf"' in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment")
    reader = PdfReader(io.BytesIO(body_of(response)))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert full_incident.reference in text
    assert "VPT" in text
    assert "Domicilie: adres van de organisatie" in text
    assert "Karel Veroorzaker" in text
    assert "Piet Dader" in text  # how the reporter described the perpetrator
    assert "Jan Getuige" in text
    for heading in ("Wie", "Wat", "Waar", "Waarmee", "Op welke wijze", "Wanneer", "Waarom", "Chronologie"):
        assert heading in text
    assert "PL-2026-42" in text
    sha = Evidence.objects.filter(incident=full_incident).first().sha256
    assert sha[:16] in text.replace(" ", "")


def test_zip_manifest_matches_zip_stored_hash_and_file(client, world, full_incident):
    client.force_login(world.users["legal"])
    response = client.get(reverse("police:dossier_zip", args=[full_incident.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f'filename="dossier-{full_incident.reference}.zip"' in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(body_of(response)))
    lines = archive.read(MANIFEST_NAME).decode().splitlines()
    names = set(archive.namelist()) - {MANIFEST_NAME}
    assert len(lines) == len(names) == 3  # the PDF and two evidence files
    stored = {item.sha256: item for item in Evidence.objects.filter(incident=full_incident)}
    checked = 0
    for line in lines:
        digest, name = line.split("  ", 1)  # sha256sum format: hash, two spaces, name
        assert name in names
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest
        if name.startswith("bewijs/"):
            item = stored[digest]
            with item.file.open("rb") as handle:
                assert hashlib.sha256(handle.read()).hexdigest() == digest == item.sha256
            checked += 1
    assert checked == 2
    assert f"dossier-{full_incident.reference}.pdf" in names


def test_export_is_logged_with_perpetrator_reads(client, world, full_incident):
    client.force_login(world.users["coordinator"])
    client.get(reverse("police:dossier_pdf", args=[full_incident.pk]))
    client.get(reverse("police:dossier_zip", args=[full_incident.pk]))
    coordinator = world.users["coordinator"]
    exports = AuditEvent.objects.filter(action=AuditAction.POLICE_DOSSIER_EXPORTED, actor=coordinator)
    assert exports.count() == 2
    assert AuditEvent.objects.filter(action=AuditAction.PERPETRATOR_READ, actor=coordinator).count() == 2


def test_refused_export_logs_nothing(client, world, full_incident):
    client.force_login(world.users["aftercare"])
    assert client.get(reverse("police:dossier_pdf", args=[full_incident.pk])).status_code == 404
    assert client.get(reverse("police:dossier_zip", args=[full_incident.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.POLICE_DOSSIER_EXPORTED).exists()


def test_a_changed_evidence_file_stops_the_zip(client, world, full_incident):
    """Chain of custody: the police get the files as they were added, or nothing."""
    item = Evidence.objects.filter(incident=full_incident).first()
    with item.file.open("wb") as handle:
        handle.write(png_bytes("green"))
    client.force_login(world.users["team_manager"])
    response = client.get(reverse("police:dossier_zip", args=[full_incident.pk]))
    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/html")
    assert item.original_name in response.content.decode()
