"""Fill the database with realistic incidents at scale, with what hangs below them
(issue 7 "Scale"): the facts drawn by the demo's IncidentGenerator, and per incident
its protocol steps, the perpetrator in the register, the measure decided and the
police report filed, so that every dashboard figure has data to count.

The steps are derived from the active protocol rules by the engine's own planning
function (gir.protocol.planning.rule_plan), the one plan_update uses, as it would
derive them when the incident was reported. What happened next is
simulated, simply:

- a step whose deadline has passed is settled (done, or waived with a reason) with
  93 % chance, one of a closed incident always; one still running is done early with
  30 % chance, else open;
- a settled step is completed somewhere between the incident and its deadline, or in
  12 % of cases up to two weeks late (never after now);
- a step that counts from another step (the letter after a warning or a ban, the copy
  of the aangifte) exists once that step was done with the matching outcome;
- the outcome of a done step is drawn per kind: the measure decision from the
  measures the register knows (no measure when the perpetrator is unknown), the
  police step aangifte or melding, aftercare held or declined;
- a known perpetrator is linked in the register: a new person, or in a quarter of the
  cases someone who caused an earlier incident in the same team (repeat perpetrators);
- a decided measure becomes a Measure linked to its incident (and, for a repeat
  perpetrator, sometimes to the earlier incident too); a done police step becomes a
  PoliceReport of that kind, recorded by the handler.

Rows are written per batch of incidents, in one transaction per batch, with explicit
ids so the rows below can point at them: on PostgreSQL with COPY (synchronous_commit
off), elsewhere with bulk_create. Only one writer at a time: the ids are counted on
from the highest one in each table. The run adds only what is missing up to `count`,
so a second run with the same count adds nothing.
"""

import datetime as dt
import random
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, reset_queries, transaction
from django.utils import timezone

from gir.core import clock
from gir.demo.incidents import IncidentGenerator, PlannedIncident, Population, weighted
from gir.demo.load import bulk_handlers, organisation_for_generation
from gir.demo.organisation import DEFAULT_SEED
from gir.incidents.constants import IncidentStatus, PerpetratorKnown
from gir.incidents.models import Incident, IncidentBehaviour, Victim
from gir.incidents.services import RelatedRows, ReportFacts
from gir.perpetrators.constants import MeasureKind, MeasureStatus
from gir.perpetrators.models import Measure, Perpetrator, PerpetratorIncident
from gir.perpetrators.search import search_text_of
from gir.police.constants import FiledBy, PoliceReportKind
from gir.police.models import PoliceReport
from gir.protocol.constants import StepKind, StepStatus
from gir.protocol.models import ProtocolRule, Step
from gir.protocol.planning import rule_plan
from gir.protocol.services import active_rules

DEFAULT_BATCH_SIZE = 50_000
# Incidents happen over the past three years: the dashboard's year and the one before.
AGE_DAYS = (0, 3 * 365)
SETTLED_WHEN_DUE = 0.93
DONE_EARLY = 0.30
WAIVED = 0.06
LATE = 0.12
REPEAT = 0.25
# Per team, the people an incident may be a repeat of (the most recent ones).
REPEAT_POOL = 300
MEASURE_OUTCOMES = [
    ("verbal_warning", 30),
    ("written_warning", 25),
    ("conduct_meeting", 10),
    ("restriction", 4),
    ("building_ban", 11),
    ("police_only", 8),
    ("no_measure", 40),
]
MEASURE_OF_OUTCOME = {
    "verbal_warning": MeasureKind.VERBAL_WARNING,
    "written_warning": MeasureKind.WRITTEN_WARNING,
    "conduct_meeting": MeasureKind.CONDUCT_MEETING,
    "restriction": MeasureKind.RESTRICTION,
    "building_ban": MeasureKind.BUILDING_BAN,
    "police_only": MeasureKind.POLICE,
}
OUTCOMES = {
    StepKind.POLICE_REPORT: [("aangifte", 60), ("melding", 40)],
    StepKind.AFTERCARE: [("held", 70), ("declined", 30)],
    StepKind.MEDICAL: [("visited", 90), ("not_needed", 10)],
}
WAIVE_REASON = "Niet nodig volgens de behandelaar (gegenereerde testgegevens)."
DOMICILE = "Geleenstraat 27, 6411 HR Heerlen"
POLICE_UNIT = "Basisteam Heerlen"


