"""List and detail pages do not issue more queries as their data grows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from gir.incidents.constants import BehaviourKind
from gir.incidents.tests.factories import IncidentFactory, VictimFactory


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_incidents(world, count: int) -> None:
    for _ in range(count):
        IncidentFactory(
            reporter=world.users["employee"],
            team=world.team_a,
            behaviours=[BehaviourKind.VERBAL, BehaviourKind.THREAT],
        )


@pytest.mark.parametrize(
    ("persona", "url_name"),
    [
        ("employee", "incidents:mine"),
        ("team_manager", "incidents:handled"),
        ("coordinator", "incidents:handled"),
    ],
)
def test_list_query_count_does_not_grow(client, world, persona, url_name):
    client.force_login(world.users[persona])
    add_incidents(world, 5)
    at_n = queries_for(client, reverse(url_name))
    add_incidents(world, 10)
    assert queries_for(client, reverse(url_name)) == at_n


def test_detail_query_count_does_not_grow_with_victims_or_evidence(client, world):
    client.force_login(world.users["coordinator"])
    url = reverse("incidents:detail", args=[world.incident_a.pk])
    VictimFactory(incident=world.incident_a)
    at_n = queries_for(client, url)
    for _ in range(4):
        VictimFactory(incident=world.incident_a)
    assert queries_for(client, url) == at_n


def test_lists_are_paginated(client, world):
    client.force_login(world.users["team_manager"])
    add_incidents(world, 30)
    first = client.get(reverse("incidents:handled")).content.decode()
    assert "Pagina 1 van 2" in first
    second = client.get(reverse("incidents:handled") + "?pagina=2").content.decode()
    assert "Pagina 2 van 2" in second


def test_mijn_meldingen_pages_both_parts_newest_first(client, world):
    """Reported and suffered incidents merged newest first, drafts without a moment on
    top, the same on every page as one ordered list (issue 18)."""
    import datetime as dt

    from django.utils import timezone

    from gir.incidents.models import Incident
    from gir.incidents.views import PAGE_SIZE

    employee = world.users["employee"]
    now = timezone.now()
    for n in range(PAGE_SIZE + 5):
        reporter = employee if n % 2 else world.users["employee_b"]
        incident = IncidentFactory(
            reporter=reporter, occurred_at=now - dt.timedelta(hours=n), victim_is_reporter=False
        )
        VictimFactory(incident=incident, user=employee)
    Incident.objects.create(reporter=employee, status="draft")  # no moment yet
    mine = Incident.objects.filter(pk__in=[i.pk for i in Incident.objects.all() if _mine(i, employee)])
    expected = sorted(
        mine,
        key=lambda i: (
            i.occurred_at is not None,
            -(i.occurred_at.timestamp() if i.occurred_at else 0),
            -i.pk,
        ),
    )
    client.force_login(employee)
    shown = []
    for number in (1, 2):
        response = client.get(reverse("incidents:mine"), {"pagina": number})
        shown += [incident.pk for incident in response.context["incidents"]]
    assert shown == [incident.pk for incident in expected]
    assert expected[0].occurred_at is None


def _mine(incident, user) -> bool:
    return incident.reporter_id == user.pk or (
        incident.status != "draft" and incident.victims.filter(user=user).exists()
    )
