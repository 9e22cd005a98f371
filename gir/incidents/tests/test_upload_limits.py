"""An evidence file over GIR_EVIDENCE_MAX_MB is not kept, and the report form comes back
with what was typed; a body over GIR_REQUEST_MAX_MB is refused before it is read
(issue 18; gir.core.uploads, gir.core.middleware.RequestSizeMiddleware)."""

from django.urls import reverse

import pytest

from gir.incidents.models import Evidence, Incident

from .test_report import PDF, core, upload

KB = 1024


@pytest.fixture
def employee_client(client, world):
    client.force_login(world.users["employee"])
    return client


def stored_files(settings):
    from pathlib import Path

    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    return [path for path in root.rglob("*") if path.is_file()]


def test_file_over_the_limit_is_refused_and_the_text_is_kept(employee_client, settings, tmp_path):
    settings.GIR_EVIDENCE_MAX_BYTES = 300 * KB
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    before = stored_files(settings)
    response = employee_client.post(
        reverse("incidents:create"),
        core(evidence_files=[upload("opname.pdf", PDF + b"x" * (1024 * KB))]),
    )
    page = response.content.decode().replace("\xa0", " ")
    assert response.status_code == 400
    assert "‘opname.pdf’ is te groot (1,0 MB)" in page
    assert "Een bestand mag hoogstens 300,0 KB zijn." in page
    assert "Een klant schreeuwde en noemde mij een sukkel." in page  # what was typed
    assert not Incident.objects.filter(description__startswith="Een klant").exists()
    assert not Evidence.objects.exists()
    assert stored_files(settings) == before
    assert list(tmp_path.iterdir()) == []  # the part that streamed in is gone too


def test_body_over_the_request_limit_is_refused_before_it_is_read(employee_client, settings):
    settings.GIR_REQUEST_MAX_BYTES = 2 * 1024 * KB
    # The test client's body is small, but it says it is larger than the limit: had
    # anything read it, the test client would have raised (it cannot read past the end).
    response = employee_client.post(reverse("incidents:create"), core(), CONTENT_LENGTH=str(3 * 1024 * 1024))
    page = response.content.decode().replace("\xa0", " ")
    assert response.status_code == 413
    assert "Wat u stuurde is te groot (3,0 MB)" in page
    assert "hoogstens 2,0 MB tegelijk" in page
    assert "Er is niets opgeslagen." in page
    assert "<h1>Te groot om te versturen</h1>" in page
    assert not response.has_header("Connection")  # hop-by-hop: not the application's to set
    assert not Incident.objects.filter(description__startswith="Een klant").exists()


def test_body_under_the_request_limit_goes_through(employee_client, settings):
    settings.GIR_REQUEST_MAX_BYTES = 2 * 1024 * KB
    response = employee_client.post(reverse("incidents:create"), core(evidence_files=[upload("a.pdf", PDF)]))
    assert response.status_code == 302
    assert Evidence.objects.count() == 1
