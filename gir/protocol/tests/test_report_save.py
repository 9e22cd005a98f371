"""A report is saved with its place in the protocol in one write of the incident row
(issue 16 item 3): the handler and the next deadline go in the same INSERT or UPDATE
as the facts, and the figures are told once."""

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from gir.audit.models import AuditAction, AuditEvent
from gir.incidents.models import Incident
from gir.protocol.constants import StepStatus
from gir.protocol.services import report_save
from gir.protocol.tests.helpers import report

pytestmark = pytest.mark.django_db


def _writes(queries: CaptureQueriesContext) -> dict[str, int]:
    counts = {"insert": 0, "update": 0, "marks": 0}
    for query in queries.captured_queries:
        sql = query["sql"].lstrip().upper()
        if re.match(r'INSERT INTO "INCIDENTS_INCIDENT"', sql):
            counts["insert"] += 1
        elif re.match(r'UPDATE "INCIDENTS_INCIDENT"', sql):
            counts["update"] += 1
        elif re.match(r'INSERT INTO "REPORTS_STALEFIGURES"', sql):
            counts["marks"] += 1
    return counts


def _earliest_open(incident: Incident) -> dt.datetime | None:
    due = [s.due_at for s in incident.steps.filter(status=StepStatus.OPEN)]
    return min(due, default=None)


def test_a_submitted_report_is_written_once_with_its_handler_and_next_deadline(world):
    with CaptureQueriesContext(connection) as queries:
        incident = report(world.users["employee"], behaviours=("physical",), occurred_at=timezone.now())
    assert _writes(queries) == {"insert": 1, "update": 0, "marks": 1}
    stored = Incident.objects.get(pk=incident.pk)
    assert stored.handler == world.users["team_manager"]
    assert stored.next_due_at is not None and stored.next_due_at == _earliest_open(stored)
    assigned = AuditEvent.objects.filter(action=AuditAction.HANDLER_ASSIGNED, target_id=str(stored.pk))
    assert assigned.count() == 1


def test_an_edit_that_changes_the_plan_is_still_one_write(world):
    incident = report(world.users["employee"], behaviours=("verbal",), occurred_at=timezone.now())
    before = Incident.objects.get(pk=incident.pk)
    with CaptureQueriesContext(connection) as queries:
        report_save(
            actor=world.users["employee"],
            incident=before,
            expected_version=before.version,
            facts={"description": "Hij sloeg met de vuist op de balie en duwde mij."},
            behaviours=("verbal", "physical"),
            victims=[],
            submit=True,
        )
    assert _writes(queries) == {"insert": 0, "update": 1, "marks": 1}
    stored = Incident.objects.get(pk=incident.pk)
    assert stored.version == before.version + 1
    assert stored.next_due_at == _earliest_open(stored)
    assert stored.steps.filter(rule__kind="police_report").exists()
