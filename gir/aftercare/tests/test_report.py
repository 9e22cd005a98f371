"""The quarterly aftercare report to the director (001 §10.3): aggregates only, small
groups and what would give them away shown as "*" (ADR 0022)."""

import datetime as dt
import io

from django.urls import reverse

import pytest
import time_machine
from pypdf import PdfReader

from gir.aftercare.constants import ConversationStatus, Referral, SecondaryVictimisation, Stage
from gir.aftercare.models import Conversation
from gir.aftercare.report import Quarter, aftercare_figures
from gir.audit.models import AuditAction, AuditEvent
from gir.core.clock import AMSTERDAM
from gir.core.disclosure import HIDDEN

OCCURRED = dt.datetime(2025, 2, 3, 9, 0, tzinfo=AMSTERDAM)
Q1 = {"jaar": "2025", "kwartaal": "1"}


def _held(incident, n: int, *, stage=Stage.FIRST, hours: float = 1, referral=Referral.NONE, **extra):
    return Conversation.objects.create(
        incident=incident,
        stage=stage,
        employee_name=f"Medewerker {n}",
        status=ConversationStatus.HELD,
        held_at=OCCURRED + dt.timedelta(hours=hours),
        secondary_victimisation=SecondaryVictimisation.NONE,
        referral=referral,
        **extra,
    )


@pytest.fixture
def quarter_data(world):
    """Q1 2025: six first conversations (3 within 24h, 5 within 72h), two second ones;
    five referrals to the company doctor, one to a psychologist; one declined offer."""
    incident = world.incident_a
    incident.occurred_at = OCCURRED
    incident.save()
    for n, hours in enumerate([2, 10, 20, 30, 50, 100]):
        _held(incident, n, hours=hours, referral=Referral.COMPANY_DOCTOR if n < 5 else Referral.PSYCHOLOGIST)
    _held(incident, 10, stage=Stage.SECOND, hours=24 * 6)
    _held(incident, 11, stage=Stage.SECOND, hours=24 * 7, secondary_victimisation_notes="")
    Conversation.objects.create(
        incident=incident,
        stage=Stage.FIRST,
        employee_name="Medewerker 20",
        status=ConversationStatus.DECLINED,
        declined_at=OCCURRED + dt.timedelta(hours=5),
    )
    # Outside the quarter: not counted.
    _held(incident, 30, hours=24 * 70)
    Conversation.objects.create(
        incident=incident,
        stage=Stage.FIRST,
        employee_name="Medewerker 31",
        status=ConversationStatus.DECLINED,
        declined_at=dt.datetime(2025, 4, 2, tzinfo=AMSTERDAM),
    )
    return incident


def test_figures_count_first_conversations_within_24_and_72_hours(quarter_data):
    figures = aftercare_figures(Quarter(2025, 1))
    # 8 held: 6 first, 2 second. The two second ones are hidden; the first ones and the
    # total too, and the "niet ervaren" count that equals the total, or 8 - 6 = 2.
    assert figures.held == HIDDEN
    assert figures.first_held == HIDDEN
    timing = [(cell.count, cell.text) for cell in figures.first_timing]
    assert timing == [(3, "*"), (2, "*"), (1, "*")]  # within 24 h, 24–72 h, later
    assert [(c.count, c.text) for c in figures.secondary_victimisation] == [(0, "0"), (8, "*")]
    assert figures.declined == HIDDEN  # 1
    referrals = {cell.label: cell.text for cell in figures.referrals}
    assert referrals[str(Referral.COMPANY_DOCTOR.label)] == "5"
    assert referrals[str(Referral.PSYCHOLOGIST.label)] == HIDDEN
    assert referrals[str(Referral.TRAUMA_CARE.label)] == "0"
    by_stage = {cell.label: cell.text for cell in figures.held_by_stage}
    assert by_stage[str(Stage.SECOND.label)] == HIDDEN
    assert by_stage[str(Stage.FIRST.label)] == HIDDEN
    assert by_stage[str(Stage.THIRD.label)] == "0"


