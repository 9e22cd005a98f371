"""The plan follows the facts: steps are added, lapse and come back, but a step that
was done or waived is never dropped (issue 4 §2)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from gir.audit.models import AuditAction, AuditEvent
from gir.incidents.constants import BehaviourKind, IncidentStatus, Setting
from gir.protocol import services
from gir.protocol.constants import StepOwner, StepStatus
from gir.protocol.models import ProtocolRule, Step
from gir.protocol.services import report_save as incident_save

from .helpers import report, steps_by_code


def change_facts(incident, actor, *, behaviours, **facts):
    return incident_save(
        actor=actor,
        incident=incident,
        expected_version=incident.version,
        facts={"occurred_at": incident.occurred_at, "setting": incident.setting, **facts},
        behaviours=behaviours,
        victims=[],
        submit=True,
    )


@pytest.fixture
def occurred():
    return timezone.now() - dt.timedelta(hours=1)


def test_a_draft_has_no_plan(world, occurred):
    draft = incident_save(
        actor=world.users["employee"],
        facts={"occurred_at": occurred, "setting": Setting.COUNTER, "description": "Concept"},
        behaviours=[BehaviourKind.VERBAL],
        victims=[],
        submit=False,
    )
    assert not draft.steps.exists()
    assert draft.handler is None


def test_submitting_derives_the_plan_and_the_handler(world, occurred):
    incident = report(world.users["employee"], occurred_at=occurred)
    assert set(steps_by_code(incident)) == {
        "manager-conversation",
        "aftercare-first",
        "aftercare-second",
        "aftercare-third",
        "measure-decision",
    }
    assert incident.handler == world.users["team_manager"]
    assert AuditEvent.objects.filter(action=AuditAction.PLAN_CHANGED, target_id=str(incident.pk)).exists()


def test_new_facts_add_steps_and_lapse_the_open_ones_that_no_longer_apply(world, occurred):
    employee, manager = world.users["employee"], world.users["team_manager"]
    incident = report(employee, occurred_at=occurred)
    incident = change_facts(incident, manager, behaviours=[BehaviourKind.THREAT])
    assert steps_by_code(incident)["police-report"].status == StepStatus.OPEN

    incident = change_facts(incident, manager, behaviours=[BehaviourKind.VERBAL])
    police = steps_by_code(incident)["police-report"]
    assert police.status == StepStatus.LAPSED
    assert "gewijzigd" in police.reason

    incident = change_facts(incident, manager, behaviours=[BehaviourKind.THREAT])
    assert steps_by_code(incident)["police-report"].status == StepStatus.OPEN


def test_a_done_or_waived_step_is_never_dropped(world, occurred):
    manager = world.users["team_manager"]
    incident = report(world.users["employee"], behaviours=(BehaviourKind.THREAT,), occurred_at=occurred)
    steps = steps_by_code(incident)
    services.step_waive(actor=manager, step=steps["police-report"], reason="Medewerker wil geen aangifte.")
    services.step_complete(actor=manager, step=steps["manager-conversation"], notes="Gesproken, gaat goed.")

    incident.refresh_from_db()
    incident = change_facts(incident, manager, behaviours=[BehaviourKind.VERBAL])
    steps = steps_by_code(incident)
    assert steps["police-report"].status == StepStatus.WAIVED
    assert steps["police-report"].reason == "Medewerker wil geen aangifte."
    assert steps["manager-conversation"].status == StepStatus.DONE
    assert steps["manager-conversation"].notes == "Gesproken, gaat goed."


def test_a_later_incident_time_moves_open_deadlines(world, occurred):
    manager = world.users["team_manager"]
    incident = report(world.users["employee"], occurred_at=occurred)
    before = steps_by_code(incident)["manager-conversation"].due_at
    incident = change_facts(
        incident, manager, behaviours=[BehaviourKind.VERBAL], occurred_at=occurred + dt.timedelta(hours=2)
    )
    assert steps_by_code(incident)["manager-conversation"].due_at == before + dt.timedelta(hours=2)


def test_done_records_who_when_and_what(world, occurred):
    manager = world.users["team_manager"]
    incident = report(world.users["employee"], occurred_at=occurred)
    decision = steps_by_code(incident)["measure-decision"]
    done = services.step_complete(actor=manager, step=decision, outcome="building_ban", notes="Derde keer.")
    assert (done.status, done.completed_by, done.outcome, done.notes) == (
        StepStatus.DONE,
        manager,
        "building_ban",
        "Derde keer.",
    )
    assert done.completed_at is not None
    assert done.outcome_label == "Toegangsverbod"


def test_an_outcome_is_required_where_the_step_has_outcomes(world, occurred):
    incident = report(world.users["employee"], occurred_at=occurred)
    with pytest.raises(ValidationError):
        services.step_complete(
            actor=world.users["team_manager"], step=steps_by_code(incident)["measure-decision"], outcome=""
        )


def test_a_waive_needs_a_reason(world, occurred):
    incident = report(world.users["employee"], occurred_at=occurred)
    with pytest.raises(ValidationError) as refused:
        services.step_waive(
            actor=world.users["team_manager"], step=steps_by_code(incident)["measure-decision"], reason="  "
        )
    assert "reden" in str(refused.value)
    assert steps_by_code(incident)["measure-decision"].status == StepStatus.OPEN


def test_two_people_completing_the_same_step_end_with_one_completion(world, occurred):
    incident = report(world.users["employee"], occurred_at=occurred)
    step = steps_by_code(incident)["manager-conversation"]
    stale_copy = Step.objects.get(pk=step.pk)
    services.step_complete(actor=world.users["team_manager"], step=step, notes="Eerste")
    with pytest.raises(services.StepAlreadyRecorded) as second:
        services.step_complete(actor=world.users["coordinator"], step=stale_copy, notes="Tweede")
    assert second.value.step.completed_by == world.users["team_manager"]
    step.refresh_from_db()
    assert step.notes == "Eerste"
    completions = AuditEvent.objects.filter(action=AuditAction.STEP_COMPLETED, target_id=str(incident.pk))
    assert completions.count() == 1


def test_a_declined_aftercare_offer_counts_for_the_later_conversations(world, occurred):
    incident = report(world.users["employee"], occurred_at=occurred)
    steps = steps_by_code(incident)
    services.step_complete(actor=world.users["aftercare"], step=steps["aftercare-first"], outcome="declined")
    steps = steps_by_code(incident)
    assert steps["aftercare-second"].status == StepStatus.WAIVED
    assert steps["aftercare-third"].status == StepStatus.WAIVED


def test_the_first_recorded_step_puts_the_incident_in_progress(world, occurred):
    incident = report(world.users["employee"], occurred_at=occurred)
    assert incident.status == IncidentStatus.REPORTED
    services.step_complete(
        actor=world.users["team_manager"], step=steps_by_code(incident)["manager-conversation"]
    )
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.IN_PROGRESS
    event = AuditEvent.objects.filter(action=AuditAction.STATUS_CHANGED, target_id=str(incident.pk)).get()
    assert list(event.changes.values()) == [["Gemeld", "In behandeling"]]


def test_restricted_track_keeps_steps_with_mayor_clerk_and_coordinator(world, occurred):
    """001 §6.3–§6.4: incidents against political office holders."""
    councillor = world.users["councillor"]
    incident = report(councillor, behaviours=(BehaviourKind.THREAT,), occurred_at=occurred)
    assert incident.is_restricted
    assert incident.handler == world.users["mayor"]
    owners = {step.owner for step in incident.steps.all()}
    assert owners <= {StepOwner.HANDLER, StepOwner.COORDINATOR}
    assert "aftercare-first" in steps_by_code(incident)  # aftercare is offered, through the mayor


def test_rules_refuse_a_missing_field_and_a_cycle(db):
    rule = ProtocolRule.objects.get(code="legal")
    rule.conditions = [{"field": "shoe_size", "op": "in", "values": ["42"]}]
    with pytest.raises(ValidationError) as refused:
        rule.full_clean()
    assert "niet bestaat: ‘shoe_size’" in str(refused.value)

    letter = ProtocolRule.objects.get(code="measure-letter")  # waits for the measure decision
    decision = ProtocolRule.objects.get(code="measure-decision")
    decision.anchor, decision.after_kind = "step", "measure_letter"
    with pytest.raises(ValidationError) as cycle:
        decision.full_clean()
    assert "kring" in str(cycle.value)
    letter.after_kind = "measure_letter"
    with pytest.raises(ValidationError):
        letter.full_clean()
