"""The writes of learning (issue 8 items 1–3): the structured evaluation with classified
causes (004 §6), the catalogue shipped from 002, and improvement actions and meetings,
with their bad input refused in plain Dutch and nothing half-written."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from gir.core.exceptions import ConcurrentEditError
from gir.learning import services
from gir.learning.constants import ActionStatus, EvaluationStatus, MeetingStatus
from gir.learning.models import CatalogueAction, Cause, Evaluation, Factor
from gir.learning.policy import (
    can_evaluate,
    can_keep_plan,
    can_update_action,
    improvement_actions_visible_to,
    plan_team_ids,
)
from gir.learning.selectors import meeting_agenda
from gir.learning.services import CauseInput
from gir.protocol.constants import StepKind, StepStatus
from gir.protocol.tests.helpers import report

TODAY = dt.date(2026, 11, 24)


def _serious(world):
    """Physical violence: the protocol asks for an evaluation (004 §6; rule "evaluation")."""
    return report(world.users["employee"], behaviours=("physical",), occurred_at=timezone.now())


def _cause(**changes) -> CauseInput:
    values = {
        "kind": "direct",
        "description": "De balie had geen tweede uitgang.",
        "category": "technical",
        "factor_id": Factor.objects.get(name="Accommodatie/gebouw").pk,
        "needs_action": True,
    }
    return CauseInput(**{**values, **changes})


def test_the_catalogues_are_shipped_as_data(db):
    assert CatalogueAction.objects.filter(source="002").count() == 37
    assert CatalogueAction.objects.get(number=20).title.startswith("Toegangsontzegging")
    assert Factor.objects.filter(category="citizen").count() == 3
    assert Factor.objects.count() == 16


def test_finishing_the_evaluation_completes_its_protocol_step(world):
    incident = _serious(world)
    step = incident.steps.get(kind=StepKind.EVALUATION)
    assert step.status == StepStatus.OPEN
    manager = world.users["team_manager"]
    assert can_evaluate(manager, incident) and not can_evaluate(world.users["employee"], incident)
    draft = services.evaluation_save(
        actor=manager, incident=incident, description="Duw bij de balie.", causes=[]
    )
    assert draft.status == EvaluationStatus.DRAFT
    step.refresh_from_db()
    assert step.status == StepStatus.OPEN
    indirect = _cause(kind="indirect", category="employee", factor_id=None, needs_action=False)
    indirect = CauseInput(**{**indirect.__dict__, "no_action_reason": "Ervaren medewerker."})
    done = services.evaluation_save(
        actor=manager,
        incident=incident,
        description="Duw bij de balie.",
        causes=[_cause(), indirect],
        finish=True,
        expected_version=draft.version,
    )
    assert done.status == EvaluationStatus.FINAL and done.causes.count() == 2
    step.refresh_from_db()
    assert step.status == StepStatus.DONE
    with pytest.raises(ValidationError, match="afgerond"):
        services.evaluation_save(actor=manager, incident=incident, description="Anders.", causes=[])


def test_a_cause_needs_a_category_and_a_finished_one_says_whether_action_follows(world):
    incident = _serious(world)
    manager = world.users["team_manager"]
    with pytest.raises(ValidationError) as refused:
        services.evaluation_save(
            actor=manager,
            incident=incident,
            description="Duw.",
            causes=[_cause(category=""), _cause(needs_action=None), _cause(category="citizen")],
            finish=True,
        )
    messages = refused.value.messages
    assert any("Oorzaak 1: kies de soort oorzaak" in m for m in messages)
    assert any("Oorzaak 2: zeg of er actie volgt" in m for m in messages)
    assert any("Oorzaak 3: de factor hoort niet bij deze soort oorzaak" in m for m in messages)
    assert not Evaluation.objects.filter(incident=incident).exists()  # nothing half-written


def test_concurrent_evaluation_edits_do_not_overwrite_each_other(world):
    incident = _serious(world)
    manager = world.users["team_manager"]
    first = services.evaluation_save(actor=manager, incident=incident, description="Eerste.", causes=[])
    services.evaluation_save(
        actor=world.users["coordinator"],
        incident=incident,
        description="Tweede.",
        causes=[],
        expected_version=first.version,
    )
    with pytest.raises(ConcurrentEditError):
        services.evaluation_save(
            actor=manager, incident=incident, description="Derde.", causes=[], expected_version=first.version
        )


def test_an_action_needs_an_owner_a_future_date_and_a_result(world):
    coordinator = world.users["coordinator"]
    with pytest.raises(ValidationError) as refused:
        services.action_add(
            actor=coordinator,
            team=world.team_a,
            owner=None,
            due_on=TODAY - dt.timedelta(days=1),
            expected_result="",
            today=TODAY,
        )
    errors = refused.value.message_dict
    assert set(errors) == {"title", "owner", "due_on", "expected_result"}
    assert "in het verleden" in errors["due_on"][0]


def test_an_action_from_a_cause_joins_the_team_plan_and_the_meeting_agenda(world):
    incident = _serious(world)
    manager = world.users["team_manager"]
    services.evaluation_save(
        actor=manager, incident=incident, description="Duw.", causes=[_cause()], finish=True
    )
    cause = Cause.objects.get(evaluation__incident=incident)
    catalogue = CatalogueAction.objects.get(number=22)
    action = services.action_add(
        actor=manager,
        team=world.team_a,
        owner=world.users["employee"],
        due_on=TODAY + dt.timedelta(days=30),
        expected_result="Het team oefent twee scenario's met de beveiliging.",
        catalogue_action=catalogue,
        cause=cause,
        today=TODAY,
    )
    assert action.title == catalogue.title and action.incident == incident
    assert plan_team_ids(manager) == {world.team_a.pk}
    assert can_keep_plan(manager, world.team_a.pk) and not can_keep_plan(manager, world.team_b.pk)
    assert not can_keep_plan(manager, None) and can_keep_plan(world.users["coordinator"], None)
    # The owner sees and reports on their own action; another team's employee does not see it.
    assert can_update_action(world.users["employee"], action)
    assert action in improvement_actions_visible_to(world.users["employee"])
    assert action not in improvement_actions_visible_to(world.users["employee_b"])

    meeting = services.meeting_plan(actor=manager, team=world.team_a, planned_on=timezone.localdate())
    agenda = meeting_agenda(meeting)
    assert incident in agenda.incidents and action in agenda.open_actions
    assert world.incident_b not in agenda.incidents and world.restricted not in agenda.incidents
    held = services.meeting_record(
        actor=manager,
        meeting=meeting,
        agreements="Scenario's oefenen in januari.",
        held_on=timezone.localdate(),
        expected_version=meeting.version,
    )
    assert held.status == MeetingStatus.HELD


def test_progress_on_an_action_is_reported_with_a_result(world):
    coordinator = world.users["coordinator"]
    action = services.action_add(
        actor=coordinator,
        team=None,
        owner=world.users["team_manager"],
        due_on=TODAY + dt.timedelta(days=10),
        expected_result="Afspraken met politie en OM op papier.",
        title="Algemene afspraken maken met politie en OM",
        today=TODAY,
    )
    with pytest.raises(ValidationError, match="opgeleverd"):
        services.action_update(actor=coordinator, action=action, status=ActionStatus.DONE, today=TODAY)
    done = services.action_update(
        actor=coordinator,
        action=action,
        status=ActionStatus.DONE,
        result="Convenant getekend.",
        expected_version=action.version,
        today=TODAY,
    )
    assert done.completed_on == TODAY and done.version == action.version + 1
    with pytest.raises(ConcurrentEditError):
        services.action_update(
            actor=coordinator, action=action, status=ActionStatus.IN_PROGRESS, expected_version=action.version
        )


def test_a_cause_keeps_its_actions_when_an_earlier_one_is_removed(world):
    incident = _serious(world)
    manager = world.users["team_manager"]
    draft = services.evaluation_save(
        actor=manager,
        incident=incident,
        description="Duw.",
        causes=[
            _cause(description="Eerste"),
            _cause(description="Tweede", category="citizen", factor_id=None),
        ],
    )
    first, second = draft.causes.order_by("position")
    action = services.action_add(
        actor=manager,
        team=world.team_a,
        owner=manager,
        due_on=TODAY + dt.timedelta(days=5),
        expected_result="Afspraak met de wijkagent.",
        title="Stevig gesprek van wijkagent",
        cause=second,
        today=TODAY,
    )
    services.evaluation_save(
        actor=manager,
        incident=incident,
        description="Duw.",
        causes=[_cause(pk=second.pk, description="Tweede", category="citizen", factor_id=None)],
        expected_version=draft.version,
    )
    action.refresh_from_db()
    assert action.cause_id == second.pk
    assert list(Cause.objects.filter(evaluation=draft).values_list("description", flat=True)) == ["Tweede"]
    assert not Cause.objects.filter(pk=first.pk).exists()
