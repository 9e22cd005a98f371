"""The catalogue of actions (002 "Incident? Actie!"): who reads it, the filters by phase
and addressee, and the coordinator adding the organisation's own action."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from gir.audit.models import AuditEvent
from gir.learning import services
from gir.learning.models import CatalogueAction

URL = reverse("learning:catalogue")


def rows(body):
    return body.count('<tr id="actie-')


@pytest.mark.parametrize(
    ("name", "can_add"), [("coordinator", True), ("team_manager", False), ("director", False)]
)
def test_who_reads_the_catalogue(client, world, name, can_add):
    client.force_login(world.users[name])
    response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert rows(body) == 37
    assert ("Eigen actie toevoegen" in body) is can_add
    assert response["Vary"] and "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    "name", ["employee", "aftercare", "reception", "legal", "mayor", "clerk", "administrator"]
)
def test_others_are_refused(client, world, name):
    client.force_login(world.users[name])
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"title": "X", "phase": "prevention", "addressee": "team"}).status_code == 403


def test_the_37_shipped_actions_with_number_phase_addressee_and_source(client, world):
    client.force_login(world.users["team_manager"])
    body = client.get(URL).content.decode()
    for action in CatalogueAction.objects.filter(source="002"):
        assert f'id="actie-{action.pk}"' in body
        assert action.title.replace("'", "&#x27;") in body
    assert "Pro-actie" in body or "Preventie" in body
    assert "Individuele medewerker" in body and "Management" in body
    assert body.count(">002</td>") == 37


def test_filter_by_phase_and_addressee(client, world):
    client.force_login(world.users["coordinator"])
    body = client.get(URL, {"fase": "prevention"}).content.decode()
    assert rows(body) == CatalogueAction.objects.filter(phase="prevention").count() > 0
    assert "Alle acties tonen" in body
    body = client.get(URL, {"fase": "repression", "voor": "individual"}).content.decode()
    expected = CatalogueAction.objects.filter(phase="repression", addressee="individual")
    assert rows(body) == expected.count() > 0
    # A value that is not a phase is ignored rather than an error.
    assert rows(client.get(URL, {"fase": "onzin"}).content.decode()) == 37


def test_htmx_gets_only_the_list(client, world):
    client.force_login(world.users["coordinator"])
    response = client.get(URL, {"voor": "team"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and "<h1" not in body
    assert rows(body) == CatalogueAction.objects.filter(addressee="team").count()


def test_the_coordinator_adds_an_own_action(client, world):
    client.force_login(world.users["coordinator"])
    data = {
        "title": "  Cameratoezicht bij de publieksbalie  ",
        "phase": "prevention",
        "addressee": "management",
    }
    response = client.post(URL, data)
    action = CatalogueAction.objects.get(title="Cameratoezicht bij de publieksbalie")
    assert response.status_code == 302 and response["Location"] == f"{URL}#actie-{action.pk}"
    assert action.number is None and action.created_by == world.users["coordinator"]
    assert AuditEvent.objects.filter(detail=action.title).exists()
    body = client.get(URL).content.decode()
    assert "staat nu in de catalogus" in body
    assert f'id="actie-{action.pk}"' in body and 'data-label="Bron">Eigen actie' in body
    assert rows(body) == 38
    # The own action comes after the numbered ones of its phase.
    assert body.index(f'id="actie-{action.pk}"') > body.index(
        f'id="actie-{CatalogueAction.objects.filter(phase="prevention").exclude(pk=action.pk).last().pk}"'
    )


@pytest.mark.parametrize(
    ("data", "message", "kept"),
    [
        (
            {"title": "", "phase": "prevention", "addressee": "team"},
            "Beschrijf de actie.",
            'value="prevention" selected',
        ),
        ({"title": "Mijn actie", "phase": "", "addressee": "team"}, "Kies de fase", 'value="Mijn actie"'),
        ({"title": "Mijn actie", "phase": "later", "addressee": ""}, "Kies voor wie", 'value="Mijn actie"'),
    ],
    ids=["no-title", "no-phase", "bad-phase-no-addressee"],
)
def test_bad_input_is_refused_with_400_keeping_the_input(client, world, data, message, kept):
    client.force_login(world.users["coordinator"])
    response = client.post(URL, data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Niet opgeslagen. Verbeter het volgende:" in body and message in body
    assert kept in body
    assert '<details class="section" id="eigen-actie" open>' in body
    assert CatalogueAction.objects.count() == 37


@pytest.mark.parametrize("name", ["team_manager", "director"])
def test_readers_cannot_add(client, world, name):
    client.force_login(world.users[name])
    response = client.post(URL, {"title": "Eigen actie", "phase": "prevention", "addressee": "team"})
    assert response.status_code == 403
    assert CatalogueAction.objects.count() == 37


def test_queries_do_not_grow_with_the_actions(client, world):
    coordinator = world.users["coordinator"]
    client.force_login(coordinator)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    before = count()
    for number in range(20):
        services.catalogue_action_add(
            actor=coordinator, title=f"Eigen actie {number}", phase="aftercare", addressee="team"
        )
    assert count() == before
