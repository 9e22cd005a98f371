"""The privacy officer's reader of the audit log (issue 17 item 7): filters, pages,
exports, no case content, its own reading logged, and refused to everyone else."""

import csv
import datetime as dt
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
import time_machine
from openpyxl import load_workbook

from conftest import PERSONAS
from gir.audit.models import AuditAction, AuditEvent
from gir.audit.services import audit_prune, log_event
from gir.audit.verify import chain_verify
from gir.core import clock
from gir.perpetrators.tests.factories import PerpetratorFactory

pytestmark = pytest.mark.django_db

LIST = reverse("privacy:audit_log")
EXPORT = reverse("privacy:audit_export")


@pytest.fixture
def officer(client, world):
    client.force_login(world.users["privacy_officer"])
    return client


@pytest.fixture
def story(world):
    """A little history: a perpetrator read, a search at the desk, a log-in, a role
    granted, and a status change with a reason (case content)."""
    person = PerpetratorFactory(full_name="Bart Hendrix")
    coordinator, reception = world.users["coordinator"], world.users["reception"]
    log_event(actor=coordinator, action=AuditAction.PERPETRATOR_READ, target=person)
    log_event(
        actor=reception,
        action=AuditAction.RECEPTION_CHECK,
        target=None,
        target_type="perpetrators.reception_check",
        detail="Bart Hendriks",  # misspelt: found by whom it showed
        changes={"getoond": [{"veroorzaker": person.pk, "maatregelen": []}]},
    )
    log_event(actor=reception, action=AuditAction.LOGGED_IN, target=reception, detail="127.0.0.1")
    log_event(
        actor=world.users["administrator"],
        action=AuditAction.ROLE_GRANTED,
        target=world.users["employee"],
        changes={"voor": ["medewerker"], "na": ["medewerker", "coördinator"]},
    )
    log_event(
        actor=coordinator,
        action=AuditAction.STATUS_CHANGED,
        target=world.incident_a,
        detail="Geheime reden: de dader is de buurman",
        changes={"status": ["gemeld", "in behandeling"]},
    )
    return person


@pytest.mark.parametrize("persona", sorted(set(PERSONAS) - {"privacy_officer"}))
def test_everyone_else_is_refused(client, world, story, persona):
    client.force_login(world.users[persona])
    assert client.get(LIST).status_code == 403
    assert client.get(EXPORT).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.AUDIT_LOG_VIEWED).exists()


def test_the_log_shows_who_did_what_to_which_object_without_case_content(officer, world, story):
    response = officer.get(LIST)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    body = response.content.decode()
    assert f"Veroorzaker #{story.pk}" in body
    assert "Bart Hendriks" in body and "1 personen getoond" in body  # the search term at the desk
    assert "Ingelogd" in body and "127.0.0.1" in body
    assert "Account employee" in body and "coördinator" in body  # before and after of a role
    assert f"Melding {world.incident_a.reference}" in body
    assert "Geheime reden" not in body and "in behandeling" not in body
    assert "Bart Hendrix" not in body  # the register's name is not shown


@pytest.fixture
def old_row(db):
    """A row at the old end of the log, written before the world's."""
    with time_machine.travel(clock.now() - dt.timedelta(days=800), tick=False):
        log_event(actor=None, action=AuditAction.LOGIN_FAILED, target=None, target_type="accounts.user")


def test_the_screen_says_where_the_retention_cut_the_log(old_row, officer, settings):
    settings.GIR_AUDIT_RETENTION_DAYS = 365
    assert "na de bewaartermijn" not in officer.get(LIST).content.decode()
    audit_prune()
    body = officer.get(LIST).content.decode()
    assert "na de bewaartermijn van 365 dagen verwijderd (1 regels" in body


def test_viewing_is_logged_and_the_chain_holds(officer, world, story):
    officer.get(LIST, {"gebruiker": "reception", "soort": "logins"})
    event = AuditEvent.objects.filter(action=AuditAction.AUDIT_LOG_VIEWED).get()
    assert event.actor == world.users["privacy_officer"]
    assert event.changes == {"filters": {"gebruiker": "reception", "soort": "logins"}, "pagina": 1}
    assert chain_verify().intact


