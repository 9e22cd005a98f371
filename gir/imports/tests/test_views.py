"""The import pages: the coordinator's only; failed forms keep their input and answer 400."""

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.urls import reverse

import pytest

from gir.accounts.constants import Role
from gir.accounts.tests.factories import UserFactory
from gir.imports import services
from gir.imports.constants import BatchStatus
from gir.imports.models import ImportBatch
from gir.incidents.models import Incident
from gir.reports import tallies
from gir.reports.models import FigureCount, StaleFigures

EXAMPLE = Path(settings.BASE_DIR) / "docs" / "examples" / "registratie-voorbeeld.xlsx"


def test_the_coordinator_imports_the_example(
    client, demo_units, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    page = client.get(reverse("imports:upload"))
    assert page.status_code == 200 and reverse("imports:example_xlsx") in page.content.decode()
    assert client.get(reverse("imports:example_csv")).status_code == 200

    upload = SimpleUploadedFile("registratie.xlsx", EXAMPLE.read_bytes())
    response = client.post(reverse("imports:upload"), {"file": upload})
    batch = ImportBatch.objects.get()
    assert response.url == reverse("imports:mapping", args=[batch.pk])
    form = client.get(response.url)
    assert form.status_code == 200 and "Plaats/Situatie" in form.content.decode()

    response = client.post(reverse("imports:mapping", args=[batch.pk]), batch.mapping)
    assert response.url == reverse("imports:report", args=[batch.pk])
    report = client.get(response.url).content.decode()
    assert "30 rijen: 30 in orde, 0 met fouten." in report and "Importeren" in report

    before = Incident.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:start", args=[batch.pk]))
    assert response.url == reverse("imports:detail", args=[batch.pk])
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and Incident.objects.count() == before + 30
    status = client.get(response.url, headers={"HX-Request": "true"})
    body = status.content.decode()
    assert "30 meldingen geïmporteerd" in body and "<h1>" not in body  # the fragment only
    assert reverse("incidents:detail", args=[Incident.objects.order_by("pk").last().pk]) in body
    # The task told its progress as it went; the last count is every row.
    assert services.import_progress(batch) == 30
    # The imported incidents count in the dashboard's figures.
    # Marked in the import's own transaction; the count task its commit queued counted them.
    assert not StaleFigures.objects.exists()
    counted = FigureCount.objects.filter(dimension=tallies.TOTAL).aggregate(n=Sum("count"))["n"]
    assert counted == Incident.objects.exclude(status="draft").count() == before + 30


def test_a_running_import_shows_how_far_it_is(client, demo_units, coordinator):
    batch = ImportBatch.objects.create(
        uploaded_by=coordinator,
        original_name="groot.xlsx",
        kind="xlsx",
        sha256="0" * 64,
        status=BatchStatus.IMPORTING,
        total=5000,
        done=1200,  # the chunks committed so far
    )
    client.force_login(coordinator)
    body = client.get(
        reverse("imports:detail", args=[batch.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "1200 van 5000 rijen verwerkt." in body
    assert 'value="1200"' in body and 'hx-trigger="every 2s"' in body


def test_a_file_that_is_not_a_spreadsheet_answers_400(client, coordinator):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("registratie.csv", b"%PDF-1.4\n%%EOF\n", content_type="text/csv")
    response = client.post(reverse("imports:upload"), {"file": upload})
    assert response.status_code == 400
    assert "geen spreadsheet" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_rows_with_errors_offer_no_import(client, demo_units, coordinator):
    client.force_login(coordinator)
    data = b"Datum;Afdeling;Omschrijving\n31-02-2025;Publiekszaken;a\n01-02-2025;Zwemles;b\n"
    client.post(reverse("imports:upload"), {"file": SimpleUploadedFile("oud.csv", data)})
    batch = ImportBatch.objects.get()
    response = client.post(reverse("imports:mapping", args=[batch.pk]), batch.mapping)
    body = client.get(response.url).content.decode()
    assert "Onleesbare datum ‘31-02-2025’" in body and "Onbekende afdeling ‘Zwemles’" in body
    assert f'action="{reverse("imports:start", args=[batch.pk])}"' not in body
    response = client.post(reverse("imports:start", args=[batch.pk]))
    assert response.url == reverse("imports:report", args=[batch.pk])
    assert ImportBatch.objects.get().status == BatchStatus.CHECKED


def test_an_unknown_header_in_the_mapping_answers_400(client, demo_units, coordinator):
    client.force_login(coordinator)
    client.post(
        reverse("imports:upload"),
        {"file": SimpleUploadedFile("oud.csv", b"Datum;Afdeling\n01-02-2025;Griffie\n")},
    )
    batch = ImportBatch.objects.get()
    response = client.post(
        reverse("imports:mapping", args=[batch.pk]), {"datum": "Bestaat niet", "afdeling": "Afdeling"}
    )
    assert response.status_code == 400
    assert 'value="Afdeling" selected' in response.content.decode()


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.DIRECTOR, Role.TEAM_MANAGER, Role.ADMINISTRATOR])
def test_only_the_coordinator_reaches_the_pages(client, coordinator, role):
    batch = ImportBatch.objects.create(
        uploaded_by=coordinator, original_name="x.csv", kind="csv", sha256="0" * 64
    )
    client.force_login(UserFactory(roles=[role]))
    assert client.get(reverse("imports:upload")).status_code == 403
    assert client.get(reverse("imports:example_xlsx")).status_code == 403
    for name in ("detail", "mapping", "report"):
        assert client.get(reverse(f"imports:{name}", args=[batch.pk])).status_code == 403
    assert client.post(reverse("imports:start", args=[batch.pk])).status_code == 403