@dataclass(frozen=True)
class ScaleCounts:
    incidents: int = 0
    steps: int = 0
    perpetrators: int = 0
    links: int = 0
    measures: int = 0
    police_reports: int = 0

    def __add__(self, other: "ScaleCounts") -> "ScaleCounts":
        return ScaleCounts(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple(), strict=True)))

    def as_tuple(self) -> tuple[int, ...]:
        return (self.incidents, self.steps, self.perpetrators, self.links, self.measures, self.police_reports)


@dataclass(frozen=True)
class ScaleResult:
    existing: int
    added: ScaleCounts
    demo_loaded: bool


# --- Writing rows --------------------------------------------------------------------------


class Table:
    """The rows of one model for one batch: the columns that vary per row, then the
    other columns at their defaults (COPY fills no defaults: Django keeps them in Python)."""

    def __init__(self, model: type[models.Model], varying: Sequence[str]) -> None:
        self.model = model
        fields = {f.attname: f for f in model._meta.concrete_fields}
        self.varying = list(varying)
        self.constant = [name for name in fields if name not in self.varying and name != "id"]
        self.constant_values = tuple(
            fields[name].get_default() if fields[name].has_default() or not fields[name].null else None
            for name in self.constant
        )
        self.rows: list[tuple] = []

    def add(self, *values: Any) -> None:
        self.rows.append(values)

    def write(self) -> int:
        if not self.rows:
            return 0
        columns = self.varying + self.constant
        if connection.vendor == "postgresql":
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            sql = f"COPY {connection.ops.quote_name(self.model._meta.db_table)} ({names}) FROM STDIN"
            constant = self.constant_values
            with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                for row in self.rows:
                    copy.write_row(row + constant)
        else:
            model = self.model
            objects = [
                model(**dict(zip(columns, row + self.constant_values, strict=True))) for row in self.rows
            ]
            model.objects.bulk_create(objects, batch_size=2000)
        written = len(self.rows)
        self.rows = []
        return written


class Ids:
    """The next free id per model, counted on in Python from the highest one in the table."""

    def __init__(self) -> None:
        self._next: dict[type[models.Model], int] = {}

    def take(self, model: type[models.Model]) -> int:
        if model not in self._next:
            highest = model.objects.aggregate(m=models.Max("pk"))["m"] or 0
            self._next[model] = highest + 1
        value = self._next[model]
        self._next[model] = value + 1
        return value

    def sync_sequences(self) -> None:
        """Let the sequences continue after the ids used (PostgreSQL; SQLite follows by itself)."""
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for model, following in self._next.items():
                table = model._meta.db_table
                cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, following - 1])


# --- Simulating the follow-up --------------------------------------------------------------


@dataclass
class _PlannedStep:
    id: int
    rule: ProtocolRule
    due_at: dt.datetime
    aim_at: dt.datetime | None
    owner: str
    depends_on: int | None
    status: str = StepStatus.OPEN
    completed_at: dt.datetime | None = None
    outcome: str = ""

    @property
    def kind(self) -> str:
        return str(self.rule.kind)


@dataclass
class _Team:
    """The recent perpetrators of a team, for repeats: (person id, incident id)."""

    recent: deque = field(default_factory=lambda: deque(maxlen=REPEAT_POOL))