def rows_of(response) -> list[str]:
    return [row.action for row in response.context["rows"]]


def test_filters_by_person_user_period_and_kind(officer, world, story):
    by_name = officer.get(LIST, {"persoon": "hendrix"})
    assert set(rows_of(by_name)) == {"Gegevens veroorzaker bekeken", "Bezoeker gecontroleerd"}
    by_reference = officer.get(LIST, {"persoon": world.incident_a.reference}).context["rows"]
    assert "Status gewijzigd" in [row.action for row in by_reference]
    assert {row.target for row in by_reference} == {f"Melding {world.incident_a.reference}"}
    assert rows_of(officer.get(LIST, {"persoon": "employee"})) == ["Rol toegekend"]
    by_user = officer.get(LIST, {"gebruiker": "reception"})
    assert set(rows_of(by_user)) == {"Bezoeker gecontroleerd", "Ingelogd"}
    assert rows_of(officer.get(LIST, {"soort": "accounts"})) == ["Rol toegekend"]
    # The officer's own log-in is in the log too.
    logins = officer.get(LIST, {"handeling": "logged_in"}).context["rows"]
    assert sorted(row.actor for row in logins) == sorted(
        f"{world.users[name]} ({name})" for name in ("reception", "privacy_officer")
    )
    today = clock.today()
    tomorrow = (today + dt.timedelta(days=1)).strftime("%d-%m-%Y")
    nothing = officer.get(LIST, {"van": tomorrow})
    assert rows_of(nothing) == []
    assert "Geen regels die aan deze filters voldoen." in nothing.content.decode()
    assert len(rows_of(officer.get(LIST, {"tot": today.strftime("%d-%m-%Y"), "soort": "reads"}))) == 2


def test_a_period_the_wrong_way_round_is_a_dutch_error(officer, story):
    response = officer.get(LIST, {"van": "10-11-2026", "tot": "01-11-2026"})
    assert response.status_code == 400
    assert "De einddatum ligt voor de begindatum." in response.content.decode()
    bad = officer.get(LIST, {"van": "31-02-2026"})
    assert bad.status_code == 400


def test_export_as_csv_and_xlsx_is_logged(officer, world, story):
    response = officer.get(EXPORT, {"gebruiker": "reception", "formaat": "csv"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[0][:5] == ["Regel", "Tijdstip", "Door", "Handeling", "Object"]
    assert {line[3] for line in lines[1:]} == {"Bezoeker gecontroleerd", "Ingelogd"}
    response = officer.get(EXPORT, {"formaat": "xlsx"})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [[cell for cell in row] for row in book.active.iter_rows(values_only=True)]
    assert "Geheime reden" not in repr(values)
    exported = AuditEvent.objects.filter(action=AuditAction.AUDIT_LOG_EXPORTED).order_by("pk")
    assert [e.detail for e in exported] == ["csv", "xlsx"]
    assert exported[0].changes["regels"] == 2


def test_the_query_count_does_not_grow_with_the_rows(officer, world):
    def fill(count: int) -> None:
        with time_machine.travel(clock.now() - dt.timedelta(days=1), tick=False):
            for n in range(count):
                user = world.users[sorted(PERSONAS)[n % len(PERSONAS)]]
                log_event(actor=user, action=AuditAction.ROLE_GRANTED, target=user)
                log_event(actor=user, action=AuditAction.PERPETRATOR_READ, target=world.incident_a)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert officer.get(LIST).status_code == 200
        return len(captured)

    fill(5)
    few = queries()
    fill(20)
    assert queries() == few


def test_a_change_reads_before_and_after_with_an_arrow():
    from gir.privacy.selectors import _changes_text

    changes = {"rollen": [["Medewerker"], ["Medewerker", "Coördinator"]], "aanvraag": [None, "Coördinator"]}
    assert (
        _changes_text(changes) == "rollen: Medewerker → Medewerker, Coördinator; aanvraag: geen → Coördinator"
    )
