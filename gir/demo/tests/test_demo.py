import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from io import StringIO

from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest
import time_machine

from gir.accounts.constants import MembershipRole, Role, UnitKind
from gir.accounts.models import Location, OrganisationUnit, TeamMembership, User, UserRole
from gir.accounts.tests.factories import OrganisationUnitFactory, UserFactory
from gir.audit.models import AuditAction, AuditEvent
from gir.demo.load import load_demo
from gir.demo.organisation import (
    DEFAULT_INCIDENT_COUNT,
    DEMO_LOGINS,
    DEMO_MANAGER,
    DEMO_PASSWORD,
    demo_organisation,
)
from gir.incidents.constants import OFFICE_SETTINGS, IncidentStatus, Setting, VictimKind
from gir.incidents.models import Incident, IncidentBehaviour, Victim
from gir.protocol.constants import StepKind, StepOwner, StepStatus
from gir.protocol.models import ProtocolRule, Step

pytestmark = pytest.mark.django_db


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    models = (
        OrganisationUnit, Location, User, UserRole, TeamMembership, Incident, IncidentBehaviour, Victim,
        Step, AuditEvent,
    )  # fmt: skip
    counts = {model.__name__: model.objects.count() for model in models}
    for model in (Step, Incident):
        by_status = model.objects.values_list("status").annotate(n=Count("pk"))
        counts.update((f"{model.__name__} {status}", n) for status, n in by_status)
    return counts


# The demo is drawn back from "now", so it is loaded on each day of the week, at other
# hours, and across the switch to summer time (Sunday 28 March 2027, 02:00 -> 03:00):
# a demo, or a test of it, that only works on some days never lands again.
DEMO_MOMENTS = [
    "2027-03-24T09:56:00+01:00",  # Wednesday, morning
    "2027-03-25T13:05:00+01:00",  # Thursday, lunch
    "2027-03-26T17:40:00+01:00",  # Friday, end of the day
    "2027-03-27T09:56:00+01:00",  # Saturday morning (issue 16: nothing overdue then)
    "2027-03-28T03:30:00+02:00",  # Sunday, the night the clocks go forward
    "2027-03-29T07:15:00+02:00",  # Monday, before the office opens
    "2027-03-30T23:30:00+02:00",  # Tuesday, late evening
]


@pytest.fixture(scope="class", params=DEMO_MOMENTS)
def demo_output(request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker) -> Iterator[str]:
    """One load for all tests of a class, per moment: working off every plan through the
    protocol services takes seconds. The clock stands at the moment and ticks on; each
    test still runs in its own savepoint inside this transaction, and the load is rolled
    back after the class."""
    moment = dt.datetime.fromisoformat(request.param)
    with time_machine.travel(moment, tick=True), django_db_blocker.unblock(), transaction.atomic():
        yield run("load_demo")
        transaction.set_rollback(True)


@pytest.fixture
def loaded(demo_output: str, db: None) -> str:
    return demo_output


def open_tasks(**owner: object) -> QuerySet[Step]:
    """Open steps of open incidents, as "Mijn taken" lists them."""
    return Step.objects.filter(
        status=StepStatus.OPEN,
        incident__status__in=[IncidentStatus.REPORTED, IncidentStatus.IN_PROGRESS],
        **owner,
    )