class ScaleBuilder:
    def __init__(self, *, rng: random.Random, now: dt.datetime, ids: Ids) -> None:
        self.rng = rng
        self.now = now
        self.ids = ids
        self.rules = active_rules()
        self.teams: dict[int | None, _Team] = {}
        self.incidents = Table(
            Incident,
            [
                "id",
                "status",
                "reporter_id",
                "reporter_role",
                "team_id",
                "is_restricted",
                "submitted_at",
                "closed_at",
                "handler_id",
                "occurred_at",
                "setting",
                "location_id",
                "address_outside",
                "description",
                "escalation_level",
                "aggression_type",
                "weapon_or_object",
                "cause",
                "digital_channel",
                "digital_link_or_message",
                "digital_classification",
                "digital_evidence_secured",
                "perpetrator_known",
                "perpetrator_name",
                "perpetrator_description",
                "injury",
                "medical_visit",
                "material_damage",
                "damage_estimate",
                "witnesses",
                "police_called",
                "created_at",
                "updated_at",
                "next_due_at",
            ],
        )
        self.behaviours = Table(IncidentBehaviour, ["incident_id", "kind"])
        self.victims = Table(Victim, ["incident_id", "user_id", "kind"])
        self.steps = Table(
            Step,
            [
                "id",
                "incident_id",
                "rule_id",
                "kind",
                "title",
                "is_required",
                "owner",
                "depends_on_id",
                "status",
                "due_at",
                "aim_at",
                "completed_at",
                "completed_by_id",
                "outcome",
                "reason",
                "created_at",
                "updated_at",
            ],
        )
        self.perpetrators = Table(
            Perpetrator,
            ["id", "full_name", "description", "search_text", "created_at", "updated_at"],
        )
        self.links = Table(
            PerpetratorIncident, ["perpetrator_id", "incident_id", "linked_at", "linked_by_id"]
        )
        self.measures = Table(
            Measure,
            [
                "id",
                "perpetrator_id",
                "kind",
                "status",
                "starts_on",
                "ends_on",
                "decided_by_id",
                "decided_at",
                "communicated_at",
                "ended_at",
                "created_at",
                "updated_at",
            ],
        )
        self.measure_incidents = Table(Measure.incidents.through, ["measure_id", "incident_id"])
        self.police_reports = Table(
            PoliceReport,
            [
                "incident_id",
                "kind",
                "filed_by",
                "domicile",
                "police_unit",
                "reported_at",
                "no_aangifte_reason",
                "recorded_by_id",
                "created_at",
                "updated_at",
            ],
        )

    def tables(self) -> list[Table]:
        # In the order of the foreign keys.
        return [
            self.incidents,
            self.behaviours,
            self.victims,
            self.perpetrators,
            self.links,
            self.steps,
            self.measures,
            self.measure_incidents,
            self.police_reports,
        ]

    def add(self, planned: PlannedIncident) -> None:
        incident = planned.incident
        incident.pk = incident_id = self.ids.take(Incident)
        start = incident.occurred_at or incident.submitted_at or self.now
        reported = incident.submitted_at or start
        # The incident as the rules see it, without saving it first.
        behaviours = [IncidentBehaviour(kind=kind) for kind in planned.behaviours]
        facts = ReportFacts(incident, RelatedRows(behaviours), RelatedRows(planned.victims))
        perpetrator_id, earlier_incident = self._perpetrator(incident, reported)
        closed = incident.status == IncidentStatus.CLOSED
        steps = self._steps(facts, start, closed, known=perpetrator_id is not None)
        if closed:
            last = max((s.completed_at for s in steps if s.completed_at), default=reported)
            incident.closed_at = min(last + dt.timedelta(days=self.rng.randint(1, 14)), self.now)
        created = incident.submitted_at or start
        i = incident
        self.incidents.add(
            incident_id,
            i.status,
            i.reporter_id,
            i.reporter_role,
            i.team_id,
            i.is_restricted,
            i.submitted_at,
            i.closed_at,
            i.handler_id,
            i.occurred_at,
            i.setting,
            i.location_id,
            i.address_outside,
            i.description,
            i.escalation_level,
            i.aggression_type,
            i.weapon_or_object,
            i.cause,
            i.digital_channel,
            i.digital_link_or_message,
            i.digital_classification,
            i.digital_evidence_secured,
            i.perpetrator_known,
            i.perpetrator_name,
            i.perpetrator_description,
            i.injury,
            i.medical_visit,
            i.material_damage,
            i.damage_estimate,
            i.witnesses,
            i.police_called,
            created,
            i.closed_at or created,
            # As protocol.services.refresh_next_due keeps it: the earliest open deadline.
            None
            if closed
            else min((st.due_at for st in steps if st.status == StepStatus.OPEN), default=None),
        )
        for kind in planned.behaviours:
            self.behaviours.add(incident_id, kind)
        for victim in planned.victims:
            self.victims.add(incident_id, victim.user_id, victim.kind)
        handler = incident.handler_id
        for step in steps:
            rule = step.rule
            settled = step.status in (StepStatus.DONE, StepStatus.WAIVED)
            self.steps.add(
                step.id,
                incident_id,
                rule.pk,
                rule.kind,
                rule.title,
                rule.is_required,
                step.owner,
                step.depends_on,
                step.status,
                step.due_at,
                step.aim_at,
                step.completed_at,
                handler if settled else None,
                step.outcome,
                WAIVE_REASON if step.status == StepStatus.WAIVED else "",
                created,
                step.completed_at or created,
            )
            if step.status != StepStatus.DONE:
                continue
            if rule.kind == StepKind.POLICE_REPORT and handler:
                self.police_reports.add(
                    incident_id,
                    step.outcome,
                    self.rng.choice(FiledBy.values),
                    DOMICILE,
                    POLICE_UNIT,
                    step.completed_at,
                    "De medewerker wilde geen aangifte doen."
                    if step.outcome == PoliceReportKind.MELDING
                    else "",
                    handler,
                    step.completed_at,
                    step.completed_at,
                )
            elif (
                rule.kind == StepKind.MEASURE_DECISION
                and perpetrator_id
                and step.outcome in MEASURE_OF_OUTCOME
            ):
                self._measure(step, perpetrator_id, incident_id, earlier_incident, handler)

    def _perpetrator(self, incident: Incident, reported: dt.datetime) -> tuple[int | None, int | None]:
        """The person in the register for a known perpetrator: new, or one of the team's recent ones."""
        if incident.perpetrator_known != PerpetratorKnown.KNOWN:
            return None, None
        team = self.teams.setdefault(incident.team_id, _Team())
        earlier = None
        if team.recent and self.rng.random() < REPEAT:
            person, earlier = self.rng.choice(team.recent)
        else:
            person = self.ids.take(Perpetrator)
            name = incident.perpetrator_name
            self.perpetrators.add(
                person, name, incident.perpetrator_description, search_text_of(name, []), reported, reported
            )
        team.recent.append((person, incident.pk))
        self.links.add(person, incident.pk, reported, incident.handler_id)
        return person, earlier

    def _measure(
        self, step: _PlannedStep, person: int, incident_id: int, earlier: int | None, handler: int | None
    ) -> None:
        decided = step.completed_at
        assert decided is not None
        starts = timezone.localtime(decided).date()
        ends = starts + dt.timedelta(days=self.rng.choice((91, 182, 365)))
        today = timezone.localtime(self.now).date()
        ended = ends < today
        measure = self.ids.take(Measure)
        self.measures.add(
            measure,
            person,
            MEASURE_OF_OUTCOME[step.outcome],
            MeasureStatus.ENDED if ended else MeasureStatus.ACTIVE,
            starts,
            ends,
            handler,
            decided,
            decided,
            dt.datetime.combine(ends, dt.time(12), tzinfo=decided.tzinfo) if ended else None,
            decided,
            decided,
        )
        self.measure_incidents.add(measure, incident_id)
        if earlier is not None and earlier != incident_id and self.rng.random() < 0.3:
            self.measure_incidents.add(measure, earlier)

    def _steps(
        self, facts: ReportFacts, start: dt.datetime, closed: bool, *, known: bool
    ) -> list[_PlannedStep]:
        """The plan of one incident, as plan_update derives it, with what happened to each step."""
        steps: list[_PlannedStep] = []
        incident = facts.incident
        for rule in self.rules:
            planned = rule_plan(
                rule, facts=facts, start=start, steps=steps, restricted=incident.is_restricted
            )
            if planned is None:
                continue
            depends_on = planned.depends_on.id if planned.depends_on else None
            step = _PlannedStep(
                self.ids.take(Step), rule, planned.due_at, planned.aim_at, planned.owner, depends_on
            )
            self._follow_up(step, planned.base, closed, known=known)
            steps.append(step)
        return steps

    def _follow_up(self, step: _PlannedStep, base: dt.datetime, closed: bool, *, known: bool) -> None:
        rng, now = self.rng, self.now
        if base >= now:
            return
        roll = rng.random()
        due = closed or step.due_at <= now
        settled = closed or roll < (SETTLED_WHEN_DUE if due else DONE_EARLY)
        if not settled:
            return
        window = (step.due_at - base).total_seconds()
        if rng.random() < LATE:
            completed = step.due_at + dt.timedelta(minutes=rng.randint(60, 14 * 24 * 60))
        else:
            completed = base + dt.timedelta(seconds=window * rng.uniform(0.05, 1.0))
        if completed > now:
            completed = now - dt.timedelta(minutes=rng.randint(1, 60))
            completed = max(completed, base)
        step.completed_at = completed
        if rng.random() < WAIVED:
            step.status = StepStatus.WAIVED
            return
        step.status = StepStatus.DONE
        kind = step.rule.kind
        if kind == StepKind.MEASURE_DECISION:
            step.outcome = weighted(rng, MEASURE_OUTCOMES) if known else "no_measure"
        elif kind in OUTCOMES:
            step.outcome = weighted(rng, OUTCOMES[kind])

    def flush(self) -> ScaleCounts:
        counts = {}
        for table in self.tables():
            counts[table.model] = table.write()
        return ScaleCounts(
            incidents=counts[Incident],
            steps=counts[Step],
            perpetrators=counts[Perpetrator],
            links=counts[PerpetratorIncident],
            measures=counts[Measure],
            police_reports=counts[PoliceReport],
        )


