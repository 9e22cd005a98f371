"""Shared fixtures: a small organisation with one user per role and a few incidents."""

import datetime as dt
import importlib
import os
from dataclasses import dataclass

from django.apps import apps as django_apps
from django.test import Client

import pytest
import time_machine

from gir.accounts.constants import MembershipRole, Role
from gir.accounts.models import OrganisationUnit, User
from gir.accounts.tests.factories import (
    LocationFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)
from gir.incidents.constants import IncidentStatus, VictimKind
from gir.incidents.models import Incident, Victim
from gir.incidents.tests.factories import IncidentFactory
from gir.protocol import services as protocol

# The test identity provider (a real OpenID Connect provider in its own process), for
# gir/accounts' tests and the browser tests alike; a real S3-compatible server (moto's, in
# its own process) for the tests of object storage.
pytest_plugins = ["gir.accounts.tests.identity_provider.fixture", "gir.core.tests.s3"]

# Every test runs on a clock that starts at this moment and ticks on, never on the real
# one: a suite that passed on Tuesday must pass on Saturday. It starts before the test
# modules are collected, so a constant computed at import reads it too. Another moment,
# to look for tests that depend on the day: GIR_TEST_NOW=2027-03-28T03:30+02:00 make test
TEST_NOW = dt.datetime.fromisoformat(os.environ.get("GIR_TEST_NOW", "2026-12-02T10:00:00+01:00"))
_test_clock = time_machine.travel(TEST_NOW, tick=True)


def pytest_configure(config: pytest.Config) -> None:
    _test_clock.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    _test_clock.stop()


@pytest.fixture(autouse=True)
def _force_login_passes_second_factor(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """client.force_login(coordinator) logs in as the coordinator works: past the second
    factor its role requires (gir/twofactor/tests/helpers.py, ADR 0016). Tests marked
    ``second_factor`` get the password-only session and go through the second step."""
    if request.node.get_closest_marker("second_factor"):
        return
    from gir.twofactor.tests.helpers import force_login_verified

    monkeypatch.setattr(Client, "force_login", force_login_verified(Client.force_login))


@dataclass
class World:
    team_a: OrganisationUnit
    team_b: OrganisationUnit
    users: dict[str, User]
    incident_a: Incident  # reported by employee (team A)
    incident_b: Incident  # reported in team B
    draft_a: Incident  # a draft of employee
    restricted: Incident  # against a political office holder


# The personas every access test runs through; "employee" is in team A.
PERSONAS = {
    "employee": [Role.EMPLOYEE],
    "employee_b": [Role.EMPLOYEE],
    "team_manager": [Role.EMPLOYEE, Role.TEAM_MANAGER],
    "coordinator": [Role.COORDINATOR],
    "aftercare": [Role.AFTERCARE],
    "reception": [Role.RECEPTION],
    "legal": [Role.LEGAL],
    "director": [Role.DIRECTOR],
    "mayor": [Role.MAYOR],
    "clerk": [Role.CLERK],
    "administrator": [Role.ADMINISTRATOR],
    "privacy_officer": [Role.PRIVACY_OFFICER],
}


# The data the migrations ship; a transactional test empties the database after it.
SHIPPED_DATA = (
    ("gir.accounts.migrations.0002_default_function_groups", "add_function_groups"),
    ("gir.protocol.migrations.0002_default_rules", "add_rules"),
    ("gir.letters.migrations.0002_default_templates", "add_templates"),
    ("gir.letters.migrations.0003_damage_claim_amounts", "add_amounts"),
    ("gir.letters.migrations.0004_intent_letter", "add_template"),
    ("gir.letters.migrations.0006_privacy_notice", "add_privacy_notice"),
    ("gir.learning.migrations.0002_default_catalogues", "add_catalogues"),
    ("gir.development.migrations.0002_default_questionnaires", "add_questionnaires"),
    ("gir.duties.migrations.0002_default_duties", "add_duties"),
    ("gir.privacy.migrations.0003_default_retention_rules", "add_rules"),
)


@pytest.fixture
def shipped_data(transactional_db: None) -> None:
    """For tests that commit (browser tests, worker processes): put back what the
    migrations ship — function groups and protocol rules — which the flush after a
    transactional test removes. (Serialized rollback does not survive Playwright's
    event loop, so the shipping functions are simply run again; they are idempotent.)"""
    for module, function in SHIPPED_DATA:
        getattr(importlib.import_module(module), function)(django_apps, None)


@pytest.fixture
def world(db: None) -> World:
    team_a = TeamFactory(name="Publiekszaken")
    team_b = TeamFactory(name="Handhaving", parent=team_a.parent)
    LocationFactory(name="Stadskantoor")
    users = {name: UserFactory(username=name, roles=roles) for name, roles in PERSONAS.items()}
    TeamMembershipFactory(user=users["employee"], team=team_a)
    TeamMembershipFactory(user=users["employee_b"], team=team_b)
    TeamMembershipFactory(user=users["team_manager"], team=team_a, role=MembershipRole.MANAGER)
    councillor = UserFactory(username="raadslid", roles=[], is_political_office_holder=True)
    users["councillor"] = councillor

    incident_a = IncidentFactory(reporter=users["employee"], team=team_a, description="Schelden A")
    incident_b = IncidentFactory(reporter=users["employee_b"], team=team_b, description="Duwen B")
    draft_a = IncidentFactory(
        reporter=users["employee"],
        team=team_a,
        status=IncidentStatus.DRAFT,
        submitted_at=None,
        description="Concept A",
    )
    restricted = IncidentFactory(
        reporter=councillor,
        team=None,
        is_restricted=True,
        description="Dreigmail raadslid",
        victim_is_reporter=False,
    )
    Victim.objects.create(incident=restricted, user=councillor, kind=VictimKind.POLITICAL_OFFICE_HOLDER)
    for incident in (incident_a, incident_b, restricted):
        protocol.handler_ensure(actor=None, incident=incident)
        protocol.plan_update(actor=None, incident=incident)
    return World(team_a, team_b, users, incident_a, incident_b, draft_a, restricted)
