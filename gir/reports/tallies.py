"""The dashboard's figures counted ahead, per month, team and track (ADR 0007).

Counting a million incidents on every page view takes seconds; adding up a few
thousand FigureCount rows takes milliseconds. Every figure of the dashboard is a sum
of these counts, so a month's figures are counted once and read many times:

- A service that changes what a figure counts (a report or its facts, a step, a
  police report, a measure, a perpetrator link, an import) calls `mark_changed` in
  its own transaction. That writes a StaleFigures row for the month, team and track
  of each incident concerned: the change and the note that figures are out of date
  commit together or not at all.
- `refresh` counts the marked months, teams and tracks again, in the worker: a mark
  queues the count task when its transaction commits (one waiting task at a time), and
  the scheduler runs it every few minutes. A page never counts: it shows the counts as
  they are and says when marks are waiting (ADR 0007). `rebuild` counts everything
  again (nightly, and after a bulk load), which also picks up what no service marks,
  such as a changed function group.

The counts are additive by design, so that a period is the sum of its months:
- behaviours and function groups count an incident once per kind or group;
- a measure counts in the month of the first incident it answers;
- an incident is by a repeat perpetrator when one of its perpetrators caused an
  earlier incident; the people are rows of their own, to be counted once per period;
- a step's deadline counts as settled or on time, or, while open, under the day it
  falls due, so the reader decides what is overdue today.
"""

import datetime as dt
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from typing import Any

from django.db import OperationalError, connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate, TruncMonth
from django.tasks import TaskResultStatus

from gir.core.clock import AMSTERDAM
from gir.incidents.constants import IncidentStatus
from gir.incidents.models import Incident
from gir.perpetrators.models import Measure, PerpetratorIncident
from gir.police.constants import PoliceReportKind
from gir.police.models import PoliceReport
from gir.protocol.constants import StepKind, StepStatus
from gir.protocol.models import Step

from .models import FigureCount, StaleFigures

# (month, team id or None, restricted)
Slot = tuple[dt.date, int | None, bool]
# (month, team id or None, restricted, dimension, key, count): one row of FigureCount
CountRow = tuple[dt.date, int | None, bool, str, str, int]

TOTAL = "total"
# Dimensions counted straight from a field of the incident.
COLUMNS = {
    "level": "escalation_level",
    "aggression_type": "aggression_type",
    "setting": "setting",
    "location": "location_id",
}
BEHAVIOUR = "behaviour"
FUNCTION_GROUP = "function_group"
MEASURE = "measure"
AANGIFTE = "aangifte"  # keys: expected, filed (incidents)
REPEAT = "repeat"  # keys: linked, by_repeat (incidents)
REPEAT_PERSON = "repeat_person"  # key: the perpetrator's id
DEADLINES = "deadlines"  # keys: settled, on_time
DEADLINES_OPEN = "deadlines_open"  # key: the day it falls due
AFTERCARE = "aftercare"
AFTERCARE_OPEN = "aftercare_open"
# What no value is filed under ("niet ingevuld").
NONE = ""


def month_of(moment: dt.datetime) -> dt.date:
    local = moment.astimezone(AMSTERDAM)
    return dt.date(local.year, local.month, 1)


def _as_month(value: Any) -> dt.date:
    return dt.date(value.year, value.month, 1)


# --- Marking what changed ---------------------------------------------------------------


def slot_of(incident: Incident) -> Slot | None:
    if incident.occurred_at is None:
        return None
    return (month_of(incident.occurred_at), incident.team_id, incident.is_restricted)


def mark_slots(slots: Iterable[Slot | None]) -> None:
    rows = {slot for slot in slots if slot is not None}
    if not rows:
        return
    StaleFigures.objects.bulk_create(
        StaleFigures(month=month, team_id=team, restricted=restricted) for month, team, restricted in rows
    )
    count_soon()


def count_soon() -> None:
    """Have the worker count the marks once this transaction commits. One callback per
    transaction, and no new task while one is still waiting in the queue."""
    waiting: list[Any] = connection.run_on_commit if connection.in_atomic_block else []
    if any(entry[1] is _enqueue_count for entry in waiting):
        return
    transaction.on_commit(_enqueue_count, robust=True)


