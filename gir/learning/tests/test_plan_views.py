"""The improvement plan pages (DESIGN §2.6): who reads and keeps which plan, adding an
action with bad input refused and kept, the owner's and the keeper's edits, stale edits,
and a constant number of queries as the plans grow."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from gir.accounts.constants import MembershipRole
from gir.accounts.models import User
from gir.accounts.tests.factories import TeamMembershipFactory
from gir.learning import services
from gir.learning.constants import ActionStatus, Phase
from gir.learning.models import CatalogueAction, Factor, ImprovementAction
from gir.learning.services import CauseInput
from gir.protocol.tests.helpers import report

from .plan_helpers import add_action, in_days

pytestmark = pytest.mark.django_db

PLANS = reverse("learning:plans")
ADD = reverse("learning:action_add")


@pytest.fixture
def actions(world):
    coordinator, manager = world.users["coordinator"], world.users["team_manager"]
    return {
        "organisation": add_action(
            coordinator, team=None, owner=world.users["director"], title="Beleid herijken"
        ),
        "a": add_action(manager, team=world.team_a, owner=world.users["employee"], title="Balie verhogen"),
        "b": add_action(
            coordinator, team=world.team_b, owner=world.users["employee_b"], title="Camera plaatsen"
        ),
    }


def add_data(world, **changes):
    data = {
        "catalogue_action": "",
        "title": "Tweede uitgang achter de balie",
        "team": str(world.team_a.pk),
        "owner": str(world.users["employee"].pk),
        "due_on": in_days(14).strftime("%d-%m-%Y"),
        "expected_result": "Medewerkers kunnen de balie veilig verlaten.",
    }
    return {**data, **changes}


# --- The plans page ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "seen", "hidden", "can_add"),
    [
        ("coordinator", ["Beleid herijken", "Balie verhogen", "Camera plaatsen"], [], True),
        ("director", ["Beleid herijken", "Balie verhogen", "Camera plaatsen"], [], False),
        ("team_manager", ["Balie verhogen"], ["Beleid herijken", "Camera plaatsen"], True),
    ],
)
def test_plans_page_per_reader(client, world, actions, persona, seen, hidden, can_add):
    client.force_login(world.users[persona])
    response = client.get(PLANS)
    assert response.status_code == 200
    content = response.content.decode()
    for title in seen:
        assert title in content
    for title in hidden:
        assert title not in content
    assert (ADD in content) is can_add
    assert "Verbeteren</a>" in content  # the menu entry


@pytest.mark.parametrize("persona", ["employee", "employee_b", "reception", "aftercare", "legal"])
def test_plans_page_refused_to_who_reads_no_plan_and_owns_nothing(client, world, actions, persona):
    if persona in ("employee", "employee_b"):
        ImprovementAction.objects.filter(owner=world.users[persona]).delete()
    client.force_login(world.users[persona])
    response = client.get(PLANS)
    assert response.status_code == 403
    assert b"Verbeteren</a>" not in response.content


def test_owner_who_reads_no_plan_sees_and_reaches_only_own_actions(client, world, actions):
    client.force_login(world.users["employee"])
    response = client.get(PLANS)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Mijn verbeteracties" in content and "Balie verhogen" in content
    assert "Camera plaatsen" not in content and "Beleid herijken" not in content
    assert ADD not in content
    assert client.get(reverse("learning:action", args=[actions["a"].pk])).status_code == 200
    assert client.get(reverse("learning:action", args=[actions["b"].pk])).status_code == 404
    assert client.get(ADD).status_code == 403


def test_reception_cannot_reach_an_action(client, world, actions):
    client.force_login(world.users["reception"])
    assert client.get(reverse("learning:action", args=[actions["a"].pk])).status_code == 404


def test_plans_filter_by_team_and_status(client, world, actions):
    services.action_update(
        actor=world.users["coordinator"], action=actions["b"], status=ActionStatus.DONE, result="Hangt."
    )
    client.force_login(world.users["coordinator"])
    content = client.get(PLANS, {"team": world.team_a.pk}).content.decode()
    assert "Balie verhogen" in content and "Beleid herijken" not in content
    content = client.get(PLANS).content.decode()
    assert "Camera plaatsen" not in content  # open actions by default
    content = client.get(PLANS, {"status": "done"}).content.decode()
    assert "Camera plaatsen" in content and "Balie verhogen" not in content
    content = client.get(PLANS, {"team": "organisatie", "status": "alle"}).content.decode()
    assert "Beleid herijken" in content and "Camera plaatsen" not in content
    assert client.get(PLANS, {"team": "999999"}).status_code == 400


def test_overdue_is_said_in_words(client, world, actions):
    ImprovementAction.objects.filter(pk=actions["a"].pk).update(due_on=in_days(-3))
    client.force_login(world.users["team_manager"])
    content = client.get(PLANS).content.decode()
    assert "Over de datum" in content
    content = client.get(reverse("learning:action", args=[actions["a"].pk])).content.decode()
    assert "Over de datum" in content


def test_plans_page_queries_do_not_grow_with_the_actions(client, world):
    coordinator = world.users["coordinator"]
    client.force_login(coordinator)
    owners = [world.users["employee"], world.users["employee_b"], coordinator]
    catalogue = list(CatalogueAction.objects.all()[:3])

    def grow(count):
        for n in range(count):
            add_action(
                coordinator,
                team=[world.team_a, world.team_b, None][n % 3],
                owner=owners[n % 3],
                title=f"Actie {n}",
                catalogue_action=catalogue[n % 3],
            )

    grow(4)
    client.get(PLANS)
    with CaptureQueriesContext(connection) as few:
        assert client.get(PLANS).status_code == 200
    grow(8)
    with CaptureQueriesContext(connection) as many:
        assert client.get(PLANS).status_code == 200
    assert len(many) == len(few)


# --- Adding an action --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("coordinator", 200), ("team_manager", 200), ("director", 403), ("employee", 403), ("reception", 403)],
)
def test_add_page_per_role(client, world, persona, status):
    client.force_login(world.users[persona])
    assert client.get(ADD).status_code == status
    response = client.post(ADD, add_data(world))
    assert response.status_code == (302 if status == 200 else 403)


def test_add_page_offers_the_catalogue_by_phase_and_the_kept_plans(client, world):
    client.force_login(world.users["team_manager"])
    content = client.get(ADD).content.decode()
    for phase in Phase:
        assert f'<optgroup label="{phase.label}">' in content
    assert "Hele organisatie" not in content
    assert ">Handhaving</option>" not in content
    client.force_login(world.users["coordinator"])
    content = client.get(ADD).content.decode()
    assert "Hele organisatie" in content and ">Handhaving</option>" in content


def test_team_manager_adds_a_catalogue_action(client, world):
    client.force_login(world.users["team_manager"])
    chosen = CatalogueAction.objects.get(number=20)
    response = client.get(ADD, {"actie": chosen.pk})
    assert f'<option value="{chosen.pk}" selected>' in response.content.decode()
    response = client.post(ADD, add_data(world, catalogue_action=str(chosen.pk), title=""))
    action = ImprovementAction.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "learning:action", args=[action.pk]
    )
    assert action.team == world.team_a and action.catalogue_action == chosen
    assert action.title == chosen.title and action.owner == world.users["employee"]


def test_coordinator_adds_to_the_organisations_plan(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(ADD, add_data(world, team="organisatie", owner=str(world.users["director"].pk)))
    assert response.status_code == 302
    action = ImprovementAction.objects.get()
    assert action.team is None and action.owner == world.users["director"]


def test_team_manager_cannot_add_to_another_plan(client, world):
    client.force_login(world.users["team_manager"])
    for team in (str(world.team_b.pk), "organisatie"):
        response = client.post(ADD, add_data(world, team=team))
        assert response.status_code == 400
        assert "Kies een plan dat u bijhoudt." in response.content.decode()
    assert not ImprovementAction.objects.exists()


def test_team_manager_cannot_give_the_action_to_someone_outside_the_team(client, world):
    manager = world.users["team_manager"]
    client.force_login(manager)
    response = client.post(ADD, add_data(world, owner=str(world.users["employee_b"].pk)))
    assert response.status_code == 400
    assert "Deze persoon kan geen eigenaar zijn." in response.content.decode()
    # Managing team B too, the manager still gives team A's actions only to team A.
    TeamMembershipFactory(user=manager, team=world.team_b, role=MembershipRole.MANAGER)
    manager = User.objects.get(pk=manager.pk)
    client.force_login(manager)
    response = client.post(ADD, add_data(world, owner=str(world.users["employee_b"].pk)))
    assert response.status_code == 400
    assert "hoort niet bij team Publiekszaken" in response.content.decode()
    assert not ImprovementAction.objects.exists()
    # The manager may take it on themselves.
    response = client.post(ADD, add_data(world, owner=str(manager.pk)))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"owner": ""}, "Kies wie de actie uitvoert (de eigenaar)."),
        ({"due_on": "01-01-2020"}, "De datum ligt in het verleden."),
        ({"due_on": "31-02-2027"}, "Vul een datum in als dag-maand-jaar"),
        (
            {"title": "", "catalogue_action": ""},
            "Kies een actie uit de catalogus of beschrijf een eigen actie.",
        ),
        ({"expected_result": ""}, "Schrijf op wat de actie moet opleveren."),
        ({"team": ""}, "Kies voor welk plan de actie is."),
    ],
)
def test_bad_input_is_refused_and_kept(client, world, changes, message):
    client.force_login(world.users["team_manager"])
    data = add_data(world, **changes)
    response = client.post(ADD, data)
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert 'class="error-summary"' in content and 'href="#id_' in content
    for name in ("title", "expected_result"):
        if data[name]:
            assert data[name] in content
    if data["due_on"]:
        assert f'value="{data["due_on"]}"' in content
    assert not ImprovementAction.objects.exists()


def _finished_evaluation(world, incident, *categories):
    factors = {category: Factor.objects.filter(category=category).first() for category in categories}
    return services.evaluation_save(
        actor=world.users["coordinator"],
        incident=incident,
        description="Klant werd boos over de wachttijd.",
        causes=[
            CauseInput(
                kind="direct",
                description=f"Oorzaak {category}: Jansen reageerde kortaf."
                if category == "employee"
                else f"Oorzaak {category}: geen tweede uitgang.",
                category=category,
                factor_id=factors[category].pk,
                needs_action=True,
            )
            for category in categories
        ],
        finish=True,
    )


def test_action_from_a_cause_is_linked_to_it(client, world):
    incident = report(world.users["employee"], occurred_at=world.incident_a.occurred_at)
    evaluation = _finished_evaluation(world, incident, "technical")
    cause = evaluation.causes.get()
    client.force_login(world.users["team_manager"])
    url = f"{ADD}?oorzaak={cause.pk}"
    content = client.get(url).content.decode()
    assert incident.reference in content and "geen tweede uitgang" in content
    assert f'<option value="{world.team_a.pk}" selected>' in content  # the incident's team
    response = client.post(url, add_data(world))
    assert response.status_code == 302
    action = ImprovementAction.objects.get()
    assert action.cause == cause and action.incident == incident
    # A cause of an incident the user may not evaluate is not found.
    incident_b = report(world.users["employee_b"], occurred_at=world.incident_b.occurred_at)
    other = _finished_evaluation(world, incident_b, "technical").causes.get()
    assert client.get(f"{ADD}?oorzaak={other.pk}").status_code == 404
    assert client.get(f"{ADD}?oorzaak=abc").status_code == 404


# --- One action --------------------------------------------------------------------------


def _update_data(action, **changes):
    data = {
        "status": action.status,
        "result": action.result,
        "due_on": action.due_on.strftime("%d-%m-%Y"),
        "owner": str(action.owner_id),
        "version": str(action.version),
    }
    return {**data, **changes}


def test_keeper_changes_everything(client, world, actions):
    action = actions["a"]
    client.force_login(world.users["team_manager"])
    content = client.get(reverse("learning:action", args=[action.pk])).content.decode()
    assert 'name="due_on"' in content and 'name="owner"' in content
    new_date = in_days(60)
    response = client.post(
        reverse("learning:action", args=[action.pk]),
        _update_data(
            action,
            status=ActionStatus.IN_PROGRESS,
            due_on=new_date.strftime("%d-%m-%Y"),
            owner=str(world.users["team_manager"].pk),
        ),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS and action.due_on == new_date
    assert action.owner == world.users["team_manager"] and action.version == 2


def test_owner_reports_status_and_result_only(client, world, actions):
    action = actions["a"]
    client.force_login(world.users["employee"])
    url = reverse("learning:action", args=[action.pk])
    content = client.get(url).content.decode()
    assert 'name="status"' in content and 'name="result"' in content
    assert 'name="due_on"' not in content and 'name="owner"' not in content
    old_date = action.due_on
    response = client.post(
        url,
        _update_data(
            action,
            status=ActionStatus.DONE,
            result="De balie is verhoogd.",
            due_on=in_days(90).strftime("%d-%m-%Y"),
            owner=str(world.users["employee"].pk),
        ),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.result == "De balie is verhoogd."
    assert action.due_on == old_date and action.completed_on is not None


def test_done_needs_a_result(client, world, actions):
    action = actions["a"]
    client.force_login(world.users["employee"])
    response = client.post(reverse("learning:action", args=[action.pk]), _update_data(action, status="done"))
    assert response.status_code == 400
    assert "Schrijf op wat de actie heeft opgeleverd." in response.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.PLANNED


def test_stale_edit_is_refused_with_input_kept(client, world, actions):
    action = actions["a"]
    stale = _update_data(
        action, status=ActionStatus.IN_PROGRESS, result="Offerte aangevraagd bij de leverancier."
    )
    services.action_update(
        actor=world.users["team_manager"], action=action, status=ActionStatus.IN_PROGRESS, result="Begonnen."
    )
    client.force_login(world.users["employee"])
    response = client.post(reverse("learning:action", args=[action.pk]), stale)
    assert response.status_code == 409
    content = response.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in content
    assert "Offerte aangevraagd bij de leverancier." in content  # typed
    assert "Begonnen." in content  # stored
    action.refresh_from_db()
    assert action.result == "Begonnen."


def test_director_reads_an_action_but_does_not_change_it(client, world, actions):
    action = actions["a"]
    client.force_login(world.users["director"])
    url = reverse("learning:action", args=[action.pk])
    response = client.get(url)
    assert response.status_code == 200 and b'name="status"' not in response.content
    assert client.post(url, _update_data(action, status="cancelled")).status_code == 403
    client.force_login(world.users["employee_b"])
    assert client.get(url).status_code == 404


def test_other_teams_manager_does_not_reach_the_action(client, world, actions):
    client.force_login(world.users["team_manager"])
    assert client.get(reverse("learning:action", args=[actions["b"].pk])).status_code == 404
    assert client.get(reverse("learning:action", args=[actions["organisation"].pk])).status_code == 404


def test_employee_related_cause_is_not_described_to_the_owner(client, world):
    incident = report(world.users["employee"], occurred_at=world.incident_a.occurred_at)
    cause = _finished_evaluation(world, incident, "employee").causes.get()
    action = add_action(
        world.users["team_manager"], team=world.team_a, owner=world.users["employee"], cause=cause
    )
    url = reverse("learning:action", args=[action.pk])
    client.force_login(world.users["employee"])
    content = client.get(url).content.decode()
    assert incident.reference in content and "Jansen" not in content
    client.force_login(world.users["team_manager"])
    assert "Jansen" in client.get(url).content.decode()


def test_due_date_check_uses_today(world, actions):
    """A keeper may keep the old due date once it has passed (the service checks only a change)."""
    action = actions["a"]
    ImprovementAction.objects.filter(pk=action.pk).update(due_on=dt.date(2020, 1, 1))
    action.refresh_from_db()
    updated = services.action_update(
        actor=world.users["team_manager"],
        action=action,
        status="in_progress",
        expected_version=action.version,
    )
    assert updated.due_on == dt.date(2020, 1, 1)
