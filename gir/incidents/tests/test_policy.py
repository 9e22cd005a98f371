"""The access policy per role (DESIGN §1, issue 3 §7): what is shown and what is refused."""

import pytest

from gir.access.registry import can
from gir.incidents.policy import IncidentAction, incidents_visible_to

# persona -> the incidents of the world fixture it may see
VISIBLE = {
    "employee": {"incident_a", "draft_a"},
    "employee_b": {"incident_b"},
    "team_manager": {"incident_a"},
    "coordinator": {"incident_a", "incident_b", "restricted"},
    "aftercare": set(),
    "reception": set(),
    "legal": set(),
    "director": set(),
    "mayor": {"restricted"},
    "clerk": {"restricted"},
    "administrator": set(),
    "councillor": {"restricted"},
}
INCIDENTS = ("incident_a", "incident_b", "draft_a", "restricted")


@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_each_role_sees_exactly_its_incidents(world, persona):
    user = world.users[persona]
    visible = set(incidents_visible_to(user).values_list("pk", flat=True))
    expected = {getattr(world, name).pk for name in VISIBLE[persona]}
    assert visible == expected


@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_view_permission_matches_visibility(world, persona):
    user = world.users[persona]
    for name in INCIDENTS:
        assert can(user, IncidentAction.VIEW, getattr(world, name)) == (name in VISIBLE[persona])


@pytest.mark.parametrize(
    ("persona", "incident", "action", "allowed"),
    [
        ("employee", "draft_a", IncidentAction.EDIT, True),
        ("employee", "incident_a", IncidentAction.EDIT, True),
        ("employee", "incident_a", IncidentAction.VIEW_HISTORY, False),
        ("team_manager", "incident_a", IncidentAction.EDIT, True),
        ("team_manager", "incident_a", IncidentAction.VIEW_HISTORY, True),
        ("team_manager", "draft_a", IncidentAction.EDIT, False),
        ("team_manager", "incident_b", IncidentAction.EDIT, False),
        ("coordinator", "incident_b", IncidentAction.VIEW_HISTORY, True),
        ("coordinator", "restricted", IncidentAction.EDIT, True),
        ("coordinator", "draft_a", IncidentAction.EDIT, False),
        ("mayor", "restricted", IncidentAction.VIEW_HISTORY, True),
        ("mayor", "incident_a", IncidentAction.VIEW_HISTORY, False),
        ("aftercare", "incident_a", IncidentAction.VIEW_PERPETRATOR, False),
        ("employee_b", "incident_a", IncidentAction.EDIT, False),
    ],
)
def test_actions(world, persona, incident, action, allowed):
    assert can(world.users[persona], action, getattr(world, incident)) is allowed


def test_inactive_user_sees_nothing(world):
    user = world.users["coordinator"]
    user.is_active = False
    assert not incidents_visible_to(user).exists()


def test_superuser_flag_grants_nothing(world):
    """There is no bypass: the flag Django's admin honours is ignored by the policy."""
    user = world.users["reception"]
    user.is_superuser = True
    assert not incidents_visible_to(user).exists()


def test_victim_sees_a_report_made_on_their_behalf(world):
    from gir.incidents.models import Victim

    Victim.objects.create(incident=world.incident_b, user=world.users["employee"])
    assert incidents_visible_to(world.users["employee"]).filter(pk=world.incident_b.pk).exists()


@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_own_incidents_are_the_visible_ones_reported_or_suffered(world, persona):
    """Mijn meldingen (issue 18): two parts that never overlap, never more than the user
    may see, and together the same as "visible, and reported by me or with me as a victim"."""
    from django.db.models import Q

    from gir.incidents.models import Incident, Victim
    from gir.incidents.policy import own_incidents
    from gir.incidents.selectors import my_incidents

    user = world.users[persona]
    # A victim of someone else's draft does not see it; of a submitted report they do.
    from gir.accounts.tests.factories import UserFactory

    other_draft = Incident.objects.create(reporter=UserFactory(), status="draft")
    Victim.objects.create(incident=other_draft, user=user)
    Victim.objects.create(incident=world.incident_b, user=user)
    visible = incidents_visible_to(user)
    expected = set(
        visible.filter(Q(reporter=user) | Q(victims__user=user)).values_list("pk", flat=True).distinct()
    )
    reported, suffered = own_incidents(user)
    reported_ids, suffered_ids = (set(part.values_list("pk", flat=True)) for part in (reported, suffered))
    assert not reported_ids & suffered_ids and reported_ids | suffered_ids == expected
    listed = [incident.pk for incident in my_incidents(user)]
    assert len(listed) == len(set(listed)) and set(listed) == expected
    assert my_incidents(user).count() == len(expected)
    assert other_draft.pk not in expected


def test_own_incidents_of_an_inactive_user_are_none(world):
    from gir.incidents.policy import own_incidents

    user = world.users["employee"]
    user.is_active = False
    assert not any(part.exists() for part in own_incidents(user))
