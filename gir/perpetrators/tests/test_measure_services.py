"""The measure lifecycle through its services (001 §8; 002 #9)."""

import datetime as dt

from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest
import time_machine

from gir.audit.models import AuditAction, AuditEvent
from gir.core.clock import AMSTERDAM
from gir.letters.constants import CopyDestination
from gir.letters.services import Delivery, letter_copy_done, letter_issue, template_save
from gir.perpetrators import services
from gir.perpetrators.constants import Hearing, Mandate, MeasureKind, MeasureStatus, ObjectionOutcome
from gir.perpetrators.models import Perpetrator
from gir.perpetrators.search import search_names
from gir.protocol.constants import StepKind, StepStatus

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def on_today():
    """These tests are written for one day: the clock stands there (and ticks on)."""
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(12), tzinfo=AMSTERDAM), tick=True):
        yield


@pytest.fixture
def person(world):
    return services.perpetrator_save(
        actor=world.users["coordinator"],
        data={"full_name": "Pieter de Vries", "aliases": "Piet Jansen", "date_of_birth": dt.date(1980, 5, 1)},
        incident=world.incident_a,
    )


def decide_ban(world, person, **overrides):
    ban = services.measure_propose(
        actor=world.users["team_manager"],
        perpetrator=person,
        kind=MeasureKind.BUILDING_BAN,
        incidents=[world.incident_a],
    )
    values = {
        "decided_by": world.users["mayor"],
        "hearing": Hearing.HEARD,
        "hearing_notes": "Hij zegt dat hij boos was over zijn uitkering.",
        "grounds": "Bedreiging van een medewerker aan de balie.",
        "proportionality": "Eerder gewaarschuwd; bedreiging is ernstig.",
        "starts_on": TODAY,
        "ends_on": services.standard_ban_end(TODAY),
    }
    values.update(overrides)
    return services.measure_decide(actor=world.users["team_manager"], measure=ban, **values)


def test_deciding_a_ban_completes_the_measure_step_and_opens_the_letter_step(world, person):
    ban = decide_ban(world, person)
    assert ban.status == MeasureStatus.DECIDED
    assert ban.mandate == Mandate.MAYOR
    steps = {s.kind: s for s in world.incident_a.steps.all()}
    assert steps[StepKind.MEASURE_DECISION].status == StepStatus.DONE
    assert steps[StepKind.MEASURE_DECISION].outcome == "building_ban"
    assert steps[StepKind.MEASURE_LETTER].status == StepStatus.OPEN


