"""Who sees what of the register, role by role (DESIGN §1): the coordinator and legal
all of it, a manager only the people of the team's incidents, the mayor and the clerk
those of restricted incidents, and aftercare, reception, directors, the administrator
and employees nothing."""

from django.urls import reverse

import pytest

from gir.perpetrators.constants import MeasureKind
from gir.perpetrators.tests.factories import MeasureFactory, PerpetratorFactory

NOBODY = ("employee", "aftercare", "reception", "director", "administrator")


@pytest.fixture
def people(world):
    return {
        "a": PerpetratorFactory(full_name="Anton Aalbers", incidents=[world.incident_a]),
        "b": PerpetratorFactory(full_name="Bert Bakker", incidents=[world.incident_b]),
        "r": PerpetratorFactory(full_name="Rik Ronde", incidents=[world.restricted]),
    }


def names_on(client, user):
    client.force_login(user)
    body = client.get(reverse("perpetrators:list")).content.decode()
    return {name for name in ("Anton Aalbers", "Bert Bakker", "Rik Ronde") if name in body}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("coordinator", {"Anton Aalbers", "Bert Bakker", "Rik Ronde"}),
        ("legal", {"Anton Aalbers", "Bert Bakker", "Rik Ronde"}),
        ("team_manager", {"Anton Aalbers"}),
        ("mayor", {"Rik Ronde"}),
        ("clerk", {"Rik Ronde"}),
    ],
)
def test_the_register_list_shows_only_the_people_a_role_may_read(client, world, people, persona, expected):
    assert names_on(client, world.users[persona]) == expected


@pytest.mark.parametrize("persona", NOBODY)
def test_roles_without_the_register_are_refused_and_see_no_perpetrator_data(client, world, people, persona):
    client.force_login(world.users[persona])
    assert client.get(reverse("perpetrators:list")).status_code == 403
    measure = MeasureFactory(perpetrator=people["a"])
    for url in (
        reverse("perpetrators:detail", args=[people["a"].pk]),
        reverse("perpetrators:edit", args=[people["a"].pk]),
        reverse("perpetrators:measure_create", args=[people["a"].pk]),
        reverse("perpetrators:measure", args=[measure.pk]),
        reverse("perpetrators:photo", args=[people["a"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Aalbers" not in response.content.decode()


def test_aftercare_never_sees_a_perpetrator_on_the_incident_page(client, world, people):
    client.force_login(world.users["aftercare"])
    step = world.incident_a.steps.filter(kind="aftercare").first()
    body = client.get(reverse("protocol:step", args=[step.pk])).content.decode()
    assert "Aalbers" not in body
    assert "Veroorzaker(s)" not in body


@pytest.mark.parametrize(
    ("persona", "person", "status"),
    [
        ("team_manager", "a", 200),
        ("team_manager", "b", 404),
        ("team_manager", "r", 404),
        ("mayor", "r", 200),
        ("mayor", "a", 404),
        ("clerk", "r", 200),
        ("coordinator", "b", 200),
        ("legal", "r", 200),
    ],
)
def test_person_page_by_role(client, world, people, persona, person, status):
    client.force_login(world.users[persona])
    assert client.get(reverse("perpetrators:detail", args=[people[person].pk])).status_code == status


def test_only_the_coordinator_merges_and_withdraws(client, world, people):
    ban = MeasureFactory(perpetrator=people["a"], kind=MeasureKind.BUILDING_BAN)
    for persona in ("legal", "team_manager"):
        client.force_login(world.users[persona])
        assert client.get(reverse("perpetrators:duplicates")).status_code == 403
        assert client.get(reverse("perpetrators:merge", args=[people["a"].pk])).status_code == 403
        withdraw = client.post(reverse("perpetrators:measure_withdraw", args=[ban.pk]), {"reason": "x"})
        assert withdraw.status_code == 403
    client.force_login(world.users["coordinator"])
    assert client.get(reverse("perpetrators:duplicates")).status_code == 200


def test_objections_are_for_the_coordinator_and_legal_only(client, world, people):
    ban = MeasureFactory(perpetrator=people["a"], kind=MeasureKind.BUILDING_BAN)
    client.force_login(world.users["team_manager"])
    url = reverse("perpetrators:objection_record", args=[ban.pk])
    assert client.post(url, {"received_on": "2026-11-01", "grounds": "x"}).status_code == 403
    page = client.get(reverse("perpetrators:measure", args=[ban.pk])).content.decode()
    assert "Bezwaar vastleggen" not in page


def test_adding_a_person_without_an_incident_is_for_the_whole_register_only(client, world):
    client.force_login(world.users["team_manager"])
    assert client.get(reverse("perpetrators:create")).status_code == 403
    assert client.get(reverse("perpetrators:create") + f"?melding={world.incident_a.pk}").status_code == 200
    assert client.get(reverse("perpetrators:create") + f"?melding={world.incident_b.pk}").status_code == 404
    client.force_login(world.users["legal"])
    assert client.get(reverse("perpetrators:create")).status_code == 200
    # Legal reads the register but does not handle incidents, so links none.
    assert client.get(reverse("perpetrators:link", args=[world.incident_a.pk])).status_code == 404


def test_a_manager_cannot_link_to_another_teams_incident(client, world, people):
    client.force_login(world.users["team_manager"])
    url = reverse("perpetrators:link", args=[world.incident_b.pk])
    assert client.post(url, {"perpetrator": people["a"].pk}).status_code == 404
    assert not people["a"].links.filter(incident=world.incident_b).exists()


def test_a_manager_cannot_link_a_person_outside_the_visible_register(client, world, people):
    client.force_login(world.users["team_manager"])
    url = reverse("perpetrators:link", args=[world.incident_a.pk])
    response = client.post(url, {"perpetrator": people["b"].pk})
    assert response.status_code == 400
    assert "Kies een persoon uit de lijst." in response.content.decode()
    assert not people["b"].links.filter(incident=world.incident_a).exists()
