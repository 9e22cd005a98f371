"""The entry points of `load_demo` and `generate_incidents`: the demo organisation,
its incidents and plans, and the stories of each domain on top."""

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gir.accounts.constants import MembershipRole, Role, UnitKind
from gir.accounts.models import (
    OrganisationUnit,
    TeamMembership,
    User,
)
from gir.aftercare import services as aftercare_services
from gir.core import clock
from gir.demo.incidents import IncidentGenerator, PlannedIncident, Population, SavedCounts, save_incidents
from gir.demo.organisation import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_INCIDENT_COUNT,
    DEFAULT_SEED,
    DEMO_EMPLOYEE,
    DEMO_EMPLOYEE_TEAM,
    DEMO_LOGINS,
    DEMO_MANAGER,
    DEMO_MANAGER_TEAMS,
    DEMO_PASSWORD,
    POLITICAL_OFFICE_HOLDERS,
    RECENT_MANAGER_INCIDENTS,
    RECENT_OTHER_INCIDENTS,
    DemoDataError,
    create_locations,
    create_people,
    create_units,
    demo_organisation,
)
from gir.demo.plans import DemoStaff, work_plans
from gir.demo.second_factor import demo_second_factors_create
from gir.demo.stories import aftercare as aftercare_demo
from gir.demo.stories import damage as damage_demo
from gir.demo.stories import development as development_demo
from gir.demo.stories import duties as duties_demo
from gir.demo.stories import learning as learning_demo
from gir.demo.stories.perpetrators import STORY_INCIDENTS, load_register_demo
from gir.incidents.constants import (
    IncidentStatus,
    Injury,
    ReporterRole,
)
from gir.incidents.models import Incident
from gir.protocol.constants import StepKind, StepStatus
from gir.protocol.models import Step
from gir.reports import tallies

# Entry points for the management commands
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoResult:
    created: bool
    users: int = 0
    incidents: int = 0
    steps: int = 0
    closed: int = 0
    perpetrators: int = 0
    measures: int = 0
    claims: int = 0
    appointments: int = 0