def test_a_ban_needs_hearing_grounds_and_a_mandated_signatory(world, person):
    with pytest.raises(ValidationError) as error:
        decide_ban(world, person, hearing="", grounds="", decided_by=world.users["team_manager"])
    assert {"hearing", "grounds", "decided_by"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        decide_ban(world, person, hearing=Hearing.NOT_HEARD, hearing_notes="")
    assert "hearing_notes" in error.value.message_dict


@pytest.mark.parametrize(
    ("ends_on", "reason", "field"),
    [
        (None, "", "ends_on"),
        (TODAY - dt.timedelta(days=1), "", "ends_on"),
        (TODAY + dt.timedelta(days=30), "", "period_reason"),
    ],
)
def test_ban_period_rules(world, person, ends_on, reason, field):
    with pytest.raises(ValidationError) as error:
        decide_ban(world, person, ends_on=ends_on, period_reason=reason)
    assert field in error.value.message_dict


def test_a_shorter_ban_with_a_reason_is_accepted(world, person):
    ban = decide_ban(world, person, ends_on=TODAY + dt.timedelta(days=30), period_reason="Eerste keer, spijt")
    assert ban.period_reason == "Eerste keer, spijt"


def test_letter_completes_the_48_hour_step_and_the_handover_makes_the_ban_active(
    world, person, settings, django_capture_on_commit_callbacks
):
    settings.GIR_BAN_NOTICE_RECIPIENTS = ["beveiliging@example.org"]
    ban = decide_ban(world, person)
    template = template_save(
        actor=world.users["coordinator"],
        data={
            "code": "toegangsverbod-proef",  # the shipped "toegangsverbod" exists already
            "title": "Toegangsverbod",
            "measure_kind": MeasureKind.BUILDING_BAN,
            "subject": "Toegangsverbod {{ naam }}",
            "body": "Geachte {{ naam }},\n\nU mag van {{ ingangsdatum }} tot en met {{ einddatum }} "
            "niet komen.\n\nBezwaar kan tot {{ bezwaar_termijn }}.",
        },
    )
    letter = letter_issue(
        actor=world.users["team_manager"],
        measure=ban,
        template=template,
        signed_by=world.users["mayor"],
        signatory_title="Burgemeester",
        delivery=Delivery.AT_MEETING,
        to_police=True,
    )
    assert letter.subject == "Toegangsverbod Pieter de Vries"
    assert letter.pdf.read().startswith(b"%PDF")
    assert {c.destination for c in letter.copies.all()} == {
        CopyDestination.PERSON_AT_MEETING,
        CopyDestination.FILE,
        CopyDestination.POLICE,
        CopyDestination.REGISTER,
    }
    step = world.incident_a.steps.get(kind=StepKind.MEASURE_LETTER)
    assert step.status == StepStatus.DONE
    mail.outbox.clear()
    handed = letter.copies.get(destination=CopyDestination.PERSON_AT_MEETING)
    with django_capture_on_commit_callbacks(execute=True):
        letter_copy_done(actor=world.users["team_manager"], copy=handed)
    ban.refresh_from_db()
    assert ban.status == MeasureStatus.ACTIVE
    assert len(mail.outbox) == 1
    assert "Pieter" not in mail.outbox[0].body
    assert "beveiliging@example.org" in mail.outbox[0].to


def test_an_active_ban_ends_by_itself_on_its_end_date(world, person):
    ban = decide_ban(world, person)
    services.measure_communicate(actor=world.users["team_manager"], measure=ban)
    ban.refresh_from_db()
    assert ban.status == MeasureStatus.ACTIVE
    assert services.measures_refresh(today=ban.ends_on) == {"activated": 0, "ended": 0}
    assert services.measures_refresh(today=ban.ends_on + dt.timedelta(days=1)) == {"activated": 0, "ended": 1}
    ban.refresh_from_db()
    assert ban.status == MeasureStatus.ENDED


def test_a_ban_set_aside_on_objection_ends_at_once(world, person):
    ban = decide_ban(world, person)
    services.measure_communicate(actor=world.users["team_manager"], measure=ban)
    objection = services.objection_record(
        actor=world.users["legal"], measure=ban, received_on=TODAY, grounds="Ik heb niemand bedreigd."
    )
    services.objection_decide(
        actor=world.users["legal"],
        objection=objection,
        outcome=ObjectionOutcome.FOUNDED,
        handling="Hoorzitting gehouden; camerabeelden tonen geen bedreiging.",
        decided_on=TODAY,
    )
    ban.refresh_from_db()
    assert ban.status == MeasureStatus.ENDED
    assert ban.end_reason == "Bezwaar gegrond verklaard."


def test_withdrawal_needs_a_reason(world, person):
    ban = decide_ban(world, person)
    with pytest.raises(ValidationError):
        services.measure_withdraw(actor=world.users["coordinator"], measure=ban, reason=" ")
    services.measure_withdraw(actor=world.users["coordinator"], measure=ban, reason="Verkeerde persoon")
    ban.refresh_from_db()
    assert ban.status == MeasureStatus.WITHDRAWN


def test_merge_moves_links_and_measures_and_refuses_itself(world, person):
    twin = services.perpetrator_save(
        actor=world.users["coordinator"],
        data={"full_name": "P. de Vries", "date_of_birth": dt.date(1980, 5, 1)},
        incident=world.incident_b,
    )
    with pytest.raises(ValidationError):
        services.perpetrator_merge(actor=world.users["coordinator"], source=person, target=person)
    merged = services.perpetrator_merge(actor=world.users["coordinator"], source=twin, target=person)
    assert set(merged.incidents.all()) == {world.incident_a, world.incident_b}
    assert "P. de Vries" in merged.alias_list
    twin.refresh_from_db()
    assert twin.merged_into == person and twin.full_name == ""
    assert AuditEvent.objects.filter(action=AuditAction.PERPETRATORS_MERGED).count() == 2


def test_search_tolerates_typos(world, person):
    found = search_names(Perpetrator.objects.all(), "Pieter de Fries")
    assert found == [person]
    assert search_names(Perpetrator.objects.all(), "Jansne") == [person]
    assert search_names(Perpetrator.objects.all(), "Karel Appel") == []


def test_personal_data_is_forgotten_after_the_retention_period(world, person, settings):
    settings.GIR_PERPETRATOR_RETENTION_DAYS = 30
    ban = decide_ban(world, person)
    services.measure_withdraw(actor=world.users["coordinator"], measure=ban, reason="Verkeerd")
    later = timezone.now() + dt.timedelta(days=31)
    assert services.perpetrators_forget_due(now=later) == 0  # the incident is still open
    world.incident_a.status, world.incident_a.closed_at = "closed", timezone.now()
    world.incident_a.perpetrator_name = "Pieter de Vries"
    world.incident_a.save()
    assert services.perpetrators_forget_due(now=later) == 1
    person.refresh_from_db()
    world.incident_a.refresh_from_db()
    assert person.forgotten_at and person.full_name == "" and person.date_of_birth is None
    assert world.incident_a.perpetrator_name == ""
    assert person.measures.count() == 1  # counts for reports survive
    event = AuditEvent.objects.get(action=AuditAction.PERPETRATOR_FORGOTTEN)
    assert "full_name" in event.changes["velden"] and "Pieter" not in str(event.changes)