SCALE_TABLES = [
    Incident,
    IncidentBehaviour,
    Victim,
    Step,
    Perpetrator,
    PerpetratorIncident,
    Measure,
    Measure.incidents.through,
    PoliceReport,
]


def analyze() -> None:
    """Statistics and the visibility map after a bulk load, as autovacuum would leave them."""
    if connection.vendor != "postgresql":
        return
    # VACUUM cannot run inside a transaction (the tests): statistics only, then.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for model in SCALE_TABLES:
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


def generate_scale(
    *,
    count: int,
    seed: int = DEFAULT_SEED,
    batch_size: int = DEFAULT_BATCH_SIZE,
    now: dt.datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ScaleResult:
    """Add incidents (with steps, perpetrators, measures, police reports) up to `count` in all."""
    organisation, demo_loaded = organisation_for_generation(seed=seed, now=now)
    existing = Incident.objects.count()
    missing = max(0, count - existing)
    total = ScaleCounts()
    if not missing:
        return ScaleResult(existing, total, demo_loaded)
    now = now or clock.now()
    # Another seed per starting size: topping up draws new incidents, not the same ones again.
    rng = random.Random(f"{seed}-{existing}")  # noqa: S311 - load-test data, not security
    generator = IncidentGenerator(Population.from_database(organisation), rng=rng, now=now)
    handlers, restricted_handler = bulk_handlers()
    ids = Ids()
    builder = ScaleBuilder(rng=rng, now=now, ids=ids)
    done = 0
    while done < missing:
        size = min(batch_size, missing - done)
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO off")
            for _ in range(size):
                planned = generator.random_incident(age_days=AGE_DAYS)
                incident = planned.incident
                incident.handler_id = (
                    handlers.get(incident.team_id) if incident.team_id else restricted_handler
                )
                builder.add(planned)
            total += builder.flush()
            ids.sync_sequences()
        done += size
        reset_queries()
        if progress is not None:
            progress(existing + done, count)
    return ScaleResult(existing, total, demo_loaded)


def scale_counts() -> dict[str, int]:
    """How many rows of each kind there are (for the command's report)."""
    return {model._meta.db_table: model.objects.count() for model in SCALE_TABLES}