@transaction.atomic
def load_demo(
    *,
    seed: int = DEFAULT_SEED,
    incident_count: int = DEFAULT_INCIDENT_COUNT,
    now: dt.datetime | None = None,
) -> DemoResult:
    """Create the demo organisation, its people and incidents with their follow-up plans,
    unless it already exists."""
    if demo_organisation() is not None:
        return DemoResult(created=False)
    reserved = [login.username for login in DEMO_LOGINS] + [
        username for username, *_ in POLITICAL_OFFICE_HOLDERS
    ]
    if clash := sorted(User.objects.filter(username__in=reserved).values_list("username", flat=True)):
        raise DemoDataError("Deze gebruikersnamen bestaan al buiten de demo: " + ", ".join(clash) + ".")

    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    now = now or clock.now()
    organisation, teams = create_units()
    create_locations()
    user_count = create_people(rng, teams)
    demo_second_factors_create()

    population = Population.from_database(organisation)
    users = dict(
        User.objects.filter(username__in=[DEMO_EMPLOYEE, DEMO_MANAGER]).values_list("username", "pk")
    )
    employee_team = population.team_named(DEMO_EMPLOYEE_TEAM)
    employee = next(p for p in employee_team.members if p.id == users[DEMO_EMPLOYEE])
    manager = next(p for p in employee_team.managers if p.id == users[DEMO_MANAGER])
    colleague = next(p for p in employee_team.members if p.id != employee.id)
    # The demo employee gets exactly their own set below, not a random share on top.
    generator = IncidentGenerator(population, rng=rng, now=now, exclude_victim_ids=[employee.id])

    def own_incidents() -> Iterator[PlannedIncident]:
        statuses = [IncidentStatus.REPORTED] * 3 + [IncidentStatus.IN_PROGRESS] * 3
        statuses.append(IncidentStatus.CLOSED)
        for n, status in enumerate(statuses):
            # Two fresh reports, the rest spread over the past year.
            age = (1, 20) if n < 2 else (21, 365)
            yield generator.incident(
                team=employee_team,
                victim=employee,
                reporter=employee,
                reporter_role=ReporterRole.VICTIM,
                status=status,
                age_days=age,
            )
        yield generator.incident(
            team=employee_team,
            victim=employee,
            reporter=manager,
            reporter_role=ReporterRole.ON_BEHALF,
            status=IncidentStatus.REPORTED,
            age_days=(3, 60),
        )
        yield generator.incident(
            team=employee_team,
            victim=colleague,
            reporter=employee,
            reporter_role=ReporterRole.WITNESS,
            status=IncidentStatus.REPORTED,
            age_days=(3, 90),
        )
        for _ in range(5):
            yield generator.draft(team=employee_team, reporter=employee)
        # Yesterday a colleague was pushed at the counter: the aangifte and the aftercare
        # are still to do, for the demo manager and the aftercare team (issue 6).
        yield generator.incident(
            team=employee_team,
            victim=colleague,
            reporter=colleague,
            reporter_role=ReporterRole.VICTIM,
            status=IncidentStatus.REPORTED,
            age_days=(0, 0),
            serious=Injury.FIRST_AID,
        )

    def grave_incidents() -> Iterator[PlannedIncident]:
        # Rare but in the protocol: injuries the labour inspectorate must hear of (001 §6.4).
        # One recent in the demo manager's team, one long ago elsewhere.
        yield generator.incident(
            team=employee_team,
            victim=colleague,
            reporter=manager,
            reporter_role=ReporterRole.ON_BEHALF,
            age_days=(3, 5),
            serious=Injury.HOSPITAL,
        )
        other_team = next((t for t in population.teams if t.name == "Handhaving BOA"), None)
        if other_team is not None:
            victim = other_team.members[0]
            yield generator.incident(
                team=other_team,
                victim=victim,
                reporter=victim,
                reporter_role=ReporterRole.VICTIM,
                age_days=(200, 300),
                serious=Injury.LASTING,
            )

    def recent_incidents() -> Iterator[PlannedIncident]:
        # A busy last month, so the work lists show steps due soon and a new report or two.
        for n in range(RECENT_MANAGER_INCIDENTS):
            team = population.team_named(DEMO_MANAGER_TEAMS[n % len(DEMO_MANAGER_TEAMS)])
            victim = rng.choice([p for p in team.members if p.id != employee.id])
            # One report of last week whose measure decision the manager let slip: every
            # day of the week, whatever the hour, the work list shows a step overdue.
            age = (0, 1) if n < 2 else (7, 12) if n == 2 else (2, 28)
            item = generator.incident(
                team=team, victim=victim, reporter=victim, reporter_role=ReporterRole.VICTIM, age_days=age
            )
            item.left_late = n == 2
            yield item
        for _ in range(RECENT_OTHER_INCIDENTS):
            yield generator.random_incident(age_days=(0, 28))
        if population.political:
            # The mayor handles the restricted track (001 §6.4) and so has open steps too.
            yield generator.political_incident(rng.choice(population.political), age_days=(2, 10))

    def others(count: int) -> Iterator[PlannedIncident]:
        for _ in range(count):
            yield generator.random_incident()

    own = [*own_incidents(), *grave_incidents(), *recent_incidents()]
    planned = [*own, *others(max(incident_count - len(own) - STORY_INCIDENTS, 0))]
    # Drawn statuses are a hint only: a report starts as "gemeld" and the protocol services
    # move it on as its steps are worked off (see PlanWorker).
    drawn = [p.incident.status for p in planned]
    for item in planned:
        if item.incident.status != IncidentStatus.DRAFT:
            item.incident.status = IncidentStatus.REPORTED
    counts = save_incidents(planned)
    submitted = [
        (item.incident.pk, status)
        for item, status in zip(planned, drawn, strict=True)
        if status != IncidentStatus.DRAFT
    ]
    # A separate stream, so the plans never shift the incidents drawn above.
    left_late = {item.incident.pk for item in planned if item.left_late}
    plans = work_plans(submitted, rng=random.Random(f"plans-{seed}"), now=now, left_late=left_late)  # noqa: S311
    register = load_register_demo(rng=random.Random(f"register-{seed}"), now=now)  # noqa: S311
    story_plans = work_plans(
        [
            (pk, IncidentStatus.CLOSED if age > 60 else IncidentStatus.IN_PROGRESS)
            for pk, age in register.worked_incidents
        ],
        rng=random.Random(f"story-plans-{seed}"),  # noqa: S311
        now=now,
        via_service=True,
    )
    casework = load_casework_demo(rng=random.Random(f"casework-{seed}"), now=now)  # noqa: S311
    staff = DemoStaff.from_database()
    learning_demo.load_learning_demo(
        team_name=DEMO_EMPLOYEE_TEAM,
        manager=User.objects.get(pk=users[DEMO_MANAGER]),
        coordinator=staff.coordinator,
        employee=User.objects.get(pk=users[DEMO_EMPLOYEE]),
        today=timezone.localdate(now),
    )
    development_demo.load_development_demo(
        team_name=DEMO_EMPLOYEE_TEAM,
        manager=User.objects.get(pk=users[DEMO_MANAGER]),
        coordinator=staff.coordinator,
        employee=User.objects.get(pk=users[DEMO_EMPLOYEE]),
        today=timezone.localdate(now),
        rng=random.Random(f"development-{seed}"),  # noqa: S311
    )
    duties_demo.load_duties_demo(
        coordinator=staff.coordinator,
        manager=User.objects.get(pk=users[DEMO_MANAGER]),
        director=User.objects.get(username="directie"),
        facilities=User.objects.get(username="beheerder"),
        today=timezone.localdate(now),
    )
    # Much of the above is written in bulk, past the services that mark what changed.
    tallies.rebuild()
    return DemoResult(
        created=True,
        users=user_count,
        incidents=counts.incidents + STORY_INCIDENTS,
        steps=plans.steps + story_plans.steps,
        closed=plans.closed + story_plans.closed,
        perpetrators=register.people,
        measures=register.measures,
        claims=casework.claims,
        appointments=casework.appointments,
    )


