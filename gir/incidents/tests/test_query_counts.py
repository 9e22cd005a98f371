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
