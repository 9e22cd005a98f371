"""The incident evaluation page (004 §6): who reaches it, a draft and a finished
evaluation, bad input refused with 400 keeping what was typed, 409 on a stale version,
and a query count that does not grow with the causes."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from gir.learning import services
from gir.learning.constants import EvaluationStatus
from gir.learning.models import CatalogueAction, Cause, Evaluation, Factor
from gir.learning.services import CauseInput
from gir.protocol.constants import StepKind, StepStatus
from gir.protocol.tests.helpers import report


@pytest.fixture
def serious(world):
    """Physical violence in team A: the protocol asks for an evaluation."""
    return report(world.users["employee"], behaviours=("physical",), occurred_at=timezone.now())


def url(incident):
    return reverse("learning:evaluation", args=[incident.pk])


def cause(**changes):
    values = {
        "kind": "direct",
        "description": "De balie had geen tweede uitgang.",
        "category": "technical",
        "factor": str(Factor.objects.get(name="Accommodatie/gebouw").pk),
        "needs_action": "yes",
        "no_action_reason": "",
    }
    return {**values, **changes}


def post_data(*causes, version=0, initial=0, **fields):
    data = {
        "version": str(version),
        "description": "Een klant duwde de medewerker tegen de balie.",
        "what_helped": "Een collega kwam erbij.",
        "obstacles": "",
        "recurrence_risk": "Groot: de klant komt elke week.",
        "causes-TOTAL_FORMS": str(len(causes)),
        "causes-INITIAL_FORMS": str(initial),
        "causes-MIN_NUM_FORMS": "0",
        "causes-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for index, values in enumerate(causes):
        for name, value in values.items():
            data[f"causes-{index}-{name}"] = value
    return data


def service_cause(**changes):
    values = {
        "kind": "direct",
        "description": "Geen tweede uitgang.",
        "category": "technical",
        "needs_action": True,
    }
    return CauseInput(**{**values, **changes})


def evaluation_step(incident):
    return incident.steps.get(kind=StepKind.EVALUATION)


def add_action(world, incident, cause_, title="Vluchtweg maken achter de balie"):
    return services.action_add(
        actor=world.users["coordinator"],
        team=world.team_a,
        owner=world.users["team_manager"],
        due_on=timezone.localdate() + dt.timedelta(days=30),
        expected_result="Een tweede uitgang.",
        title=title,
        cause=cause_,
    )


# --- Who reaches the page -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["coordinator", "team_manager"])
def test_handlers_get_the_form_with_the_blame_free_notice(client, world, serious, name):
    client.force_login(world.users[name])
    response = client.get(url(serious))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Zonder schuld" in body and "Zoek geen schuldige" in body
    assert 'name="finish"' in body and "Opslaan als concept" in body
    assert 'name="version" value="0"' in body
    assert 'name="causes-0-category"' in body and "<optgroup" in body
    assert "Nog niet begonnen" in body


@pytest.mark.parametrize(
    "name",
    ["employee", "employee_b", "aftercare", "reception", "legal", "director", "mayor", "administrator"],
)
def test_others_get_404(client, world, serious, name):
    client.force_login(world.users[name])
    assert client.get(url(serious)).status_code == 404
    assert client.post(url(serious), post_data(cause())).status_code == 404
    assert not Evaluation.objects.exists()


def test_the_restricted_track_is_the_mayors_not_the_team_managers(client, world):
    client.force_login(world.users["mayor"])
    assert client.get(url(world.restricted)).status_code == 200
    client.force_login(world.users["team_manager"])
    assert client.get(url(world.restricted)).status_code == 404
    assert client.get(url(world.incident_b)).status_code == 404


def test_a_draft_incident_and_a_stranger_are_refused(client, world):
    client.force_login(world.users["coordinator"])
    assert client.get(url(world.draft_a)).status_code == 404
    client.logout()
    assert client.get(url(world.incident_a)).status_code == 302  # to the login page


def test_the_incident_page_links_to_the_evaluation_for_handlers_only(client, world, serious):
    link = url(serious)
    client.force_login(world.users["team_manager"])
    body = client.get(reverse("incidents:detail", args=[serious.pk])).content.decode()
    assert f'href="{link}"' in body and "Incidentevaluatie" in body
    client.force_login(world.users["employee"])
    response = client.get(reverse("incidents:detail", args=[serious.pk]))
    assert response.status_code == 200 and link not in response.content.decode()


# --- Saving -------------------------------------------------------------------------------


def test_a_draft_is_saved_and_shown_again(client, world, serious):
    client.force_login(world.users["team_manager"])
    data = post_data(cause(), cause(kind="indirect", category="citizen", factor="", needs_action=""))
    response = client.post(url(serious), data)
    assert response.status_code == 302 and response["Location"] == url(serious)
    evaluation = Evaluation.objects.get(incident=serious)
    assert evaluation.status == EvaluationStatus.DRAFT and evaluation.version == 1
    first, second = evaluation.causes.all()
    assert first.category == "technical" and first.factor.name == "Accommodatie/gebouw" and first.needs_action
    assert second.kind == "indirect" and second.factor is None and not second.needs_action
    assert evaluation_step(serious).status == StepStatus.OPEN

    body = client.get(url(serious)).content.decode()
    assert "De evaluatie is als concept opgeslagen." in body
    assert "Concept" in body and "Een collega kwam erbij." in body
    assert 'name="version" value="1"' in body
    assert 'name="causes-INITIAL_FORMS" value="2"' in body
    # A saved cause with action links to the catalogue; the one without does not.
    assert f"{reverse('learning:action_add')}?oorzaak={first.pk}" in body
    assert f"?oorzaak={second.pk}" not in body


def test_finishing_completes_the_evaluation_step_and_shows_it_read_only(client, world, serious):
    client.force_login(world.users["coordinator"])
    data = post_data(
        cause(),
        cause(
            kind="indirect", category="employee", factor="", needs_action="no", no_action_reason="Ervaren."
        ),
        finish="1",
    )
    response = client.post(url(serious), data)
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(incident=serious)
    assert evaluation.status == EvaluationStatus.FINAL and evaluation.finished_at
    assert evaluation_step(serious).status == StepStatus.DONE

    first = evaluation.causes.get(position=1)
    action = add_action(world, serious, first)
    body = client.get(url(serious)).content.decode()
    assert "Afgerond" in body and "De evaluatie is afgerond." in body
    assert 'name="finish"' not in body and "<textarea" not in body
    assert action.title in body
    assert f"{reverse('learning:action_add')}?oorzaak={first.pk}" in body
    assert "geen actie: Ervaren." in body

    # A finished evaluation does not change.
    response = client.post(url(serious), post_data(cause(), version=evaluation.version, initial=2))
    assert response.status_code == 409
    evaluation.refresh_from_db()
    assert evaluation.version == 1 and evaluation.causes.count() == 2


def test_a_manager_without_the_plan_sees_no_catalogue_link(client, world):
    client.force_login(world.users["mayor"])
    client.post(url(world.restricted), post_data(cause(), finish="1"))
    evaluation = Evaluation.objects.get(incident=world.restricted)
    assert evaluation.status == EvaluationStatus.FINAL
    body = client.get(url(world.restricted)).content.decode()
    assert "Nog geen actie gekozen." in body and "Actie kiezen uit de catalogus" not in body


def test_add_cause_gives_one_more_empty_cause_and_saves_nothing(client, world, serious):
    client.force_login(world.users["team_manager"])
    response = client.post(url(serious), post_data(cause(description="Eerste oorzaak"), add_cause="1"))
    body = response.content.decode()
    assert response.status_code == 200
    assert not Evaluation.objects.exists()
    assert "Eerste oorzaak" in body and "Een klant duwde" in body
    assert 'name="causes-TOTAL_FORMS" value="2"' in body
    assert 'name="causes-1-description"' in body and "autofocus" in body
    assert 'name="causes-1-kind" value="direct"' in body and "checked" in body


def test_an_empty_added_cause_is_ignored_and_a_cause_can_be_removed(client, world, serious):
    client.force_login(world.users["team_manager"])
    data = post_data(cause(description="Eerste"), cause(description="Tweede"), {"kind": "direct"})
    assert client.post(url(serious), data).status_code == 302
    evaluation = Evaluation.objects.get(incident=serious)
    assert [c.description for c in evaluation.causes.all()] == ["Eerste", "Tweede"]

    body = client.get(url(serious)).content.decode()
    assert 'name="causes-0-DELETE"' in body and 'name="causes-1-DELETE"' in body
    data = post_data(
        cause(description="Eerste", DELETE="on"), cause(description="Tweede"), version=1, initial=2
    )
    assert client.post(url(serious), data).status_code == 302
    assert [c.description for c in evaluation.causes.all()] == ["Tweede"]


def test_a_cause_with_actions_cannot_be_removed_and_one_before_it_can(client, world, serious):
    manager = world.users["team_manager"]
    services.evaluation_save(
        actor=manager,
        incident=serious,
        description="Duw.",
        causes=[service_cause(description="Eerste"), service_cause(description="Tweede")],
    )
    add_action(world, serious, Cause.objects.get(description="Tweede"))
    client.force_login(manager)
    body = client.get(url(serious)).content.decode()
    # Causes keep their actions by identity: the first may go, the second keeps its action.
    assert 'name="causes-0-DELETE"' in body and 'name="causes-1-DELETE"' not in body
    assert "Vluchtweg maken achter de balie" in body


# --- Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message", "anchor"),
    [
        (
            lambda: post_data(cause(description="Mijn getypte oorzaak"), description=""),
            "Beschrijf wat er gebeurde.",
            "#id_description",
        ),
        (
            lambda: post_data(cause(description="Mijn getypte oorzaak", category="", factor="")),
            "Oorzaak 1: kies de soort oorzaak",
            "#cause-1",
        ),
        (
            lambda: post_data(cause(description="")),
            "Oorzaak 1: beschrijf de oorzaak.",
            "#cause-1",
        ),
        (
            lambda: post_data(finish="1"),
            "Noem minstens één directe of indirecte oorzaak.",
            "#causes",
        ),
        (
            lambda: post_data(cause(description="Mijn getypte oorzaak", needs_action=""), finish="1"),
            "Oorzaak 1: zeg of er actie volgt",
            "#cause-1",
        ),
        (
            lambda: post_data(cause(description="Mijn getypte oorzaak", category="citizen")),
            "Oorzaak 1: de factor hoort niet bij deze soort oorzaak.",
            "#cause-1",
        ),
    ],
    ids=[
        "no-description",
        "no-category",
        "empty-cause",
        "finish-without-cause",
        "no-action-answer",
        "factor",
    ],
)
def test_bad_input_is_refused_with_400_keeping_what_was_typed(client, world, serious, data, message, anchor):
    client.force_login(world.users["team_manager"])
    posted = data()
    response = client.post(url(serious), posted)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Niet opgeslagen. Verbeter het volgende:" in body
    assert message in body
    assert f'href="{anchor}"' in body
    assert "Groot: de klant komt elke week." in body  # what was typed stays
    if posted.get("causes-0-description"):
        assert posted["causes-0-description"] in body
    assert not Evaluation.objects.exists()
    assert evaluation_step(serious).status == StepStatus.OPEN


def test_an_error_names_the_cause_as_numbered_on_the_page(client, world, serious):
    """The service counts the causes it gets; an empty one in between is skipped."""
    client.force_login(world.users["team_manager"])
    data = post_data(cause(description="Eerste"), {"kind": "direct"}, cause(category="", factor=""))
    body = client.post(url(serious), data).content.decode()
    assert 'href="#cause-3">Oorzaak 3: kies de soort oorzaak' in body


def test_an_unknown_factor_is_refused(client, world, serious):
    client.force_login(world.users["team_manager"])
    response = client.post(url(serious), post_data(cause(factor="999999")))
    assert response.status_code == 400
    assert 'href="#id_causes-0-factor">Oorzaak 1: Kies een factor uit de lijst.' in response.content.decode()


# --- Concurrency ----------------------------------------------------------------------------


def test_a_stale_version_gives_409_and_keeps_the_input(client, world, serious):
    manager = world.users["team_manager"]
    first = services.evaluation_save(actor=manager, incident=serious, description="Eerste versie.", causes=[])
    services.evaluation_save(
        actor=world.users["coordinator"],
        incident=serious,
        description="Versie van de coördinator.",
        causes=[],
        expected_version=first.version,
    )
    client.force_login(manager)
    response = client.post(
        url(serious), post_data(cause(description="Mijn oorzaak"), version=first.version, finish="1")
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Iemand anders heeft deze evaluatie intussen gewijzigd." in body
    assert "Mijn oorzaak" in body and "Versie van de coördinator." in body
    assert 'name="version" value="2"' in body
    stored = Evaluation.objects.get(incident=serious)
    assert stored.description == "Versie van de coördinator." and stored.status == EvaluationStatus.DRAFT

    # Saving again from that page, now with the current version, goes through.
    response = client.post(url(serious), post_data(cause(description="Mijn oorzaak"), version=2))
    assert response.status_code == 302


def test_an_evaluation_made_meanwhile_is_not_overwritten(client, world, serious):
    services.evaluation_save(
        actor=world.users["coordinator"], incident=serious, description="Van de coördinator.", causes=[]
    )
    client.force_login(world.users["team_manager"])
    response = client.post(url(serious), post_data(cause(), version=0))
    assert response.status_code == 409
    assert Evaluation.objects.get(incident=serious).description == "Van de coördinator."


# --- Queries --------------------------------------------------------------------------------


def _query_count(client, incident):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url(incident)).status_code == 200
    return len(captured)


@pytest.mark.parametrize("finish", [False, True], ids=["draft", "finished"])
def test_queries_do_not_grow_with_the_causes_and_actions(client, world, finish):
    manager = world.users["team_manager"]
    client.force_login(manager)
    counts = []
    for size in (1, 4):
        incident = report(world.users["employee"], behaviours=("physical",), occurred_at=timezone.now())
        factor = Factor.objects.get(name="Terrein")
        services.evaluation_save(
            actor=manager,
            incident=incident,
            description="Duw.",
            causes=[service_cause(description=f"Oorzaak {i}", factor_id=factor.pk) for i in range(size)],
            finish=finish,
        )
        for item in Cause.objects.filter(evaluation__incident=incident):
            add_action(world, incident, item, title=f"Actie bij {item.description}")
            add_action(world, incident, item, title=f"Tweede actie bij {item.description}")
        counts.append(_query_count(client, incident))
    assert counts[0] == counts[1]


def test_the_catalogue_is_not_needed_for_the_page(client, world, serious):
    """The page lists the factors, not the catalogue: that is the action page's."""
    client.force_login(world.users["team_manager"])
    body = client.get(url(serious)).content.decode()
    assert CatalogueAction.objects.get(number=1).title not in body
    assert "Middelengebruik" in body and "Burgergebonden" in body
