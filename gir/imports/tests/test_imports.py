"""The import of existing registrations (issue 7 item 4): the example files import after a
dry run; bad input is reported per row and nothing is written; all rows or none."""

import csv
import datetime as dt
import io
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from gir.audit.models import AuditAction, AuditEvent
from gir.audit.verify import chain_verify
from gir.imports import services
from gir.imports.constants import BatchStatus
from gir.imports.management.commands.make_import_example import HEADERS, ROWS, example_csv, example_xlsx
from gir.imports.mapping import guess_mapping
from gir.imports.models import ImportBatch
from gir.imports.reading import ImportFileError, read_table
from gir.incidents.constants import BehaviourKind, IncidentStatus, ReporterRole, Setting
from gir.incidents.models import Incident, IncidentBehaviour
from gir.protocol.constants import StepStatus
from gir.protocol.models import Step, StepNotice
from gir.protocol.notices import notices_plan

EXAMPLES = Path(settings.BASE_DIR) / "docs" / "examples"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def csv_bytes(rows: list[list[str]], headers=HEADERS, delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def row(
    day="12-03-2025", unit="Publiekszaken", what="Klant schold.", ref="", status="", **extra
) -> list[str]:
    values = {
        "Datum": day,
        "Tijd": "10:00",
        "Afdeling": unit,
        "Plaats/Situatie": "Balie",
        "Wat gebeurde er": what,
        "Soort gedrag": "Schelden",
        "Ernst (A-E)": "C",
        "Letsel": "Geen",
        "Dader bekend": "ja",
        "Volgnummer": ref,
        "Status": status,
    }
    values.update(extra)
    return [values[h] for h in HEADERS]


def check(coordinator, data: bytes, name="oud.csv", mapping=None):
    batch = services.batch_upload(actor=coordinator, name=name, data=data)
    result = services.batch_check(actor=coordinator, batch=batch, mapping=mapping or batch.mapping)
    batch.refresh_from_db()
    return batch, result


def run(coordinator, batch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.batch_import_start(actor=coordinator, batch=batch)
    batch.refresh_from_db()
    return batch


def test_committed_examples_are_the_generated_ones():
    assert (EXAMPLES / "registratie-voorbeeld.csv").read_bytes() == example_csv()
    table = read_table((EXAMPLES / "registratie-voorbeeld.xlsx").read_bytes())
    assert table.kind == "xlsx" and table.headers == list(HEADERS) and len(table.rows) == len(ROWS)
    assert read_table(example_xlsx()).headers == list(HEADERS)


def test_guessed_mapping_of_the_example():
    mapping = guess_mapping(list(HEADERS))
    assert mapping == {
        "datum": "Datum",
        "tijd": "Tijd",
        "afdeling": "Afdeling",
        "situatie": "Plaats/Situatie",
        "gedrag": "Soort gedrag",
        "ernst": "Ernst (A-E)",
        "omschrijving": "Wat gebeurde er",
        "locatie": "",
        "letsel": "Letsel",
        "veroorzaker_bekend": "Dader bekend",
        "kenmerk": "Volgnummer",
        "status": "Status",
    }
    assert guess_mapping(["Datum incident", "Afdeling/team", "Omschrijving"])["datum"] == "Datum incident"


@pytest.mark.parametrize("name", ["registratie-voorbeeld.xlsx", "registratie-voorbeeld.csv"])
def test_example_imports_after_a_dry_run(
    demo_units, coordinator, name, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    before = Incident.objects.count()
    batch, result = check(coordinator, (EXAMPLES / name).read_bytes(), name=name)
    assert result.is_clean, [(r.number, r.errors) for r in result.error_rows]
    assert batch.status == BatchStatus.CHECKED and batch.total == len(ROWS) and batch.may_import
    assert Incident.objects.count() == before  # the dry run wrote nothing

    batch = run(coordinator, batch, django_capture_on_commit_callbacks)
    assert batch.status == BatchStatus.DONE, batch.error
    assert batch.done == batch.total == len(ROWS)
    imported = services.imported_incidents(batch)
    assert imported.count() == len(ROWS) == Incident.objects.count() - before
    first = imported.get(import_reference="2025001")
    assert first.team == demo_units["Publiekszaken"]
    assert first.status == IncidentStatus.CLOSED and first.closed_at is not None
    assert first.reporter == coordinator and first.reporter_role == ReporterRole.ON_BEHALF
    assert first.setting == Setting.COUNTER and first.escalation_level == "C"
    assert list(first.behaviours.values_list("kind", flat=True)) == [BehaviourKind.VERBAL]
    assert timezone.localtime(first.occurred_at).strftime("%d-%m-%Y %H:%M") == "08-01-2025 09:15"
    assert first.imported_at == first.submitted_at == batch.imported_at
    assert set(imported.get(import_reference="2025003").behaviours.values_list("kind", flat=True)) == {
        BehaviourKind.THREAT,
        BehaviourKind.VANDALISM,
    }
    # Open rows (status "Open", or none and younger than 90 days) are reported, with a handler's plan.
    still_open = imported.get(import_reference="2025027")
    assert still_open.status == IncidentStatus.REPORTED and still_open.steps.exists()
    created = AuditEvent.objects.filter(action=AuditAction.CREATED, detail="geïmporteerd")
    assert created.count() == len(ROWS)
    assert AuditEvent.objects.filter(target_type="imports.importbatch", target_id=str(batch.pk)).count() == 1

    # The same file again: every row is a duplicate of an imported incident.
    again, result = check(coordinator, (EXAMPLES / name).read_bytes(), name=name)
    assert len(result.error_rows) == len(ROWS) and not again.may_import
    assert "al geïmporteerd" in result.rows[0].errors[0]


def assert_nothing_written(before: int) -> None:
    assert Incident.objects.count() == before
    assert not Incident.objects.filter(imported_at__isnull=False).exists()


def errors_of(result) -> dict[int, list[str]]:
    return {r.number: r.errors for r in result.rows if r.errors}


def test_wrong_columns_are_reported_before_any_row(demo_units, coordinator):
    before = Incident.objects.count()
    data = csv_bytes([["12-03-2025", "Klant schold."]], headers=("Wanneer gebeurd", "Tekst"))
    batch, result = check(coordinator, data, mapping={"datum": "", "afdeling": ""})
    assert result.columns == [
        "Geen kolom gekozen voor ‘Datum’; die is verplicht.",
        "Geen kolom gekozen voor ‘Afdeling of team’; die is verplicht.",
    ]
    assert not batch.may_import and batch.report["columns"]
    with pytest.raises(ValidationError):
        services.batch_import_start(actor=coordinator, batch=batch)
    assert_nothing_written(before)


def test_bad_rows_are_reported_per_row_and_nothing_is_written(demo_units, coordinator):
    before = Incident.objects.count()
    future = (timezone.localdate() + dt.timedelta(days=3)).strftime("%d-%m-%Y")
    data = csv_bytes(
        [
            row(what="Goed."),  # row 2
            row(day="31-02-2025", what="b"),  # 3
            row(day="gisteren", what="c"),  # 4
            row(day=future, what="d"),  # 5
            row(unit="Afdeling Onbekend", what="e"),  # 6
            row(what="f", **{"Plaats/Situatie": "Zwembad"}),  # 7
            row(what="g", **{"Soort gedrag": "Schelden, gillen"}),  # 8
            row(what="Goed."),  # 9: the same as row 2
            row(day="", what="h"),  # 10
            row(what="i", **{"Ernst (A-E)": "Z"}),  # 11
        ]
    )
    batch, result = check(coordinator, data)
    errors = errors_of(result)
    assert 2 not in errors
    assert errors[3] == ["Onleesbare datum ‘31-02-2025’; schrijf dd-mm-jjjj."]
    assert errors[4] == ["Onleesbare datum ‘gisteren’; schrijf dd-mm-jjjj."]
    assert errors[5] == [f"De datum {future} ligt in de toekomst."]
    assert errors[6] == ["Onbekende afdeling ‘Afdeling Onbekend’."]
    assert errors[7] == ["Onbekende situatie ‘Zwembad’."]
    assert errors[8] == ["Onbekend soort gedrag ‘gillen’."]
    assert errors[9] == ["Dubbele rij: dezelfde datum, afdeling en omschrijving als rij 2."]
    assert errors[10] == ["De datum ontbreekt."]
    assert errors[11] == ["Onbekende ernst ‘Z’; kies A, B, C, D of E."]
    assert batch.error_count == 9 and not batch.may_import
    # The report keeps the rows with errors first.
    assert [r["row"] for r in batch.report["rows"]][:3] == [3, 4, 5]
    with pytest.raises(ValidationError):
        services.batch_import_start(actor=coordinator, batch=batch)
    assert_nothing_written(before)


def test_duplicate_of_an_incident_already_in_gir(demo_units, coordinator, django_capture_on_commit_callbacks):
    first, _result = check(coordinator, csv_bytes([row(ref="A-1", what="Eerste.")]))
    run(coordinator, first, django_capture_on_commit_callbacks)
    before = Incident.objects.count()
    data = csv_bytes(
        [row(ref="A-1", what="Ander verhaal."), row(ref="A-2", what="Eerste."), row(ref="A-3", what="Nieuw.")]
    )
    _batch, result = check(coordinator, data)
    errors = errors_of(result)
    assert errors[2][0].startswith("Kenmerk ‘A-1’ is al geïmporteerd (M-")
    assert "staat al in GIR als M-" in errors[3][0]
    assert 4 not in errors
    assert Incident.objects.count() == before


def test_duplicate_reference_within_the_file(demo_units, coordinator):
    _batch, result = check(coordinator, csv_bytes([row(ref="7", what="a"), row(ref="7", what="b")]))
    assert errors_of(result) == {3: ["Kenmerk ‘7’ staat ook in rij 2."]}


@pytest.mark.parametrize(("data", "name"), [(PNG, "oud.xlsx"), (PDF, "oud.csv"), (PDF, "oud.xlsx")])
def test_a_file_that_is_not_a_spreadsheet_is_refused(demo_units, coordinator, data, name):
    with pytest.raises(ValidationError) as refused:
        services.batch_upload(actor=coordinator, name=name, data=data)
    assert "geen spreadsheet" in refused.value.messages[0]
    assert not ImportBatch.objects.exists()


def test_csv_encodings_and_delimiters():
    text = "Datum,Afdeling,Omschrijving\r\n01-02-2025,Publiekszaken,Café “De Hoek”\r\n"
    table = read_table(text.encode("cp1252"))
    assert table.kind == "csv" and table.headers == ["Datum", "Afdeling", "Omschrijving"]
    assert table.rows == [
        (2, {"Datum": "01-02-2025", "Afdeling": "Publiekszaken", "Omschrijving": "Café “De Hoek”"})
    ]
    tabbed = read_table("\ufeffDatum\tAfdeling\n2025-02-01\tGriffie\n".encode())
    assert tabbed.headers == ["Datum", "Afdeling"] and tabbed.rows[0][1]["Afdeling"] == "Griffie"
    with pytest.raises(ImportFileError, match="meer dan 1 rijen"):
        read_table(b"Datum;Afdeling\n01-01-2025;A\n02-01-2025;B\n", max_rows=1)
    with pytest.raises(ImportFileError, match="geen rijen met gegevens"):
        read_table(b"Datum;Afdeling\n")


def test_excel_dates_and_times(demo_units, coordinator):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Datum", "Tijd", "Afdeling"])
    sheet.append([dt.datetime(2025, 3, 12, 14, 30), None, "griffie"])  # noqa: DTZ001 - a wall-clock time in Excel
    sheet.append([45729, 0.5, "Griffie"])  # an Excel day number and a part of a day
    sheet.append(["2025-03-14", "9.05", "Griffie"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    _batch, result = check(coordinator, buffer.getvalue(), name="oud.xlsx")
    assert result.is_clean, errors_of(result)
    moments = [timezone.localtime(r.clean.occurred_at).strftime("%d-%m-%Y %H:%M") for r in result.rows]
    assert moments == ["12-03-2025 14:30", "13-03-2025 12:00", "14-03-2025 09:05"]


def test_the_import_is_all_or_nothing(
    demo_units, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    """A failure in the second chunk: the first chunk was committed, and is removed again."""
    recent = (timezone.localdate() - dt.timedelta(days=2)).strftime("%d-%m-%Y")
    rows = [row(day=recent, ref=str(n), what=f"Rij {n}", status="open") for n in range(5)]
    batch, result = check(coordinator, csv_bytes(rows))
    assert result.is_clean
    monkeypatch.setattr(services, "CHUNK_ROWS", 2)
    monkeypatch.setattr(services, "CHUNK_SECONDS", 60)  # chunks by count, however slow the machine
    before = Incident.objects.count()
    events_before_pk = AuditEvent.objects.order_by("pk").values_list("pk", flat=True).last() or 0
    real = services.incident_import_row
    calls = []

    def failing(**kwargs):
        calls.append(kwargs["row"].number)
        if len(calls) == 4:
            raise RuntimeError("schijf vol")
        return real(**kwargs)

    monkeypatch.setattr(services, "incident_import_row", failing)
    batch = run(coordinator, batch, django_capture_on_commit_callbacks)
    assert len(calls) == 4
    assert batch.status == BatchStatus.FAILED and "schijf vol" in batch.error and "niets" in batch.error
    assert_nothing_left(before)
    # The audit log keeps what happened: two incidents written (the first chunk), then removed.
    new_events = AuditEvent.objects.filter(pk__gt=events_before_pk)
    created = set(new_events.filter(action=AuditAction.CREATED).values_list("target_type", "target_id"))
    undone = set(new_events.filter(action=AuditAction.IMPORT_UNDONE).values_list("target_type", "target_id"))
    assert len(created) == 2 and created == undone
    assert new_events.order_by("pk").last().action == AuditAction.IMPORT_UNDONE
    assert chain_verify().intact
    assert not services.imported_incidents(batch).exists()


def assert_nothing_left(before: int) -> None:
    assert_nothing_written(before)
    assert not Step.objects.exists() and not StepNotice.objects.exists()
    assert not IncidentBehaviour.objects.exists()


def test_imported_incidents_get_no_notices_for_long_past_deadlines(
    demo_units, coordinator, django_capture_on_commit_callbacks
):
    long_ago = (timezone.localdate() - dt.timedelta(days=30)).strftime("%d-%m-%Y")
    batch, _result = check(coordinator, csv_bytes([row(day=long_ago, status="open", what="Oud maar open.")]))
    batch = run(coordinator, batch, django_capture_on_commit_callbacks)
    incident = services.imported_incidents(batch).get()
    assert incident.imported_at is not None and incident.status == IncidentStatus.REPORTED
    steps = incident.steps.filter(status=StepStatus.OPEN)
    assert steps.filter(due_at__lt=incident.imported_at).exists()
    notices_plan(now=timezone.now() + dt.timedelta(hours=1))
    assert not StepNotice.objects.filter(
        step__incident=incident, step__due_at__lt=incident.imported_at
    ).exists()

    # The same incident had it been reported in GIR would get them.
    Incident.objects.filter(pk=incident.pk).update(imported_at=None)
    assert notices_plan(now=timezone.now() + dt.timedelta(hours=1)) > 0
    assert StepNotice.objects.filter(step__incident=incident).exists()


def test_a_step_due_after_the_import_still_gets_its_notices(
    demo_units, coordinator, django_capture_on_commit_callbacks
):
    today = timezone.localdate().strftime("%d-%m-%Y")
    batch, _result = check(
        coordinator, csv_bytes([row(day=today, status="open", what="Vandaag.", Tijd="00:00")])
    )
    batch = run(coordinator, batch, django_capture_on_commit_callbacks)
    incident = services.imported_incidents(batch).get()
    later = Step.objects.filter(incident=incident, due_at__gt=incident.imported_at).order_by("due_at").first()
    assert later is not None
    notices_plan(now=later.due_at + dt.timedelta(days=30))
    assert StepNotice.objects.filter(step=later).exists()


def test_an_incident_someone_added_to_meanwhile_stays_when_the_import_fails(
    demo_units, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    """Damage recorded on an incident of the first chunk before the second one failed:
    that incident is kept, and the batch says so; the other is removed."""
    from gir.damage.tests.factories import item

    batch, result = check(coordinator, csv_bytes([row(ref=str(n), what=f"Rij {n}") for n in range(4)]))
    assert result.is_clean
    monkeypatch.setattr(services, "CHUNK_ROWS", 2)
    monkeypatch.setattr(services, "CHUNK_SECONDS", 60)
    real_row, real_chunk = services.incident_import_row, services._chunk_write
    written = []

    def row_then_fail(**kwargs):
        if len(written) == 2:
            raise RuntimeError("schijf vol")
        written.append(real_row(**kwargs))
        return written[-1]

    def chunk_then_damage(**kwargs):
        done = real_chunk(**kwargs)
        if done == 2:
            item(coordinator, written[0])  # someone records damage on the first one
        return done

    monkeypatch.setattr(services, "incident_import_row", row_then_fail)
    monkeypatch.setattr(services, "_chunk_write", chunk_then_damage)
    batch = run(coordinator, batch, django_capture_on_commit_callbacks)
    assert batch.status == BatchStatus.FAILED
    assert "1 geïmporteerde melding(en) zijn niet verwijderd" in batch.error
    assert list(services.imported_incidents(batch)) == [written[0]]
    assert not Incident.objects.filter(pk=written[1].pk).exists()
    undone = AuditEvent.objects.filter(action=AuditAction.IMPORT_UNDONE)
    assert list(undone.values_list("target_id", flat=True)) == [str(written[1].pk)]