def test_report_page_shows_aggregates_only(client, world, quarter_data):
    client.force_login(world.users["director"])
    response = client.get(reverse("aftercare:report"), Q1)
    body = response.content.decode()
    assert response.status_code == 200
    assert "1e kwartaal 2025" in body
    assert ">*<" in body and "&lt;5" not in body
    assert "Medewerker" not in body
    assert quarter_data.reference not in body


@pytest.mark.parametrize("persona", ["director", "coordinator", "aftercare"])
def test_report_readers(client, world, persona):
    client.force_login(world.users[persona])
    assert client.get(reverse("aftercare:report")).status_code == 200


@pytest.mark.parametrize("persona", ["team_manager", "employee", "legal", "mayor"])
def test_others_are_refused_the_report(client, world, persona):
    client.force_login(world.users[persona])
    assert client.get(reverse("aftercare:report")).status_code == 403
    assert client.get(reverse("aftercare:report_pdf")).status_code == 403


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"jaar": "twintig", "kwartaal": "1"}, "Kies een jaar en een kwartaal"),
        ({"jaar": "2025", "kwartaal": "5"}, "Kies een jaar en een kwartaal"),
        ({"jaar": "2099", "kwartaal": "1"}, "nog niet begonnen"),
    ],
)
def test_a_bad_quarter_is_refused_with_400(client, world, query, message):
    client.force_login(world.users["director"])
    for name in ("aftercare:report", "aftercare:report_pdf"):
        response = client.get(reverse(name), query)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.AFTERCARE_REPORT_VIEWED).exists()


def test_default_is_the_last_complete_quarter(client, world):
    client.force_login(world.users["director"])
    with time_machine.travel(dt.datetime(2026, 2, 10, 12, 0, tzinfo=AMSTERDAM)):
        body = client.get(reverse("aftercare:report")).content.decode()
    assert "4e kwartaal 2025" in body


def test_the_pdf_opens_shows_small_groups_hidden_and_is_logged(client, world, quarter_data):
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("aftercare:report_pdf"), Q1)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Kwartaalrapportage nazorg" in text
    assert "*" in text and "<5" not in text
    assert "Medewerker" not in text
    event = AuditEvent.objects.get(action=AuditAction.AFTERCARE_REPORT_VIEWED)
    assert event.actor == world.users["coordinator"]
    assert event.target_type == "aftercare.report" and event.target_id == ""


@pytest.mark.parametrize(
    ("persona", "in_menu", "on_home"),
    [
        ("director", True, True),
        ("coordinator", False, True),
        ("aftercare", False, True),
        ("team_manager", False, False),
    ],
)
def test_who_finds_the_report(client, world, persona, in_menu, on_home):
    client.force_login(world.users[persona])
    body = client.get(reverse("home:home")).content.decode()
    link = f'href="{reverse("aftercare:report")}"'
    menu = body.split("</nav>")[0]
    assert (link in menu) == in_menu
    assert (link in body) == on_home


def test_no_hidden_figure_can_be_worked_out(quarter_data):
    """The attacker of ADR 0022 over what the report shows: held = the stages, the first
    talks = their timings, held = with and without secondary victimisation."""
    from gir.core.tests.auditor import Auditor

    figures = aftercare_figures(Quarter(2025, 1))
    auditor = Auditor()
    auditor.see("held", figures.held)
    for name, cells in (
        ("stage", figures.held_by_stage),
        ("timing", figures.first_timing),
        ("secondary", figures.secondary_victimisation),
        ("referral", figures.referrals),
    ):
        for i, cell in enumerate(cells):
            auditor.see((name, i), cell.text)
    auditor.see("first", figures.first_held)
    auditor.sum("held", [("stage", i) for i in range(len(figures.held_by_stage))])
    auditor.sum("first", [("stage", 0)])
    auditor.sum("first", [("timing", i) for i in range(3)])
    auditor.sum("held", [("secondary", 0), ("secondary", 1)])
    assert auditor.hidden and auditor.given_away() == {}