def _enqueue_count() -> None:
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from .tasks import count_changed_figures

    if isinstance(count_changed_figures.get_backend(), DatabaseBackend):
        waiting = DBTaskResult.objects.filter(
            status=TaskResultStatus.READY, task_path=count_changed_figures.module_path
        )
        if waiting.exists():
            return
    count_changed_figures.enqueue()


def mark_changed(incidents: QuerySet[Incident]) -> None:
    """Note that the figures of these incidents' months, teams and tracks changed."""
    slots = (
        incidents.exclude(occurred_at=None)
        .order_by()
        .annotate(month=TruncMonth("occurred_at", tzinfo=AMSTERDAM))
        .values_list("month", "team_id", "is_restricted")
        .distinct()
    )
    mark_slots((_as_month(month), team, restricted) for month, team, restricted in slots)


def mark_incident(incident_id: int) -> None:
    mark_changed(Incident.objects.filter(pk=incident_id))


def mark_on_incidents_changed(
    sender: object,
    *,
    incidents: QuerySet[Incident] | Iterable[Incident],
    counted_before: tuple[dt.datetime | None, int | None, bool] | None = None,
    moved: bool = False,
    **kwargs: object,
) -> None:
    """The receiver of gir.incidents.signals.incidents_changed (connected in apps.py)."""
    before: list[Slot | None] = []
    if counted_before is not None:
        occurred_at, team, restricted = counted_before
        if occurred_at is not None:
            before.append((month_of(occurred_at), team, restricted))
    if isinstance(incidents, QuerySet):
        mark_slots(before)
        mark_changed(incidents)
        return
    incidents = list(incidents)
    # Where it was counted and where it is counted now, in one write.
    mark_slots([*before, *(slot_of(incident) for incident in incidents)])
    if moved:
        for incident in incidents:
            mark_related(incident)


def mark_related(incident: Incident) -> None:
    """The incidents whose figures depend on when this one happened: those of the same
    perpetrators (repeats) and of the same measures (the first incident counts it)."""
    people = PerpetratorIncident.objects.filter(incident=incident).values("perpetrator_id")
    measures = Measure.incidents.through.objects.filter(incident=incident).values("measure_id")
    mark_changed(
        Incident.objects.filter(Q(perpetrator_links__perpetrator_id__in=people) | Q(measures__in=measures))
    )


# --- Counting -----------------------------------------------------------------------------


def _counted(incidents: QuerySet[Incident]) -> QuerySet[Incident]:
    return incidents.exclude(status=IncidentStatus.DRAFT).exclude(occurred_at=None).order_by()


def _slot_values(queryset: QuerySet[Any], prefix: str = "") -> QuerySet[Any]:
    slotted: QuerySet[Any] = queryset.order_by().annotate(
        slot_month=TruncMonth(f"{prefix}occurred_at", tzinfo=AMSTERDAM),
        slot_team=F(f"{prefix}team_id"),
        slot_restricted=F(f"{prefix}is_restricted"),
    )
    return slotted


def key_of(value: Any) -> str:
    return NONE if value is None else str(value)


def _grouped(
    queryset: QuerySet[Any], dimension: str, counter: Count, *, by: str = "", key: str = NONE
) -> Iterator[CountRow]:
    """Rows of counts per slot: under the value of field `by`, or else under `key`."""
    fields = ["slot_month", "slot_team", "slot_restricted"] + ([by] if by else [])
    for row in queryset.values_list(*fields).annotate(n=counter):
        month, team, restricted = row[0], row[1], row[2]
        yield (_as_month(month), team, restricted, dimension, key_of(row[3]) if by else key, row[-1])


