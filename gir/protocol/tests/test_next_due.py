"""The incident keeps its earliest open deadline (next_due_at), which the work list sorts
on: every change of a step ends in refresh_next_due."""

import datetime as dt

from django.db.models import Min
from django.utils import timezone

from gir.incidents.constants import BehaviourKind
from gir.incidents.models import Incident
from gir.protocol import services
from gir.protocol.constants import StepStatus
from gir.protocol.selectors import handled_incidents

from .helpers import report, steps_by_code


def _expected(incident: Incident):
    return incident.steps.filter(status=StepStatus.OPEN).aggregate(m=Min("due_at"))["m"]


def _stored(incident: Incident):
    return Incident.objects.values_list("next_due_at", flat=True).get(pk=incident.pk)


def _any_outcome(step) -> str:
    from gir.protocol.constants import outcome_choices

    choices = outcome_choices(step.kind)
    return choices[0][0] if choices else ""


def test_next_due_follows_the_plan_through_its_life(world):
    manager = world.users["team_manager"]
    incident = report(world.users["employee"], behaviours=(BehaviourKind.PHYSICAL,))
    assert _stored(incident) == _expected(incident) is not None
    earliest = min(incident.steps.filter(status=StepStatus.OPEN), key=lambda s: s.due_at)
    services.step_complete(actor=manager, step=earliest, outcome=_any_outcome(earliest), notes="Gedaan.")
    assert _stored(incident) == _expected(incident)
    for step in incident.steps.filter(status=StepStatus.OPEN, is_required=True):
        services.step_waive(actor=manager, step=step, reason="Niet nodig.")
    services.incident_close(actor=manager, incident=incident)
    assert _stored(incident) is None


def test_the_work_list_puts_the_earliest_deadline_first_and_counts_per_row(world):
    late = report(world.users["employee"], occurred_at=timezone.now() - dt.timedelta(days=9))
    fresh = report(world.users["employee"], occurred_at=timezone.now() - dt.timedelta(hours=1))
    rows = list(handled_incidents(world.users["coordinator"], {"status": "open"}))
    order = [row.pk for row in rows]
    assert order.index(late.pk) < order.index(fresh.pk)
    row = next(r for r in rows if r.pk == late.pk)
    assert row.overdue_steps > 0 and row.open_steps >= row.overdue_steps
    assert row.next_due == _expected(late)
    assert steps_by_code(fresh)
