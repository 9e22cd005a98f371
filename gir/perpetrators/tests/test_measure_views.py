"""The measure pages: propose on one screen with the advice, then decide, communicate,
the conduct meeting, objections and withdrawal (001 §6.4, §8; 002 #9)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

import pytest

from gir.audit.models import AuditAction, AuditEvent
from gir.incidents.constants import BehaviourKind
from gir.incidents.tests.factories import IncidentFactory
from gir.perpetrators import services
from gir.perpetrators.constants import (
    Hearing,
    MeasureKind,
    MeasureStatus,
    MeetingAttendance,
    ObjectionOutcome,
)
from gir.perpetrators.models import Measure
from gir.perpetrators.tests.factories import MeasureFactory, PerpetratorFactory
from gir.protocol.constants import StepKind, StepStatus


@pytest.fixture
def person(world):
    return PerpetratorFactory(
        full_name="Pieter de Vries", date_of_birth=dt.date(1980, 5, 1), incidents=[world.incident_a]
    )


@pytest.fixture
def manager(client, world):
    client.force_login(world.users["team_manager"])
    return client


def decide_data(measure, **overrides):
    today = timezone.localdate()
    data = {
        "hearing": Hearing.HEARD,
        "hearing_notes": "Hij zegt dat hij boos was over zijn uitkering.",
        "grounds": "Bedreiging van een medewerker aan de balie.",
        "proportionality": "Bedreiging is ernstig; eerder gewaarschuwd.",
        "decided_by": "",
        "starts_on": today.isoformat(),
        "ends_on": services.standard_ban_end(today).isoformat(),
        "period_reason": "",
        "version": measure.version,
    }
    data.update(overrides)
    return data


# --- Propose ---------------------------------------------------------------------------------


def test_the_propose_screen_shows_history_advice_and_only_visible_incidents(manager, world, person):
    other_team = IncidentFactory(reporter=world.users["employee_b"], team=world.team_b)
    services.perpetrator_link(actor=world.users["coordinator"], perpetrator=person, incident=other_team)
    earlier = MeasureFactory(
        perpetrator=person, kind=MeasureKind.VERBAL_WARNING, incidents=[world.incident_a]
    )
    response = manager.get(
        reverse("perpetrators:measure_create", args=[person.pk]), {"melding": world.incident_a.pk}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Dit is een advies. U beslist zelf welke maatregel past" in body
    assert response.context["advice"], "the protocol advises something for a repeated incident"
    assert "Bron: 001" in body
    assert reverse("perpetrators:measure", args=[earlier.pk]) in body
    choices = {incident.pk for incident in response.context["form"].fields["incidents"].queryset}
    assert choices == {world.incident_a.pk}
    assert other_team.reference in body  # shown as earlier incident, not choosable, not linked
    assert reverse("incidents:detail", args=[other_team.pk]) not in body


def test_the_advice_for_a_threat_is_a_ban_and_police(manager, world):
    threat = IncidentFactory(
        reporter=world.users["employee"], team=world.team_a, behaviours=[BehaviourKind.THREAT]
    )
    person = PerpetratorFactory(full_name="Karel Kok", incidents=[threat])
    response = manager.get(reverse("perpetrators:measure_create", args=[person.pk]), {"melding": threat.pk})
    labels = [label for advice in response.context["advice"] for label in advice.labels]
    assert "Toegangsverbod" in labels
    assert "Melding of aangifte bij de politie" in labels


def test_propose_then_decide_completes_the_decision_step_and_opens_the_letter_step(manager, world, person):
    response = manager.post(
        reverse("perpetrators:measure_create", args=[person.pk]),
        {"kind": MeasureKind.BUILDING_BAN, "incidents": [world.incident_a.pk], "notes": "Na bedreiging"},
    )
    assert response.status_code == 302
    ban = Measure.objects.get(perpetrator=person)
    assert response["Location"] == reverse("perpetrators:measure", args=[ban.pk])
    page = manager.get(response["Location"])
    assert page.status_code == 200
    form = page.context["decide_form"]
    assert form.initial["ends_on"] == services.standard_ban_end(timezone.localdate())
    assert "3 maanden" in page.content.decode()
    assert "Dit is een advies" in page.content.decode()
    decided = manager.post(
        reverse("perpetrators:measure_decide", args=[ban.pk]),
        decide_data(ban, decided_by=world.users["mayor"].pk),
    )
    assert decided.status_code == 302
    ban.refresh_from_db()
    assert ban.status == MeasureStatus.DECIDED
    assert ban.decided_by == world.users["mayor"]
    steps = {step.kind: step for step in world.incident_a.steps.all()}
    assert steps[StepKind.MEASURE_DECISION].status == StepStatus.DONE
    assert steps[StepKind.MEASURE_LETTER].status == StepStatus.OPEN
    incident_page = manager.get(reverse("incidents:detail", args=[world.incident_a.pk])).content.decode()
    assert "Toegangsverbod" in incident_page


def test_a_proposal_with_an_end_before_the_start_is_refused_and_kept(manager, world, person):
    response = manager.post(
        reverse("perpetrators:measure_create", args=[person.pk]),
        {
            "kind": MeasureKind.BUILDING_BAN,
            "incidents": [world.incident_a.pk],
            "starts_on": "2026-12-01",
            "ends_on": "2026-11-01",
            "notes": "Mijn toelichting",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "De einddatum ligt vóór de ingangsdatum." in body
    assert "Mijn toelichting" in body
    assert not Measure.objects.exists()


# --- Decide ----------------------------------------------------------------------------------


@pytest.fixture
def ban(world, person):
    return services.measure_propose(
        actor=world.users["team_manager"],
        perpetrator=person,
        kind=MeasureKind.BUILDING_BAN,
        incidents=[world.incident_a],
    )


def test_a_ban_without_an_end_date_is_refused_with_the_input_kept(manager, world, ban):
    response = manager.post(
        reverse("perpetrators:measure_decide", args=[ban.pk]),
        decide_data(ban, decided_by=world.users["mayor"].pk, ends_on=""),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Vul de einddatum in; deze maatregel geldt voor een bepaalde tijd." in body
    assert "Bedreiging van een medewerker aan de balie." in body
    ban.refresh_from_db()
    assert ban.status == MeasureStatus.PROPOSED


def test_a_decision_needs_hearing_and_a_mandated_signatory(manager, world, ban):
    response = manager.post(
        reverse("perpetrators:measure_decide", args=[ban.pk]),
        decide_data(ban, hearing="", decided_by=""),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Leg vast of de persoon is gehoord (hoor en wederhoor)." in body
    assert "Kies wie het besluit neemt." in body
    # A manager without a mandate is not offered for a ban.
    choices = response.context["decide_form"].fields["decided_by"].queryset
    assert world.users["team_manager"] not in choices
    assert world.users["mayor"] in choices


def test_a_stale_decision_is_refused_with_409_and_the_input_kept(manager, world, ban):
    stale = ban.version
    # Someone else changed the measure meanwhile: its version moved on.
    Measure.objects.filter(pk=ban.pk).update(version=stale + 1)
    response = manager.post(
        reverse("perpetrators:measure_decide", args=[ban.pk]),
        decide_data(ban, decided_by=world.users["mayor"].pk, version=stale, grounds="Mijn eigen gronden"),
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd." in body
    assert "Mijn eigen gronden" in body


def test_for_an_unmandated_kind_the_current_user_may_decide(manager, world, person):
    warning = services.measure_propose(
        actor=world.users["team_manager"],
        perpetrator=person,
        kind=MeasureKind.VERBAL_WARNING,
        incidents=[world.incident_a],
    )
    page = manager.get(reverse("perpetrators:measure", args=[warning.pk]))
    assert world.users["team_manager"] in page.context["decide_form"].fields["decided_by"].queryset
    response = manager.post(
        reverse("perpetrators:measure_decide", args=[warning.pk]),
        decide_data(warning, decided_by=world.users["team_manager"].pk, ends_on=""),
    )
    assert response.status_code == 302
    warning.refresh_from_db()
    assert warning.decided_by == world.users["team_manager"]


def test_reading_a_measure_page_logs_a_read_of_the_person(manager, world, person, ban):
    manager.get(reverse("perpetrators:measure", args=[ban.pk]))
    assert AuditEvent.objects.filter(
        action=AuditAction.PERPETRATOR_READ, target_type="perpetrators.perpetrator", target_id=str(person.pk)
    ).exists()


# --- After the decision ----------------------------------------------------------------------


@pytest.fixture
def decided_ban(world, ban):
    today = timezone.localdate()
    return services.measure_decide(
        actor=world.users["team_manager"],
        measure=ban,
        decided_by=world.users["mayor"],
        hearing=Hearing.NOT_HEARD,
        hearing_notes="Niet bereikbaar.",
        unheard_reason="Acute dreiging; de persoon was niet te bereiken.",
        grounds="Bedreiging.",
        proportionality="Ernstig.",
        starts_on=today,
        ends_on=services.standard_ban_end(today),
    )


def test_mark_communicated_makes_a_started_ban_active(manager, world, decided_ban):
    response = manager.post(
        reverse("perpetrators:measure_communicate", args=[decided_ban.pk]), {"version": decided_ban.version}
    )
    assert response.status_code == 302
    decided_ban.refresh_from_db()
    assert decided_ban.status == MeasureStatus.ACTIVE


def test_withdraw_needs_a_reason_and_is_for_the_coordinator(client, world, decided_ban):
    client.force_login(world.users["coordinator"])
    url = reverse("perpetrators:measure_withdraw", args=[decided_ban.pk])
    empty = client.post(url, {"reason": "", "version": decided_ban.version})
    assert empty.status_code == 400
    assert "Geef de reden om de maatregel in te trekken." in empty.content.decode()
    done = client.post(url, {"reason": "Verkeerde persoon", "version": decided_ban.version})
    assert done.status_code == 302
    decided_ban.refresh_from_db()
    assert decided_ban.status == MeasureStatus.WITHDRAWN
    assert decided_ban.end_reason == "Verkeerde persoon"


def test_an_objection_is_recorded_and_decided_partly_founded(client, world, decided_ban):
    client.force_login(world.users["legal"])
    today = timezone.localdate()
    future = client.post(
        reverse("perpetrators:objection_record", args=[decided_ban.pk]),
        {"received_on": (today + dt.timedelta(days=3)).isoformat(), "grounds": "Ik was het niet"},
    )
    assert future.status_code == 400
    assert "De datum van ontvangst ligt in de toekomst." in future.content.decode()
    assert "Ik was het niet" in future.content.decode()
    recorded = client.post(
        reverse("perpetrators:objection_record", args=[decided_ban.pk]),
        {"received_on": today.isoformat(), "grounds": "Ik was het niet"},
    )
    assert recorded.status_code == 302
    objection = decided_ban.objections.get()
    missing_end = client.post(
        reverse("perpetrators:objection_decide", args=[decided_ban.pk]),
        {
            "objection": objection.pk,
            "outcome": ObjectionOutcome.PARTLY,
            "handling": "Hoorzitting gehouden",
            "decided_on": today.isoformat(),
        },
    )
    assert missing_end.status_code == 400
    assert "Vul de nieuwe einddatum in." in missing_end.content.decode()
    new_end = today + dt.timedelta(days=30)
    decided = client.post(
        reverse("perpetrators:objection_decide", args=[decided_ban.pk]),
        {
            "objection": objection.pk,
            "outcome": ObjectionOutcome.PARTLY,
            "handling": "Hoorzitting gehouden",
            "decided_on": today.isoformat(),
            "new_ends_on": new_end.isoformat(),
        },
    )
    assert decided.status_code == 302
    decided_ban.refresh_from_db()
    assert decided_ban.ends_on == new_end


def test_plan_a_conduct_meeting_and_record_a_no_show(manager, world, person):
    meeting = services.measure_propose(
        actor=world.users["team_manager"],
        perpetrator=person,
        kind=MeasureKind.CONDUCT_MEETING,
        incidents=[world.incident_a],
    )
    url = reverse("perpetrators:measure_plan_meeting", args=[meeting.pk])
    incomplete = manager.post(
        url, {"meeting_at": "", "meeting_place": "Stadskantoor", "version": meeting.version}
    )
    assert incomplete.status_code == 400
    assert "Vul datum en tijd van het gesprek in." in incomplete.content.decode()
    assert "Stadskantoor" in incomplete.content.decode()
    planned = manager.post(
        url,
        {
            "meeting_at": "2026-12-01T10:00",
            "meeting_place": "Stadskantoor, kamer 2",
            "meeting_attendees": "Teamleider en CAG",
            "version": meeting.version,
        },
    )
    assert planned.status_code == 302
    meeting.refresh_from_db()
    page = manager.get(reverse("perpetrators:measure", args=[meeting.pk])).content.decode()
    assert "gewone post én aangetekend" in page
    recorded = manager.post(
        reverse("perpetrators:measure_record_meeting", args=[meeting.pk]),
        {"meeting_attendance": MeetingAttendance.NO_SHOW, "meeting_outcome": "", "version": meeting.version},
    )
    assert recorded.status_code == 302
    meeting.refresh_from_db()
    assert meeting.meeting_attendance == MeetingAttendance.NO_SHOW


def test_the_measure_page_shows_the_letters_section_and_history(manager, world, decided_ban):
    response = manager.get(reverse("perpetrators:measure", args=[decided_ban.pk]))
    assert "letters" in response.context
    assert response.context["measure"].pk == decided_ban.pk
    body = response.content.decode()
    assert 'id="letters-title"' in body
    assert "Maatregel voorgesteld" in body
    assert "Status gewijzigd" in body