def count_rows(incidents: QuerySet[Incident]) -> Iterator[CountRow]:
    """(month, team id, restricted, dimension, key, count) for the counted incidents
    among `incidents`: about fifteen grouped queries, whatever their number."""
    counted = _counted(incidents)
    ids = counted.values("pk")
    slotted = _slot_values(counted)
    yield from _grouped(slotted, TOTAL, Count("pk"))
    for dimension, field in COLUMNS.items():
        yield from _grouped(slotted, dimension, Count("pk"), by=field)
    yield from _grouped(slotted, BEHAVIOUR, Count("pk", distinct=True), by="behaviours__kind")
    by_group = "victims__user__function_group_id"
    yield from _grouped(slotted, FUNCTION_GROUP, Count("pk", distinct=True), by=by_group)

    # A measure counts once, with the first incident it answers (the earliest, then the lowest id).
    links = Measure.incidents.through.objects.filter(incident_id__in=ids)
    earlier = Measure.incidents.through.objects.filter(measure_id=OuterRef("measure_id")).filter(
        Q(incident__occurred_at__lt=OuterRef("incident__occurred_at"))
        | Q(incident__occurred_at=OuterRef("incident__occurred_at"), incident_id__lt=OuterRef("incident_id"))
    )
    first_links = _slot_values(links.filter(~Exists(earlier)), "incident__")
    yield from _grouped(first_links, MEASURE, Count("measure_id", distinct=True), by="measure__kind")

    # Of the incidents where the protocol expected an aangifte, those with one (001 §9.3).
    expected = Step.objects.filter(kind=StepKind.POLICE_REPORT).exclude(status=StepStatus.LAPSED)
    filed = PoliceReport.objects.filter(kind=PoliceReportKind.AANGIFTE)
    expecting = slotted.filter(pk__in=expected.values("incident_id"))
    yield from _grouped(expecting, AANGIFTE, Count("pk"), key="expected")
    with_aangifte = expecting.filter(pk__in=filed.values("incident_id"))
    yield from _grouped(with_aangifte, AANGIFTE, Count("pk"), key="filed")

    yield from _repeat_rows(ids)
    now_steps = Step.objects.filter(incident_id__in=ids).exclude(status=StepStatus.LAPSED)
    yield from _deadline_rows(now_steps.filter(is_required=True), DEADLINES, DEADLINES_OPEN)
    aftercare = now_steps.filter(kind=StepKind.AFTERCARE, rule__code="aftercare-first")
    yield from _deadline_rows(aftercare, AFTERCARE, AFTERCARE_OPEN)


def _repeat_rows(ids: QuerySet[Any]) -> Iterator[CountRow]:
    """Incidents with a known perpetrator; of those, the ones where a perpetrator had
    caused an earlier incident; and per such person, their repeat incidents."""
    links = PerpetratorIncident.objects.filter(incident_id__in=ids)
    earlier = PerpetratorIncident.objects.filter(perpetrator_id=OuterRef("perpetrator_id")).filter(
        Q(incident__occurred_at__lt=OuterRef("incident__occurred_at"))
        | Q(incident__occurred_at=OuterRef("incident__occurred_at"), incident_id__lt=OuterRef("incident_id"))
    )
    slotted = _slot_values(links, "incident__")
    incidents = Count("incident_id", distinct=True)
    yield from _grouped(slotted, REPEAT, incidents, key="linked")
    repeats = slotted.filter(Exists(earlier))
    yield from _grouped(repeats, REPEAT, incidents, key="by_repeat")
    yield from _grouped(repeats, REPEAT_PERSON, incidents, by="perpetrator_id")


def _deadline_rows(steps: QuerySet[Step], dimension: str, open_dimension: str) -> Iterator[CountRow]:
    settled = Q(status__in=[StepStatus.DONE, StepStatus.WAIVED])
    slotted = _slot_values(steps, "incident__")
    yield from _grouped(slotted.filter(settled), dimension, Count("pk"), key="settled")
    on_time = slotted.filter(settled, completed_at__lte=F("due_at"))
    yield from _grouped(on_time, dimension, Count("pk"), key="on_time")
    open_steps = slotted.filter(status=StepStatus.OPEN).exclude(due_at=None)
    due_days = open_steps.annotate(due_day=TruncDate("due_at", tzinfo=AMSTERDAM))
    yield from _grouped(due_days, open_dimension, Count("pk"), by="due_day")


def _save(rows: Iterable[CountRow]) -> int:
    batch = [
        FigureCount(month=month, team_id=team, restricted=restricted, dimension=dim, key=key, count=n)
        for month, team, restricted, dim, key, n in rows
        if n
    ]
    FigureCount.objects.bulk_create(batch, batch_size=5000)
    return len(batch)


