"""The aftercare team's worklist: what is due, what waits, what is planned."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from gir.aftercare.services import Employee, aftercare_request, conversation_schedule
from gir.incidents.models import Victim
from gir.incidents.tests.factories import IncidentFactory
from gir.protocol import services as protocol

from .conftest import aftercare_steps


def _incidents(world, n: int) -> None:
    """n incidents, each with a colleague named without an account, its first conversation planned."""
    for i in range(n):
        incident = IncidentFactory(reporter=world.users["employee"], team=world.team_a)
        Victim.objects.create(incident=incident, name=f"Collega {i}")
        protocol.plan_update(actor=None, incident=incident)
        conversation_schedule(
            actor=world.users["aftercare"],
            incident=incident,
            step=aftercare_steps(incident)[0],
            employee=Employee(world.users["employee"], ""),
            scheduled_at=timezone.now() + dt.timedelta(days=1, hours=i),
        )
        aftercare_request(actor=world.users["employee"], incident=incident)


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("aftercare:worklist"))
    assert response.status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_rows(client, world):
    client.force_login(world.users["aftercare"])
    _incidents(world, 2)
    few = _queries(client)
    _incidents(world, 2)
    assert _queries(client) == few


def test_worklist_lists_steps_by_due_date_with_employees(client, world):
    _incidents(world, 1)
    client.force_login(world.users["aftercare"])
    body = client.get(reverse("aftercare:worklist")).content.decode()
    assert world.incident_a.reference in body
    assert "Collega 0" in body
    assert "Afspraak gemaakt" in body
    assert "Nog niet gepland" in body
    assert reverse("aftercare:report") in body
    # Restricted and draft incidents are not the aftercare team's.
    assert world.restricted.reference not in body
    assert body.index("Eerste gesprek") < body.index("Derde gesprek")


@pytest.mark.parametrize("persona", ["team_manager", "coordinator", "director", "employee"])
def test_worklist_is_for_the_aftercare_role(client, world, persona):
    client.force_login(world.users[persona])
    assert client.get(reverse("aftercare:worklist")).status_code == 403


def test_incident_section_is_none_for_others(world):
    from gir.aftercare.sections import aftercare_section

    assert aftercare_section(world.users["employee_b"], world.incident_a) is None
    assert aftercare_section(world.users["reception"], world.incident_a) is None
    section = aftercare_section(world.users["team_manager"], world.incident_a)
    assert section is not None and not section["can_request"] and not section["can_work"]
    assert aftercare_section(world.users["employee"], world.incident_a)["can_request"]
