"""The thematic team meeting (000; 004 §4): who plans and opens it, the agenda of the
team's own incidents, evaluations and actions without names, recording the agreements,
stale edits, and a constant number of queries as the agenda grows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from gir.learning import services
from gir.learning.constants import ActionStatus, MeetingStatus
from gir.learning.models import Factor, TeamMeeting
from gir.learning.services import CauseInput
from gir.protocol.tests.helpers import report

from .plan_helpers import add_action, in_days

pytestmark = pytest.mark.django_db

MEETINGS = reverse("learning:meetings")


def _meeting(world, team=None, days=7):
    return services.meeting_plan(
        actor=world.users["coordinator"], team=team or world.team_a, planned_on=in_days(days)
    )


def _incident(world, persona="employee", **facts):
    return report(
        world.users[persona],
        occurred_at=timezone.now(),
        behaviours=("verbal", "threat"),
        perpetrator_known="known",
        perpetrator_name="Piet Dader",
        **facts,
    )


def _evaluate(world, incident, *, finish=True):
    def cause(category, description):
        factor = Factor.objects.filter(category=category).first()
        return CauseInput(
            kind="direct", description=description, category=category, factor_id=factor.pk, needs_action=True
        )

    return services.evaluation_save(
        actor=world.users["coordinator"],
        incident=incident,
        description="Klant werd boos over de wachttijd.",
        causes=[
            cause("technical", "De balie heeft geen tweede uitgang."),
            cause("employee", "Collega Jansen kende het protocol niet."),
        ],
        finish=finish,
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [("coordinator", 200), ("team_manager", 200), ("director", 403), ("employee", 403), ("reception", 403)],
)
def test_meetings_page_per_role(client, world, persona, status):
    meeting = _meeting(world)
    client.force_login(world.users[persona])
    assert client.get(MEETINGS).status_code == status
    expected = 200 if status == 200 else 404
    assert client.get(reverse("learning:meeting", args=[meeting.pk])).status_code == expected


def test_team_manager_lists_and_opens_only_own_teams_meetings(client, world):
    mine, other = _meeting(world, days=5), _meeting(world, team=world.team_b, days=6)
    client.force_login(world.users["team_manager"])
    content = client.get(MEETINGS).content.decode()
    assert reverse("learning:meeting", args=[mine.pk]) in content
    assert reverse("learning:meeting", args=[other.pk]) not in content
    assert client.get(reverse("learning:meeting", args=[other.pk])).status_code == 404


def test_team_manager_plans_a_meeting(client, world):
    client.force_login(world.users["team_manager"])
    date = in_days(10)
    response = client.post(MEETINGS, {"team": str(world.team_a.pk), "planned_on": date.strftime("%d-%m-%Y")})
    meeting = TeamMeeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "learning:meeting", args=[meeting.pk]
    )
    assert meeting.team == world.team_a and meeting.planned_on == date
    # Not for another team; a missing date is said.
    response = client.post(MEETINGS, {"team": str(world.team_b.pk), "planned_on": date.strftime("%d-%m-%Y")})
    assert (
        response.status_code == 400
        and "Kies een team waarvan u het plan bijhoudt." in response.content.decode()
    )
    response = client.post(MEETINGS, {"team": str(world.team_a.pk), "planned_on": ""})
    assert response.status_code == 400 and "Vul de datum van het werkoverleg in." in response.content.decode()
    assert TeamMeeting.objects.count() == 1


def test_agenda_has_the_teams_incidents_and_actions_without_names(client, world):
    mine, theirs = _incident(world), _incident(world, "employee_b")
    _evaluate(world, mine)
    draft = _incident(world)
    _evaluate(world, draft, finish=False)
    manager = world.users["team_manager"]
    open_a = add_action(manager, team=world.team_a, owner=world.users["employee"], title="Balie verhogen")
    done_a = add_action(manager, team=world.team_a, owner=manager, title="Alarmknop testen")
    services.action_update(actor=manager, action=done_a, status=ActionStatus.DONE, result="Werkt weer.")
    add_action(
        world.users["coordinator"],
        team=world.team_b,
        owner=world.users["employee_b"],
        title="Camera plaatsen",
    )
    meeting = _meeting(world)

    client.force_login(manager)
    response = client.get(reverse("learning:meeting", args=[meeting.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert mine.reference in content and theirs.reference not in content
    assert "Bedreiging of intimidatie" in content and "Balie of receptie" in content
    # The finished evaluation's causes, the employee-related one without its description.
    assert "De balie heeft geen tweede uitgang." in content and "Medewerkergebonden".lower() in content
    assert "Jansen" not in content
    assert content.count("Klaar sinds het vorige overleg") == 1
    assert "Balie verhogen" in content and "Alarmknop testen" in content and "Werkt weer." in content
    assert "Camera plaatsen" not in content
    # No names of employees or perpetrators, except the owners of actions.
    for person in ("Piet Dader", str(world.users["employee_b"])):
        assert person not in content
    assert str(world.users["employee"]) in content  # owner of an open action
    assert reverse("learning:action", args=[open_a.pk]) in content
    # A draft evaluation is not on the agenda (its incident is, as an incident).
    assert content.count("Collega") == 0 and draft.reference in content


def test_recording_the_agreements(client, world):
    meeting = services.meeting_plan(
        actor=world.users["team_manager"], team=world.team_a, planned_on=in_days(-1)
    )
    url = reverse("learning:meeting", args=[meeting.pk])
    client.force_login(world.users["team_manager"])
    held = in_days(-1).strftime("%d-%m-%Y")
    assert f'value="{held}"' in client.get(url).content.decode()
    response = client.post(
        url, {"held_on": held, "agreements": "We lopen met twee naar de balie.", "version": "1"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.agreements == "We lopen met twee naar de balie."
    assert "We lopen met twee naar de balie." in client.get(url).content.decode()


def test_bad_agreements_are_refused_and_kept(client, world):
    meeting = _meeting(world)
    url = reverse("learning:meeting", args=[meeting.pk])
    client.force_login(world.users["team_manager"])
    response = client.post(
        url, {"held_on": in_days(3).strftime("%d-%m-%Y"), "agreements": "Concept-afspraak", "version": "1"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Een overleg dat nog moet komen is niet gehouden." in content and "Concept-afspraak" in content
    response = client.post(url, {"held_on": "", "agreements": "", "version": "1"})
    assert response.status_code == 400
    assert "Schrijf de gemaakte afspraken op." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_stale_record_is_refused(client, world):
    meeting = _meeting(world, days=-2)
    services.meeting_record(
        actor=world.users["coordinator"],
        meeting=meeting,
        agreements="Eerste versie.",
        held_on=in_days(-2),
        expected_version=1,
    )
    client.force_login(world.users["team_manager"])
    response = client.post(
        reverse("learning:meeting", args=[meeting.pk]),
        {"held_on": in_days(-2).strftime("%d-%m-%Y"), "agreements": "Mijn versie.", "version": "1"},
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in content and "Mijn versie." in content
    meeting.refresh_from_db()
    assert meeting.agreements == "Eerste versie."


def test_meeting_queries_do_not_grow_with_the_agenda(client, world):
    manager = world.users["team_manager"]
    meeting = _meeting(world)
    client.force_login(manager)
    url = reverse("learning:meeting", args=[meeting.pk])

    def grow(count):
        for n in range(count):
            incident = _incident(world)
            _evaluate(world, incident)
            add_action(manager, team=world.team_a, owner=world.users["employee"], title=f"Actie {n}")

    grow(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow(4)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_meetings_list_queries_do_not_grow(client, world):
    client.force_login(world.users["coordinator"])
    for days in range(3):
        _meeting(world, team=[world.team_a, world.team_b][days % 2], days=days)
    client.get(MEETINGS)
    with CaptureQueriesContext(connection) as few:
        client.get(MEETINGS)
    for days in range(3, 9):
        _meeting(world, team=[world.team_a, world.team_b][days % 2], days=days)
    with CaptureQueriesContext(connection) as many:
        client.get(MEETINGS)
    assert len(many) == len(few)
