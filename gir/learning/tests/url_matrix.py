"""The learning URLs in the project's access matrix (gir/home/tests/test_url_access_matrix.py):
who reaches each page, which are POST-only, and the URL kwargs for a test world.

The evaluation URL points at incident_a (its handlers evaluate it). The action URL points
at an action in team A's plan owned by "employee" (made before any learning URL is
visited), the meeting URL at a meeting of team A; both are made once per test. The plan's
keepers are the coordinator and team A's manager; directors read plans and the catalogue;
an owner reaches their own action."""

import datetime as dt

PLAN_READERS = frozenset({"team_manager", "coordinator", "director"})
KEEPERS_OF_A = frozenset({"team_manager", "coordinator"})

MATRIX: dict[str, frozenset[str]] = {
    "learning:evaluation": KEEPERS_OF_A,
    "learning:catalogue": PLAN_READERS,
    # An owner who reads no plans sees their own actions there ("Mijn verbeteracties").
    "learning:plans": PLAN_READERS | {"employee"},
    "learning:action_add": KEEPERS_OF_A,
    "learning:action": PLAN_READERS | {"employee"},
    "learning:meetings": KEEPERS_OF_A,
    "learning:meeting": KEEPERS_OF_A,
}
POST_ONLY: set[str] = set()

MATRIX_RESULT = "Matrix: het team oefent met de beveiliging."


def url_kwargs(key: str, world) -> dict[str, int]:
    if not key.startswith("learning:"):
        return {}
    from django.utils import timezone

    from gir.learning import services
    from gir.learning.models import ImprovementAction, TeamMeeting

    # The action exists before any learning page is visited, whatever their order.
    action = ImprovementAction.objects.filter(expected_result=MATRIX_RESULT).first()
    if action is None:
        action = services.action_add(
            actor=world.users["team_manager"],
            team=world.team_a,
            owner=world.users["employee"],
            due_on=timezone.localdate() + dt.timedelta(days=30),
            expected_result=MATRIX_RESULT,
            title="Samen met beveiliging trainen",
        )
    if key == "learning:evaluation":
        return {"pk": world.incident_a.pk}
    if key == "learning:action":
        return {"pk": action.pk}
    if key == "learning:meeting":
        meeting = TeamMeeting.objects.filter(team=world.team_a).first()
        if meeting is None:
            meeting = services.meeting_plan(
                actor=world.users["team_manager"], team=world.team_a, planned_on=timezone.localdate()
            )
        return {"pk": meeting.pk}
    return {}
