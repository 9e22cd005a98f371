"""Spreadsheets of the reports (issue 7 item 3): dashboard tables as shown, and the
coordinator's case-level export written in the background with its progress."""

import csv
import datetime as dt
import io

from openpyxl import load_workbook

from gir.accounts.constants import Role
from gir.accounts.models import UserRole
from gir.core.clock import AMSTERDAM
from gir.incidents.constants import Setting
from gir.incidents.models import Incident
from gir.perpetrators.services import perpetrator_save
from gir.protocol.tests.helpers import report
from gir.reports.constants import ExportFormat, ExportStatus
from gir.reports.exports import CASE_HEADER, csv_bytes, dashboard_sheets, xlsx_bytes
from gir.reports.figures import Period, build
from gir.reports.policy import FigureScope
from gir.reports.sections import page
from gir.reports.services import export_request
from gir.reports.tests.helpers import counted, incidents_so_far_at

PERIOD = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
Q4 = Period(dt.date(2026, 10, 1), dt.date(2026, 12, 31))


def _incidents(world, count: int, setting: str = Setting.COUNTER) -> list[Incident]:
    moment = dt.datetime(2026, 10, 5, 10, tzinfo=AMSTERDAM)
    return [report(world.users["employee"], occurred_at=moment, setting=setting) for _ in range(count)]


def test_a_suppressed_dashboard_exports_the_texts_it_shows(world):
    incidents_so_far_at(dt.datetime(2026, 11, 20, 10, tzinfo=AMSTERDAM))  # the world's three: Q4
    _incidents(world, 3, Setting.PHONE)
    _incidents(world, 7)
    counted()  # the worker counts them
    sheets = dashboard_sheets(page(build(FigureScope(None, restricted=True), Q4, None, suppress=True), None))
    setting = {row[0]: row[1] for row in sheets["setting"][1:]}
    assert setting[str(Setting.PHONE.label)] == setting[str(Setting.COUNTER.label)] == "*"
    assert "3" not in setting.values()
    assert sheets["quarter"][1][1] == sheets["overzicht"][2][1] == "13"  # as the page shows it
    rows = list(csv.reader(io.StringIO(csv_bytes(sheets["setting"]).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Situatie" and [str(Setting.PHONE.label), "*", "0"] in rows
    book = load_workbook(io.BytesIO(xlsx_bytes(sheets)), read_only=True)
    assert {"overzicht", "month", "quarter", "setting", "behaviour"} <= set(book.sheetnames)


def test_the_case_export_runs_in_the_background_without_names(world, django_capture_on_commit_callbacks):
    incidents = _incidents(world, 5)
    coordinator = world.users["coordinator"]
    perpetrator_save(actor=coordinator, data={"full_name": "Geheime Naam"}, incident=incidents[0])
    with django_capture_on_commit_callbacks(execute=True):
        export = export_request(actor=coordinator, period=PERIOD, unit=None, fmt=ExportFormat.XLSX)
    export.refresh_from_db()
    assert (export.status, export.total, export.done, export.percent) == (ExportStatus.DONE, 5, 5, 100)
    with export.file.open("rb") as handle:
        rows = list(load_workbook(io.BytesIO(handle.read()), read_only=True).active.values)
    assert list(rows[0]) == list(CASE_HEADER)
    assert sorted(row[0] for row in rows[1:]) == sorted(i.reference for i in incidents)
    flat = " ".join(str(value) for row in rows for value in row)
    assert "Geheime Naam" not in flat and world.users["employee"].last_name not in flat


def test_the_case_export_as_csv_and_for_a_unit(world, django_capture_on_commit_callbacks):
    _incidents(world, 2)
    other = report(world.users["employee_b"], occurred_at=dt.datetime(2026, 10, 6, 9, tzinfo=AMSTERDAM))
    with django_capture_on_commit_callbacks(execute=True):
        export = export_request(actor=world.users["coordinator"], period=PERIOD, unit=world.team_a, fmt="csv")
    export.refresh_from_db()
    with export.file.open("rb") as handle:
        text = handle.read().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 3 and other.reference not in text


def test_an_export_of_someone_who_is_no_longer_coordinator_is_not_written(
    world, django_capture_on_commit_callbacks
):
    coordinator = world.users["coordinator"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        export = export_request(actor=coordinator, period=PERIOD, unit=None, fmt="csv")
    UserRole.objects.filter(user=coordinator, role=Role.COORDINATOR).delete()
    coordinator.__dict__.pop("role_codes", None)
    for callback in callbacks:
        callback()
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and not export.file