class TestLoadedDemo:
    """The tests that share one load (see the demo_output fixture)."""

    def test_load_demo_creates_one_login_per_role_with_its_roles(self, loaded: str) -> None:
        logins = {login.role: login for login in DEMO_LOGINS}
        assert set(logins) == set(Role)
        for role, login in logins.items():
            user = User.objects.get(username=login.username)
            assert role in user.role_codes
            assert user.role_codes == set(login.roles)
            assert user.check_password(DEMO_PASSWORD)
            assert login.username in loaded
        assert DEMO_PASSWORD in loaded
        assert "http://127.0.0.1:8000" in loaded

    def test_load_demo_builds_the_organisation_tree(self, loaded: str) -> None:
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

    def test_demo_employee_and_manager(self, loaded: str) -> None:
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

    def test_the_demo_team_has_an_improvement_plan_and_a_meeting(self, loaded: str) -> None:
        from gir.learning.models import ImprovementAction, TeamMeeting
        from gir.protocol.constants import StepKind, StepStatus

        team_plan = ImprovementAction.objects.filter(team__name="Publiekszaken")
        assert team_plan.count() == 2 and all(a.catalogue_action_id for a in team_plan)
        assert ImprovementAction.objects.filter(team=None).count() == 1
        assert TeamMeeting.objects.filter(team__name="Publiekszaken").exists()
        # Serious incidents of the demo team wait for their evaluation (004 §6).
        open_evaluations = Incident.objects.filter(
            team__name="Publiekszaken", steps__kind=StepKind.EVALUATION, steps__status=StepStatus.OPEN
        )
        assert open_evaluations.exists()

    def test_load_demo_people(self, loaded: str) -> None:
        employees = User.objects.filter(memberships__role=MembershipRole.MEMBER).distinct()
        assert employees.count() >= 55
        assert employees.filter(function_group__isnull=False).count() >= 50
        politicians = User.objects.filter(is_political_office_holder=True)
        assert politicians.count() == 3
        assert not TeamMembership.objects.filter(user__in=politicians).exists()
        # Only the demo log-ins can log in.
        assert User.objects.exclude(password__startswith="!").count() == len(DEMO_LOGINS)

    def test_demo_logins_pass_the_second_step_with_the_demo_code(self, loaded: str, client: Client) -> None:
        coordinator = User.objects.get(username="coordinator")
        client.post(
            reverse("accounts:login"), {"username": "coordinator", "password": DEMO_PASSWORD, "next": "/"}
        )
        assert client.get("/")["Location"].startswith(reverse("twofactor:verify"))
        passed = client.post(reverse("twofactor:verify"), {"code": run("demo_code").strip(), "next": "/"})
        assert passed.status_code == 302 and passed["Location"] == "/"
        assert client.get("/").context["user"] == coordinator
        assert "make demo-code" in run("load_demo")

    def test_the_demo_audit_log_is_one_unbroken_chain(self, loaded: str) -> None:
        assert run("verify_audit").startswith("Audit log intact:")

    def test_load_demo_twice_creates_nothing_new(self, loaded: str) -> None:
        before = row_counts()
        output = run("load_demo")
        assert row_counts() == before
        assert "bestaan al" in output
        for login in DEMO_LOGINS:
            assert login.username in output

    def test_demo_incidents_are_plausible(self, loaded: str) -> None:
        now = timezone.now()
        incidents = Incident.objects.annotate(
            n_behaviours=Count("behaviours", distinct=True), n_victims=Count("victims", distinct=True)
        )
        assert incidents.count() == DEFAULT_INCIDENT_COUNT
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
        statuses = Counter(Incident.objects.values_list("status", flat=True))
        # Most reports are old enough to be closed; a few recent ones are not picked up yet.
        assert statuses[IncidentStatus.CLOSED] > statuses[IncidentStatus.IN_PROGRESS]
        assert statuses[IncidentStatus.IN_PROGRESS] > statuses[IncidentStatus.REPORTED] > 0

        assert not incidents.filter(setting__in=OFFICE_SETTINGS, location__isnull=True).exists()
        outside = incidents.filter(setting__in=[Setting.HOME_VISIT, Setting.PUBLIC_SPACE])
        assert outside.exists()
        assert not outside.filter(address_outside="").exists()
        assert len(set(submitted.values_list("description", flat=True))) > 250
        for incident in submitted.iterator():
            incident.full_clean()

    def test_restricted_incidents_are_against_political_office_holders(self, loaded: str) -> None:
        restricted = Incident.objects.filter(is_restricted=True)
        assert 3 <= restricted.count() <= 20
        assert not restricted.filter(team__isnull=False).exists()
        victims = Victim.objects.filter(incident__in=restricted)
        assert not victims.exclude(user__is_political_office_holder=True).exists()
        assert not victims.exclude(kind=VictimKind.POLITICAL_OFFICE_HOLDER).exists()
        others = Victim.objects.filter(incident__is_restricted=False)
        assert not others.filter(user__is_political_office_holder=True).exists()
        assert not Incident.objects.filter(is_restricted=False, team__isnull=True).exists()

    def test_every_report_has_a_handler_and_a_plan(self, loaded: str) -> None:
        submitted = Incident.objects.exclude(status=IncidentStatus.DRAFT)
        assert not submitted.filter(steps__isnull=True).exists()
        assert not submitted.filter(handler__isnull=True).exists()
        assert not Step.objects.filter(incident__status=IncidentStatus.DRAFT).exists()
        restricted = submitted.filter(is_restricted=True)
        assert not restricted.exclude(handler__roles__role=Role.MAYOR).exists()
        # Everyone who owns steps or receives escalations has a log-in.
        for role in (Role.COORDINATOR, Role.AFTERCARE, Role.LEGAL, Role.DIRECTOR, Role.MAYOR, Role.CLERK):
            assert User.objects.filter(is_active=True, roles__role=role).exists()

    def test_plans_are_worked_off_as_far_as_their_age_suggests(self, loaded: str) -> None:
        now = timezone.now()
        states = Counter(step.state for step in Step.objects.all())
        assert states["done"] > 1000
        assert states["waived"] > 50
        assert states["open"] >= 10
        # A handful overdue, not hundreds.
        assert 3 <= states["overdue"] <= 30
        assert not states["lapsed"]

        # The lifecycle follows the steps: the first recorded step starts the handling.
        reported = Step.objects.filter(incident__status=IncidentStatus.REPORTED)
        assert not reported.exclude(status=StepStatus.OPEN).exists()
        in_progress = Incident.objects.filter(status=IncidentStatus.IN_PROGRESS)
        assert not in_progress.exclude(steps__status__in=[StepStatus.DONE, StepStatus.WAIVED]).exists()
        closed = Incident.objects.filter(status=IncidentStatus.CLOSED)
        assert not closed.filter(closed_at__isnull=True).exists()
        assert not Incident.objects.exclude(pk__in=closed).filter(closed_at__isnull=False).exists()
        assert not Step.objects.filter(incident__in=closed, status=StepStatus.OPEN, is_required=True).exists()

        old = Incident.objects.filter(occurred_at__lt=now - dt.timedelta(days=120))
        assert closed.filter(pk__in=old).count() > 0.8 * old.count()
        recent = Incident.objects.filter(occurred_at__gt=now - dt.timedelta(days=14))
        assert open_tasks(incident__in=recent).count() >= 10

    def test_recorded_steps_have_plausible_times_and_reasons(self, loaded: str) -> None:
        now = timezone.now()
        recorded = Step.objects.filter(status__in=[StepStatus.DONE, StepStatus.WAIVED])
        recorded = recorded.select_related("incident")
        for step in recorded:
            assert step.incident.submitted_at <= step.completed_at <= now
            assert step.completed_by_id is not None
            local = timezone.localtime(step.completed_at)
            assert local.weekday() < 5 and dt.time(8, 30) <= local.time() < dt.time(17), step.completed_at
        assert not recorded.filter(status=StepStatus.WAIVED, reason="").exists()
        done = recorded.filter(status=StepStatus.DONE)
        assert not done.filter(kind=StepKind.MEASURE_DECISION, outcome="").exists()
        assert not done.filter(kind=StepKind.MANAGER_CONVERSATION, notes="").exists()
        assert recorded.filter(
            status=StepStatus.WAIVED, kind=StepKind.POLICE_REPORT, reason__contains="ziet af van aangifte"
        ).exists()
        # The history tells the same story, not "everything happened just now".
        completed = AuditEvent.objects.filter(action=AuditAction.STEP_COMPLETED)
        assert completed.count() == done.count()
        assert completed.filter(at__lt=now - dt.timedelta(days=300)).exists()
        assert AuditEvent.objects.filter(action=AuditAction.SUBMITTED).count() == (
            Incident.objects.exclude(status=IncidentStatus.DRAFT).count()
        )

    def test_every_default_rule_makes_steps_that_get_done(self, loaded: str) -> None:
        done = Step.objects.filter(status=StepStatus.DONE)
        for rule in ProtocolRule.objects.all():
            assert done.filter(rule=rule).exists(), rule.code
        letters = done.filter(kind=StepKind.MEASURE_LETTER).select_related("depends_on")
        assert {letter.depends_on.outcome for letter in letters} == {"written_warning", "building_ban"}
        copies = done.filter(kind=StepKind.POLICE_REPORT_COPY).select_related("depends_on")
        assert {copy.depends_on.outcome for copy in copies} == {"aangifte"}
        for step in done.filter(depends_on__isnull=False).select_related("depends_on"):
            assert step.completed_at >= step.depends_on.completed_at

    def test_work_lists_have_a_mix_of_overdue_and_due_soon(self, loaded: str) -> None:
        now, week = timezone.now(), timezone.now() + dt.timedelta(days=7)
        manager = User.objects.get(username=DEMO_MANAGER)
        coordinator = User.objects.get(username="coordinator")

        mine = open_tasks(owner=StepOwner.HANDLER, incident__handler=manager)
        assert 1 <= mine.filter(due_at__lt=now).count() <= 8
        assert mine.filter(due_at__gte=now, due_at__lt=week).exists()
        teams = TeamMembership.objects.filter(user=manager, role=MembershipRole.MANAGER).values("team")
        team_steps = Step.objects.filter(incident__team__in=teams)
        assert team_steps.filter(status=StepStatus.DONE).count() > 100

        assert open_tasks(owner=StepOwner.HANDLER, incident__handler=coordinator).count() >= 2
        assert Incident.objects.filter(handler=coordinator).count() >= 5
        overdue = open_tasks(due_at__lt=now)
        assert overdue.values("incident__handler").distinct().count() >= 3
        assert open_tasks(owner=StepOwner.AFTERCARE, due_at__gte=now, due_at__lt=week).exists()

    def test_generate_incidents_adds_exactly_count(self, loaded: str) -> None:
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
        # Each gets the handler the protocol would pick, but no plan yet.
        assert not new.filter(handler__isnull=True).exists()
        assert not new.filter(is_restricted=True).exclude(handler__roles__role=Role.MAYOR).exists()
        team_handled = new.filter(is_restricted=False)
        managers = Q(handler__memberships__team=F("team"), handler__memberships__role=MembershipRole.MANAGER)
        assert team_handled.filter(managers).distinct().count() == team_handled.count()
        assert not Step.objects.filter(incident__in=new).exists()

    def test_generate_incidents_is_deterministic_for_a_seed(self, loaded: str) -> None:
        def generate(seed: str) -> list[str]:
            last = Incident.objects.order_by("-pk").values_list("pk", flat=True)[0]
            run("generate_incidents", "--count", "300", "--seed", seed)
            new = Incident.objects.filter(pk__gt=last).order_by("pk")
            return list(new.values_list("description", flat=True))

        first = generate("7")
        assert first == generate("7")
        assert first != generate("8")


