"""The kernel (DESIGN §1): capabilities per role, users_with, the registry's menu."""

import pytest

from conftest import PERSONAS
from gir.access.kernel import (
    ROLE_CAPABILITIES,
    Capability,
    capabilities_of,
    second_factor_required,
    users_with,
)
from gir.access.registry import can, menu_for, menu_keys, offered
from gir.accounts.constants import Role

# Who receives what is chosen by capability; these hold for exactly these roles.
HOLDERS = {
    Capability.HANDLE_ALL_INCIDENTS: {"coordinator"},
    Capability.HANDLE_TEAM_INCIDENTS: {"team_manager"},
    Capability.HANDLE_RESTRICTED_INCIDENTS: {"mayor", "clerk"},
    Capability.LEAD_RESTRICTED_INCIDENTS: {"mayor"},
    Capability.SIGN_MEASURES: {"mayor"},
    Capability.WORK_AFTERCARE_STEPS: {"aftercare"},
    Capability.WORK_LEGAL_STEPS: {"legal"},
    Capability.RECEIVE_ESCALATIONS: {"director"},
    Capability.RECEIVE_BAN_NOTICES: {"reception"},
    Capability.CHECK_VISITORS: {"reception", "coordinator"},
    Capability.MANAGE_LEARNING: {"coordinator"},
    Capability.MANAGE_DUTIES: {"coordinator"},
}


def test_every_role_is_on_the_review_page():
    assert set(ROLE_CAPABILITIES) == set(Role.values)


@pytest.mark.parametrize("capability", sorted(HOLDERS))
def test_users_with_a_capability(world, capability):
    expected = {world.users[name] for name in HOLDERS[capability]}
    assert set(users_with(capability)) == expected
    for name, user in world.users.items():
        assert (capability in capabilities_of(user)) == (name in HOLDERS[capability])


def test_every_account_reports(world):
    assert set(users_with(Capability.REPORT_INCIDENT)) == set(world.users.values())


def test_users_with_for_teams_are_their_managers(world):
    assert list(users_with(Capability.HANDLE_TEAM_INCIDENTS, teams=[world.team_a.pk])) == [
        world.users["team_manager"]
    ]
    assert not users_with(Capability.HANDLE_TEAM_INCIDENTS, teams=[world.team_b.pk]).exists()


def test_users_with_leaves_out_blocked_accounts_unless_asked(world):
    coordinator = world.users["coordinator"]
    coordinator.is_active = False
    coordinator.save()
    assert not users_with(Capability.MANAGE_LEARNING).exists()
    assert list(users_with(Capability.MANAGE_LEARNING, active=False)) == [coordinator]


# persona -> the menu entries it is offered
MENU = {
    "employee": {"report", "development", "duties"},
    "team_manager": {
        "report",
        "worklist",
        "tasks",
        "register",
        "dashboard",
        "learning",
        "development",
        "duties",
    },
    "coordinator": {
        "report",
        "worklist",
        "tasks",
        "protocol",
        "register",
        "letters",
        "reception",
        "aftercare_report_page",
        "imports",
        "police_and_damage",
        "dashboard",
        "learning",
        "development",
        "duties",
        "lockouts",
        "role_grants",
        "subject_requests",
        "retention",
        "legal_holds",
    },
    "aftercare": {"report", "tasks", "aftercare", "aftercare_report_page", "development", "duties"},
    "reception": {"report", "reception", "development", "duties"},
    "legal": {
        "report",
        "tasks",
        "register",
        "police_and_damage",
        "development",
        "duties",
        "subject_requests",
    },
    "director": {
        "report",
        "aftercare_report",
        "aftercare_report_page",
        "dashboard",
        "learning",
        "development",
        "duties",
        "role_grants",
    },
    "mayor": {"report", "worklist", "tasks", "register", "development", "duties"},
    "administrator": {"report", "admin", "lockouts", "development", "duties"},
    "privacy_officer": {"report", "audit_log", "subject_requests", "retention", "development", "duties"},
}


@pytest.mark.parametrize("persona", sorted(MENU))
def test_menu_per_role(world, persona):
    menu = menu_for(world.users[persona])
    assert set(menu) == menu_keys()
    assert {key for key, shown in menu.items() if shown} == MENU[persona]
    assert all(offered(world.users[persona], key) == shown for key, shown in menu.items())


def test_nobody_anonymous_is_offered_anything():
    assert not any(menu_for(None).values())


def test_can_asks_the_policy_of_the_objects_app(world):
    assert can(world.users["team_manager"], "view", world.incident_a)
    assert not can(world.users["employee_b"], "view", world.incident_a)
    with pytest.raises(LookupError):
        can(world.users["coordinator"], "view", world.team_a)


def test_every_role_that_sees_more_than_its_own_reports_requires_a_second_factor(world):
    """Issue 17 item 2: by default only the plain employee logs in with a password alone;
    every role with a capability beyond reporting must pass a second factor."""
    for role, capabilities in ROLE_CAPABILITIES.items():
        if capabilities - {Capability.REPORT_INCIDENT}:
            assert role not in {Role.EMPLOYEE}, role
    required = {name for name, user in world.users.items() if second_factor_required(user)}
    assert required == set(PERSONAS) - {"employee", "employee_b"}
