import datetime as dt
from io import StringIO

from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

import pytest

from gir.accounts.constants import MembershipRole, Role, UnitKind
from gir.accounts.models import Location, OrganisationUnit, TeamMembership, User, UserRole
from gir.accounts.tests.factories import OrganisationUnitFactory, UserFactory
from gir.core import demo
from gir.incidents.constants import OFFICE_SETTINGS, IncidentStatus, Setting, VictimKind
from gir.incidents.models import Incident, IncidentBehaviour, Victim

pytestmark = pytest.mark.django_db


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    models = (OrganisationUnit, Location, User, UserRole, TeamMembership, Incident, IncidentBehaviour, Victim)
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def loaded() -> str:
    return run("load_demo")


def test_load_demo_creates_one_login_per_role_with_its_roles(loaded: str) -> None:
    logins = {login.role: login for login in demo.DEMO_LOGINS}
    assert set(logins) == set(Role)
    for role, login in logins.items():
        user = User.objects.get(username=login.username)
        assert role in user.role_codes
        assert user.role_codes == set(login.roles)
        assert user.check_password(demo.DEMO_PASSWORD)
        assert login.username in loaded
    assert demo.DEMO_PASSWORD in loaded
    assert "http://127.0.0.1:8000" in loaded


def test_load_demo_builds_the_organisation_tree(loaded: str) -> None:
    organisation = OrganisationUnit.objects.get(name="Gemeente Heerlen (demo)", parent=None)
    assert organisation.kind == UnitKind.ORGANISATION
    directorates = OrganisationUnit.objects.filter(parent=organisation, kind=UnitKind.DIRECTORATE)
    assert 2 <= directorates.count() <= 3
    departments = OrganisationUnit.objects.filter(parent__in=directorates, kind=UnitKind.DEPARTMENT)
    assert 4 <= departments.count() <= 7
    teams = OrganisationUnit.objects.filter(parent__in=departments, kind=UnitKind.TEAM)
    assert 10 <= teams.count() <= 14
    for unit in OrganisationUnit.objects.all():
        unit.full_clean()
    assert Location.objects.get(name="Stadskantoor").address == "Geleenstraat 27, 6411 HR Heerlen"
    assert 4 <= Location.objects.count() <= 5
    # One manager at least for every team.
    assert not teams.exclude(memberships__role=MembershipRole.MANAGER).exists()


def test_demo_employee_and_manager(loaded: str) -> None:
    employee = User.objects.get(username="medewerker")
    manager = User.objects.get(username="teammanager")
    assert employee.function_group is not None
    assert TeamMembership.objects.filter(
        user=employee, team__name="Publiekszaken", role=MembershipRole.MEMBER
    ).exists()
    managed = TeamMembership.objects.filter(user=manager, role=MembershipRole.MANAGER)
    assert "Publiekszaken" in managed.values_list("team__name", flat=True)
    assert managed.count() == 2

    own = Incident.objects.filter(victims__user=employee).exclude(status=IncidentStatus.DRAFT)
    assert 6 <= own.count() <= 10
    assert Incident.objects.filter(reporter=employee, status=IncidentStatus.DRAFT).count() == 5
    team_incidents = Incident.objects.filter(team__in=managed.values("team"))
    assert team_incidents.count() >= 40


def test_load_demo_people(loaded: str) -> None:
    employees = User.objects.filter(memberships__role=MembershipRole.MEMBER).distinct()
    assert employees.count() >= 55
    assert employees.filter(function_group__isnull=False).count() >= 50
    politicians = User.objects.filter(is_political_office_holder=True)
    assert politicians.count() == 3
    assert not TeamMembership.objects.filter(user__in=politicians).exists()
    # Only the demo log-ins can log in.
    assert User.objects.exclude(password__startswith="!").count() == len(demo.DEMO_LOGINS)


def test_load_demo_twice_creates_nothing_new(loaded: str) -> None:
    before = row_counts()
    output = run("load_demo")
    assert row_counts() == before
    assert "bestaan al" in output
    for login in demo.DEMO_LOGINS:
        assert login.username in output