def test_load_demo_refuses_when_a_demo_username_is_taken() -> None:
    UserFactory(username="medewerker")
    with pytest.raises(CommandError, match="medewerker"):
        run("load_demo")
    assert not OrganisationUnit.objects.exists()


def test_generate_incidents_loads_the_demo_when_there_is_no_organisation() -> None:
    output = run("generate_incidents", "--count", "50")
    assert "demo-gemeente geladen" in output
    assert Incident.objects.count() == DEFAULT_INCIDENT_COUNT + 50
    assert demo_organisation() is not None


def test_generate_incidents_needs_people_in_teams() -> None:
    OrganisationUnitFactory(name="Lege gemeente")
    with pytest.raises(CommandError, match="geen teams"):
        run("generate_incidents", "--count", "10")


def test_generate_incidents_rejects_a_count_below_one() -> None:
    with pytest.raises(CommandError):
        run("generate_incidents", "--count", "0")


def test_load_demo_plans_are_deterministic() -> None:
    now = timezone.now()

    def plans() -> list[tuple]:
        with transaction.atomic():
            load_demo(incident_count=60, now=now)
            steps = Step.objects.order_by("incident__occurred_at", "incident__description", "rule__position")
            fields = ("incident__description", "rule__code", "status", "outcome", "completed_at", "notes")
            # Letter references carry database ids, which PostgreSQL does not reuse after a rollback.
            result = [
                (*row[:-1], re.sub(r"GIR-\d+-\d+", "GIR-n", row[-1])) for row in steps.values_list(*fields)
            ]
            transaction.set_rollback(True)
        return result

    first = plans()
    assert first
    assert plans() == first