def _lock(*, wait: bool) -> None:
    """One counter at a time: two could otherwise both add a slot's rows. Readers of
    the counts are never blocked (PostgreSQL's EXCLUSIVE mode allows them)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            nowait = "" if wait else " NOWAIT"
            cursor.execute(f"LOCK TABLE {FigureCount._meta.db_table} IN EXCLUSIVE MODE{nowait}")


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


# A round counts the marked slots of at most this many months (from the earliest
# marked one), for every team and track marked in them.
MONTHS_PER_ROUND = 12
# After a recount that wrote this many rows, the planner's statistics are renewed.
ANALYZE_AFTER_ROWS = 20_000
# PostgreSQL's "lock not available", which LOCK TABLE ... NOWAIT raises.
LOCK_NOT_AVAILABLE = "55P03"


class Box:
    """A range of months × a set of teams × a set of tracks: what one round counts.
    It covers every marked slot in it, and maybe some that were not marked (counting
    those again changes nothing). Its filters are a few IN lists and one range, so a
    round's queries are the same however many slots are marked."""

    def __init__(
        self, first: dt.date, last: dt.date, teams: AbstractSet[int | None], tracks: AbstractSet[bool]
    ):
        self.first, self.last = first, last
        self.teams, self.tracks = teams, tracks

    def _team_q(self, field: str) -> Q:
        known = sorted(team for team in self.teams if team is not None)
        condition = Q(**{f"{field}__in": known})
        if None in self.teams:
            condition |= Q(**{f"{field}__isnull": True})
        return condition

    def counts_q(self) -> Q:
        """The rows of the box in FigureCount or StaleFigures."""
        tracks = sorted(self.tracks)
        return Q(month__gte=self.first, month__lte=self.last, restricted__in=tracks) & self._team_q("team_id")

    def incidents_q(self) -> Q:
        start = dt.datetime.combine(self.first, dt.time(), tzinfo=AMSTERDAM)
        end = dt.datetime.combine(_next_month(self.last), dt.time(), tzinfo=AMSTERDAM)
        tracks = sorted(self.tracks)
        return Q(occurred_at__gte=start, occurred_at__lt=end, is_restricted__in=tracks) & self._team_q(
            "team_id"
        )


def refresh(*, rounds: int | None = None, wait: bool = True) -> int:
    """Count the marked slots again, a range of months per round (MONTHS_PER_ROUND),
    at most `rounds` rounds (None: until no mark is left); returns the slots counted.
    With wait=False a round another counter holds is left to it. After a large recount
    the planner's statistics are renewed (PostgreSQL)."""
    total = done = rows = 0
    while rounds is None or done < rounds:
        counted, written = _refresh_round(wait=wait)
        if not counted:
            break
        total, done, rows = total + counted, done + 1, rows + written
    if rows >= ANALYZE_AFTER_ROWS:
        analyze()
    return total


def analyze() -> None:
    """Renew PostgreSQL's statistics of the counts and the incidents, so that the next
    plans see the rows a large recount or a bulk load wrote."""
    if connection.vendor != "postgresql":
        return
    tables = [FigureCount._meta.db_table, StaleFigures._meta.db_table, Incident._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in tables))


def _refresh_round(*, wait: bool) -> tuple[int, int]:
    """One round: (slots counted, rows written)."""
    if not StaleFigures.objects.exists():
        return 0, 0
    try:
        with transaction.atomic():
            _lock(wait=wait)
            first = StaleFigures.objects.order_by("month").values_list("month", flat=True).first()
            if first is None:
                return 0, 0
            window = StaleFigures.objects.filter(month__lt=_add_months(first, MONTHS_PER_ROUND))
            # Every mark in the window, however often each slot was marked; a mark
            # written after this read stays, and is counted again in a later round.
            marks = list(window.values_list("pk", "month", "team_id", "restricted"))
            slots = {(month, team, restricted) for _pk, month, team, restricted in marks}
            box = Box(
                first,
                max(month for month, _team, _restricted in slots),
                {team for _month, team, _restricted in slots},
                {restricted for _month, _team, restricted in slots},
            )
            FigureCount.objects.filter(box.counts_q()).delete()
            written = _save(count_rows(Incident.objects.filter(box.incidents_q())))
            done = [pk for pk, *_slot in marks]
            for start in range(0, len(done), 5000):
                StaleFigures.objects.filter(pk__in=done[start : start + 5000]).delete()
    except OperationalError as error:
        busy = getattr(error.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE
        if wait or not (busy or "database is locked" in str(error)):
            raise
        return 0, 0
    return len(slots), written


def rebuild() -> int:
    """Count every figure again from the incidents; returns the number of rows."""
    with transaction.atomic():
        _lock(wait=True)
        StaleFigures.objects.all().delete()
        FigureCount.objects.all().delete()
        rows = _save(count_rows(Incident.objects.all()))
    analyze()
    return rows