def test_demo_incidents_are_plausible(loaded: str) -> None:
    now = timezone.now()
    incidents = Incident.objects.annotate(
        n_behaviours=Count("behaviours", distinct=True), n_victims=Count("victims", distinct=True)
    )
    assert incidents.count() == demo.DEFAULT_INCIDENT_COUNT
    assert not incidents.filter(occurred_at__gt=now).exists()
    assert not incidents.filter(occurred_at__isnull=True).exists()
    assert incidents.filter(occurred_at__lt=now - dt.timedelta(days=450)).exists()
    assert not incidents.filter(n_victims=0).exists()
    assert not incidents.filter(n_behaviours=0).exists()
    assert not incidents.filter(n_behaviours__gt=2).exists()

    drafts = incidents.filter(status=IncidentStatus.DRAFT)
    assert not drafts.filter(submitted_at__isnull=False).exists()
    submitted = incidents.exclude(status=IncidentStatus.DRAFT)
    assert not submitted.filter(submitted_at__isnull=True).exists()
    assert not submitted.filter(submitted_at__gt=now).exists()
    statuses = dict(submitted.values_list("status").annotate(n=Count("pk")))
    assert statuses[IncidentStatus.REPORTED] > statuses[IncidentStatus.IN_PROGRESS]
    assert statuses[IncidentStatus.REPORTED] > statuses[IncidentStatus.CLOSED]

    assert not incidents.filter(setting__in=OFFICE_SETTINGS, location__isnull=True).exists()
    outside = incidents.filter(setting__in=[Setting.HOME_VISIT, Setting.PUBLIC_SPACE])
    assert outside.exists()
    assert not outside.filter(address_outside="").exists()
    assert len(set(submitted.values_list("description", flat=True))) > 250
    for incident in submitted.iterator():
        incident.full_clean()


def test_restricted_incidents_are_against_political_office_holders(loaded: str) -> None:
    restricted = Incident.objects.filter(is_restricted=True)
    assert 3 <= restricted.count() <= 20
    assert not restricted.filter(team__isnull=False).exists()
    victims = Victim.objects.filter(incident__in=restricted)
    assert not victims.exclude(user__is_political_office_holder=True).exists()
    assert not victims.exclude(kind=VictimKind.POLITICAL_OFFICE_HOLDER).exists()
    others = Victim.objects.filter(incident__is_restricted=False)
    assert not others.filter(user__is_political_office_holder=True).exists()
    assert not Incident.objects.filter(is_restricted=False, team__isnull=True).exists()


def test_load_demo_refuses_when_a_demo_username_is_taken() -> None:
    UserFactory(username="medewerker")
    with pytest.raises(CommandError, match="medewerker"):
        run("load_demo")
    assert not OrganisationUnit.objects.exists()


def test_generate_incidents_adds_exactly_count(loaded: str) -> None:
    before = set(Incident.objects.values_list("pk", flat=True))
    output = run("generate_incidents", "--count", "2000", "--batch-size", "700")
    new = Incident.objects.exclude(pk__in=before)
    assert new.count() == 2000
    assert not new.filter(behaviours__isnull=True).exists()
    assert not new.filter(victims__isnull=True).exists()
    assert not new.filter(occurred_at__gt=timezone.now()).exists()
    assert not new.filter(status=IncidentStatus.DRAFT).exists()
    assert new.filter(is_restricted=True).exists()
    assert "2.000 meldingen aangemaakt" in output


def test_generate_incidents_is_deterministic_for_a_seed(loaded: str) -> None:
    def generate(seed: str) -> list[str]:
        last = Incident.objects.order_by("-pk").values_list("pk", flat=True)[0]
        run("generate_incidents", "--count", "300", "--seed", seed)
        new = Incident.objects.filter(pk__gt=last).order_by("pk")
        return list(new.values_list("description", flat=True))

    first = generate("7")
    assert first == generate("7")
    assert first != generate("8")


def test_generate_incidents_loads_the_demo_when_there_is_no_organisation() -> None:
    output = run("generate_incidents", "--count", "50")
    assert "demo-gemeente geladen" in output
    assert Incident.objects.count() == demo.DEFAULT_INCIDENT_COUNT + 50
    assert demo.demo_organisation() is not None


def test_generate_incidents_needs_people_in_teams() -> None:
    OrganisationUnitFactory(name="Lege gemeente")
    with pytest.raises(CommandError, match="geen teams"):
        run("generate_incidents", "--count", "10")


def test_generate_incidents_rejects_a_count_below_one() -> None:
    with pytest.raises(CommandError):
        run("generate_incidents", "--count", "0")