@dataclass(frozen=True)
class CaseworkCounts:
    claims: int
    appointments: int


def load_casework_demo(*, rng: random.Random, now: dt.datetime) -> CaseworkCounts:
    """After the register: damage claims on known perpetrators, an appointment for each
    incident's next aftercare conversation due this week, and one employee asking for
    aftercare later."""
    staff = DemoStaff.from_database()
    claims = damage_demo.load_claims(rng, actor=staff.legal, now=now)
    due_soon = Step.objects.filter(
        kind=StepKind.AFTERCARE,
        status=StepStatus.OPEN,
        due_at__gt=now,
        due_at__lt=now + dt.timedelta(days=7),
        incident__is_restricted=False,
    ).select_related("incident", "rule")
    appointments, planned_incidents = 0, set()
    with clock.at(now):
        for step in due_soon.order_by("due_at", "pk"):
            # Only the next talk of an incident: the second waits for the first.
            earlier_open = Step.objects.filter(
                incident_id=step.incident_id,
                kind=StepKind.AFTERCARE,
                status=StepStatus.OPEN,
                due_at__lt=step.due_at,
            ).exists()
            if earlier_open or step.incident_id in planned_incidents:
                continue
            planned_incidents.add(step.incident_id)
            aftercare_demo.plan_upcoming(rng, actor=staff.aftercare, step=step, now=now)
            appointments += 1
        later = (
            Incident.objects.filter(
                status=IncidentStatus.CLOSED, victims__user__username=DEMO_EMPLOYEE, is_restricted=False
            )
            .order_by("occurred_at", "pk")
            .first()
        )
        if later is not None:
            employee = User.objects.get(username=DEMO_EMPLOYEE)
            aftercare_services.aftercare_request(
                actor=employee,
                incident=later,
                message="Het incident komt de laatste tijd weer boven. Kan ik nog een gesprek krijgen?",
                notify=False,
            )
    return CaseworkCounts(claims=claims, appointments=appointments)


def organisation_for_generation(*, seed: int, now: dt.datetime | None) -> tuple[OrganisationUnit, bool]:
    """The organisation bulk incidents go to: the demo one, else the first there is;
    with none, the demo is loaded first (and the flag says so)."""
    organisation = demo_organisation() or (
        OrganisationUnit.objects.filter(kind=UnitKind.ORGANISATION, parent=None).order_by("pk").first()
    )
    if organisation is not None:
        return organisation, False
    load_demo(seed=seed, now=now)
    organisation = demo_organisation()
    assert organisation is not None
    return organisation, True


@dataclass(frozen=True)
class GenerationResult:
    counts: SavedCounts
    demo_loaded: bool


@transaction.atomic
def generate_incidents(
    *,
    count: int,
    seed: int = DEFAULT_SEED,
    batch_size: int = DEFAULT_BATCH_SIZE,
    now: dt.datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> GenerationResult:
    """Add `count` incidents to the existing organisation; load the demo first if there is none."""
    organisation, demo_loaded = organisation_for_generation(seed=seed, now=now)
    rng = random.Random(seed)  # noqa: S311 - load-test data, not security
    generator = IncidentGenerator(Population.from_database(organisation), rng=rng, now=now or clock.now())
    handlers, restricted_handler = bulk_handlers()

    def with_handler(item: PlannedIncident) -> PlannedIncident:
        incident = item.incident
        incident.handler_id = handlers.get(incident.team_id) if incident.team_id else restricted_handler
        return item

    # Bulk incidents get a handler but no plan yet: deriving plans for tens of thousands
    # of incidents needs a bulk path in the protocol engine (a later issue).
    planned = (with_handler(generator.random_incident()) for _ in range(count))
    counts = save_incidents(planned, batch_size=batch_size, progress=progress)
    tallies.rebuild()  # written in bulk, past the services that mark what changed
    return GenerationResult(counts=counts, demo_loaded=demo_loaded)


def bulk_handlers() -> tuple[dict[int, int], int | None]:
    """The handler protocol.default_handler would pick, in two queries instead of one per
    incident: per team its team manager (lowest user id first), and for the restricted
    track the mayor."""
    managers = (
        TeamMembership.objects.filter(
            role=MembershipRole.MANAGER, user__is_active=True, user__roles__role=Role.TEAM_MANAGER
        )
        .order_by("-user_id")
        .values_list("team_id", "user_id")
    )
    mayor = User.objects.filter(is_active=True, roles__role=Role.MAYOR).order_by("pk").first()
    # Later pairs win, so each team ends with its manager of the lowest id.
    return dict(managers), mayor.pk if mayor else None


def login_table() -> list[tuple[str, str, str]]:
    """The demo log-ins: role label, user name, password."""
    return [(login.label, login.username, DEMO_PASSWORD) for login in DEMO_LOGINS]
