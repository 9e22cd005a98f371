"""Downloads of the reports (issue 7 item 3): tables as XLSX and CSV, the quarterly and
annual PDF with charts, and the case-level export with its progress page."""

import csv
import datetime as dt
import io

from django.urls import reverse

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from gir.audit.models import AuditAction, AuditEvent
from gir.core.clock import AMSTERDAM
from gir.incidents.constants import Setting
from gir.protocol.tests.helpers import report
from gir.reports.constants import ExportStatus
from gir.reports.models import Export
from gir.reports.tests.helpers import counted

OCTOBER = {"van": "2026-10-01", "tot": "2026-10-31"}
Q4 = {"van": "2026-10", "tot": "2026-12"}


@pytest.fixture
def october(world):
    moment = dt.datetime(2026, 10, 5, 10, tzinfo=AMSTERDAM)
    for _ in range(3):
        report(world.users["employee"], occurred_at=moment, setting=Setting.PHONE)
    for _ in range(7):
        report(world.users["employee"], occurred_at=moment, setting=Setting.COUNTER)
    counted()  # the worker counts them


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_tables_as_xlsx_show_what_the_director_sees(client, world, october):
    client.force_login(world.users["director"])
    response = client.get(reverse("reports:tables_xlsx"), Q4)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(_body(response)), read_only=True)
    setting = {row[0]: row[1] for row in book["setting"].values}
    assert setting[str(Setting.PHONE.label)] == "*"
    # With the total on the page, the other cell is hidden too, or 10 - 7 would give the 3.
    assert setting[str(Setting.COUNTER.label)] == "*"


def test_one_table_as_csv_with_real_numbers_for_the_coordinator(client, world, october):
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("reports:table_csv"), {**OCTOBER, "tabel": "setting"})
    rows = list(csv.reader(io.StringIO(_body(response).decode("utf-8-sig")), delimiter=";"))
    assert [str(Setting.PHONE.label), "3", "0"] in rows
    assert client.get(reverse("reports:table_csv"), {**OCTOBER, "tabel": "onbekend"}).status_code == 404


def test_bad_period_is_refused_with_the_message(client, world):
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("reports:tables_xlsx"), {"van": "2026-10", "tot": "2026-09"})
    assert response.status_code == 400
    assert "De laatste maand ligt voor de eerste" in response.content.decode()


def test_quarterly_and_annual_reports_are_pdfs_with_charts(client, world, october):
    client.force_login(world.users["director"])
    response = client.get(reverse("reports:quarterly_pdf"), {"jaar": "2026", "kwartaal": "4"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "4e kwartaal" in text and "*" in text and "<5" not in text and "Situatie" in text
    annual = client.get(reverse("reports:annual_pdf"), {"jaar": "2026"})
    assert PdfReader(io.BytesIO(annual.content)).pages
    refused = client.get(reverse("reports:quarterly_pdf"), {"jaar": "2026", "kwartaal": "7"})
    assert refused.status_code == 302


def test_the_case_export_runs_and_shows_its_progress(
    client, world, october, django_capture_on_commit_callbacks
):
    client.force_login(world.users["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:case_export"), {**OCTOBER, "format": "csv"})
    export = Export.objects.get()
    assert response["Location"] == reverse("reports:export", args=[export.pk])
    assert export.status == ExportStatus.DONE and export.total == 10
    page = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert 'value="100"' in page and reverse("reports:export_download", args=[export.pk]) in page
    download = client.get(reverse("reports:export_download", args=[export.pk]))
    assert len(list(csv.reader(io.StringIO(_body(download).decode("utf-8-sig")), delimiter=";"))) == 11
    assert AuditEvent.objects.filter(
        action=AuditAction.CASE_EXPORT_DOWNLOADED, target_id=str(export.pk)
    ).exists()


def test_a_running_export_asks_again(client, world):
    export = Export.objects.create(
        requested_by=world.users["coordinator"],
        format="xlsx",
        filters={"start": "2026-10-01", "end": "2026-10-31", "unit": None},
        status=ExportStatus.RUNNING,
        total=200,
        done=50,
    )
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("reports:export", args=[export.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page and 'value="25"' in page
    assert reverse("reports:export_download", args=[export.pk]) not in page


@pytest.mark.parametrize("persona", ["director", "team_manager", "legal", "employee"])
def test_only_the_coordinator_exports_cases(client, world, persona):
    client.force_login(world.users[persona])
    assert client.post(reverse("reports:case_export"), OCTOBER).status_code == 403
    assert not Export.objects.exists()
