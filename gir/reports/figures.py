"""The figures of the dashboard and the trend reports (DESIGN §2.7; 003; 004 "Trendanalyse";
001 §7.2), for a period of whole months and optionally one department, with the period
before it.

Every figure is a sum of the counts gir.reports.tallies keeps per month, team and track,
so the dashboard reads a few thousand rows whatever the number of incidents (ADR 0007).
The page never counts: changes are counted by the worker, and the page says when some
still wait.
Labels come from the choices or from the few units, locations and function groups.
Readers without case access get every figure through gir.core.aggregates: no figure may
point at one employee (001 §1.2, §4.3).
"""

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gir.accounts.constants import UnitKind
from gir.accounts.models import FunctionGroup, Location, OrganisationUnit
from gir.accounts.selectors import unit_and_below
from gir.core import clock
from gir.core.aggregates import Cell, breakdown, shown
from gir.core.clock import AMSTERDAM
from gir.incidents.constants import AggressionType, BehaviourKind, EscalationLevel, IncidentStatus, Setting
from gir.incidents.models import Incident
from gir.perpetrators.constants import MeasureKind

from . import tallies
from .models import FigureCount, StaleFigures
from .policy import FigureScope

MAX_PERIOD_MONTHS = 36
MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def _last_day(month: dt.date) -> dt.date:
    return dt.date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])


@dataclass(frozen=True)
class Period:
    """Whole months: from the first day of `start`'s month up to and including `end`,
    the last day of its month, in Amsterdam days."""

    start: dt.date
    end: dt.date

    @classmethod
    def of_months(cls, first: dt.date, last: dt.date) -> "Period":
        return cls(first.replace(day=1), _last_day(last))

    @classmethod
    def checked(cls, first: dt.date, last: dt.date) -> "Period":
        period = cls.of_months(first, last)
        if period.end < period.start:
            raise ValidationError(
                _("De laatste maand ligt voor de eerste. Kies een laatste maand vanaf %(start)s.")
                % {"start": f"{MONTHS[first.month - 1]} {first.year}"}
            )
        if period.months > MAX_PERIOD_MONTHS:
            raise ValidationError(_("Kies een periode van hoogstens drie jaar (36 maanden)."))
        return period

    @classmethod
    def quarter_of(cls, day: dt.date) -> "Period":
        first = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        return cls.of_months(first, add_months(first, 2))

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def month_starts(self) -> list[dt.date]:
        return [add_months(self.start, i) for i in range(self.months)]

    def previous(self) -> "Period":
        """The same number of months just before this period."""
        return Period.of_months(add_months(self.start, -self.months), add_months(self.start, -1))

    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time(), tzinfo=AMSTERDAM)

    @property
    def end_before(self) -> dt.datetime:
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), tzinfo=AMSTERDAM)

    @property
    def label(self) -> str:
        first = f"{MONTHS[self.start.month - 1]} {self.start.year}"
        last = f"{MONTHS[self.end.month - 1]} {self.end.year}"
        return first if first == last else f"{first} – {last}"


def in_scope(base: QuerySet[Incident], period: Period, unit: OrganisationUnit | None) -> QuerySet[Incident]:
    """The submitted incidents of the period (by when they happened), in the unit if given:
    the rows behind the figures, for the case-level export."""
    incidents = base.exclude(status=IncidentStatus.DRAFT).filter(
        occurred_at__gte=period.start_at, occurred_at__lt=period.end_before
    )
    if unit is not None:
        incidents = incidents.filter(team_id__in=unit_and_below(unit))
    return incidents


# --- Breakdowns --------------------------------------------------------------------------


@dataclass(frozen=True)
class Dimension:
    key: str
    title: object
    # How keys become labels, in a fixed order.
    labels: Callable[[], list[tuple[object, str]]]
    # Several rows per incident (behaviours, victims): the cells overlap.
    overlapping: bool = False


def _choices(choices: Iterable[tuple[object, object]]) -> Callable[[], list[tuple[object, str]]]:
    return lambda: [(value, str(label)) for value, label in choices]


def _departments() -> list[tuple[object, str]]:
    units = OrganisationUnit.objects.filter(kind=UnitKind.DEPARTMENT).order_by("name")
    return [(unit.pk, unit.name) for unit in units]


def team_departments() -> dict[object, object]:
    """Each unit's department: the unit itself, or the department above it."""
    rows = OrganisationUnit.objects.values_list("pk", "parent_id", "kind")
    parents = {pk: parent for pk, parent, _kind in rows}
    kinds = {pk: kind for pk, _parent, kind in rows}
    folded: dict[object, object] = {}
    for pk in parents:
        current: int | None = pk
        while current is not None and kinds.get(current) != UnitKind.DEPARTMENT:
            current = parents.get(current)
        folded[pk] = current
    return folded


DIMENSIONS: dict[str, Dimension] = {
    d.key: d
    for d in (
        Dimension(
            "behaviour", gettext_lazy("Soort gedrag"), _choices(BehaviourKind.choices), overlapping=True
        ),
        Dimension("level", gettext_lazy("Ernst (A–E)"), _choices(EscalationLevel.choices)),
        Dimension("aggression_type", gettext_lazy("Soort agressie"), _choices(AggressionType.choices)),
        Dimension("setting", gettext_lazy("Situatie"), _choices(Setting.choices)),
        Dimension(
            "location",
            gettext_lazy("Locatie"),
            lambda: list(Location.objects.order_by("name").values_list("pk", "name")),
        ),
        # Counted from the teams' totals, folded into their departments.
        Dimension("department", gettext_lazy("Afdeling"), _departments),
        Dimension(
            "function_group",
            gettext_lazy("Functiegroep"),
            lambda: list(FunctionGroup.objects.order_by("name").values_list("pk", "name")),
            overlapping=True,
        ),
    )
}
UNKNOWN = gettext_lazy("Niet ingevuld")


def labelled(dimension: Dimension, counts: dict[str, int]) -> list[tuple[object, str, int]]:
    """(key, label, count) for every label, zeros included, then "niet ingevuld"."""
    counts = dict(counts)
    rows = [(key, label, counts.pop(str(key), 0)) for key, label in dimension.labels()]
    rest = sum(counts.values())
    if rest:
        rows.append((None, str(UNKNOWN), rest))
    return rows


# --- Rates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """`part` of `whole`, with the text to show."""

    part: int
    whole: int
    text: str

    @property
    def percent(self) -> int | None:
        return round(100 * self.part / self.whole) if self.whole else None


def rate(part: int, whole: int, *, suppress: bool) -> Rate:
    if not whole:
        return Rate(part, whole, "—")
    # Hidden when either side of the split is a small group.
    if suppress and (0 < part < 5 or 0 < whole - part < 5):
        return Rate(part, whole, _("verborgen (kleine aantallen)"))
    return Rate(part, whole, f"{round(100 * part / whole)}% ({part} {_('van')} {whole})")


# --- Reading the counts --------------------------------------------------------------------


@dataclass
class Sums:
    """The counts of one period and scope, added up."""

    by_key: dict[str, dict[str, int]]
    by_month: dict[dt.date, int]
    by_team: dict[int | None, int]

    @property
    def total(self) -> int:
        return sum(self.by_month.values())

    def of(self, dimension: str, key: str) -> int:
        return self.by_key.get(dimension, {}).get(key, 0)

    def on_time(self, dimension: str, open_dimension: str, today: dt.date) -> tuple[int, int]:
        """Steps settled by their deadline, of those settled or open past their day."""
        overdue = sum(n for day, n in self.by_key.get(open_dimension, {}).items() if day < today.isoformat())
        return self.of(dimension, "on_time"), self.of(dimension, "settled") + overdue


def _teams(scope: FigureScope, unit: OrganisationUnit | None) -> frozenset[int] | None:
    """The teams the figures cover (None: all)."""
    teams = scope.team_ids
    if unit is not None:
        below = set(unit_and_below(unit))
        teams = frozenset(below if teams is None else below & teams)
    return teams


def _in_scope(
    rows: QuerySet[Any], scope: FigureScope, teams: frozenset[int] | None, first: dt.date, last: dt.date
) -> QuerySet[Any]:
    rows = rows.filter(month__gte=first, month__lte=last)
    if teams is not None:
        rows = rows.filter(team_id__in=teams)
    if not scope.restricted:
        rows = rows.filter(restricted=False)
    return rows.order_by()


def _stored(scope: FigureScope, period: Period, teams: frozenset[int] | None) -> QuerySet[FigureCount]:
    return _in_scope(FigureCount.objects.all(), scope, teams, period.start, period.end)


def being_counted(scope: FigureScope, period: Period, teams: frozenset[int] | None) -> bool:
    """Whether changes to these figures (the period and the one before) wait to be
    counted: the worker counts them (gir.reports.tallies), the page only says so."""
    marks = _in_scope(StaleFigures.objects.all(), scope, teams, period.previous().start, period.end)
    return marks.exists()


def _sums(counts: QuerySet[FigureCount]) -> Sums:
    by_key: dict[str, dict[str, int]] = {}
    keyed = counts.exclude(dimension__in=[tallies.TOTAL, tallies.REPEAT_PERSON])
    for dimension, key, n in keyed.values_list("dimension", "key").annotate(n=Sum("count")):
        by_key.setdefault(dimension, {})[key] = n
    by_month: dict[dt.date, int] = {}
    by_team: dict[int | None, int] = {}
    totals = counts.filter(dimension=tallies.TOTAL).values_list("month", "team_id").annotate(n=Sum("count"))
    for month, team, n in totals:
        by_month[month] = by_month.get(month, 0) + n
        by_team[team] = by_team.get(team, 0) + n
    return Sums(by_key, by_month, by_team)


def _department_counts(sums: Sums, departments: dict[object, object]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for team, n in sums.by_team.items():
        key = tallies.key_of(departments.get(team))
        counts[key] = counts.get(key, 0) + n
    return counts


# --- The dashboard -------------------------------------------------------------------------


@dataclass
class Table:
    """One breakdown with this period's and the previous period's counts, as shown."""

    key: str
    title: str
    labels: list[str]
    keys: list[object]
    current: list[Cell]
    # None where the previous period has no matching rows (the months).
    previous: list[Cell] | None

    @property
    def rows(self) -> list[tuple[object, str, Cell, Cell | None]]:
        previous: Sequence[Cell | None] = self.previous or [None] * len(self.current)
        return list(zip(self.keys, self.labels, self.current, previous, strict=True))


@dataclass
class Dashboard:
    period: Period
    previous: Period
    suppressed: bool
    total: str
    total_previous: str
    total_count: int
    months: Table
    tables: dict[str, Table] = field(default_factory=dict)
    repeat_people: str = ""
    repeat_share: Rate | None = None
    aangifte: Rate | None = None
    aangifte_previous: Rate | None = None
    aftercare_on_time: Rate | None = None
    deadlines_met: Rate | None = None
    # Changes wait to be counted: the figures are as last counted (ADR 0007).
    being_counted: bool = False


def _table(
    key: str,
    title: str,
    rows: Sequence[tuple[object, str, int]],
    previous: Sequence[tuple[object, str, int]] | None,
    *,
    suppress: bool,
    total_shown: bool = True,
) -> Table:
    def cells(counts: Sequence[tuple[object, str, int]]) -> list[Cell]:
        pairs = [(label, n) for _key, label, n in counts]
        if suppress:
            return breakdown(pairs, total_shown=total_shown)
        return [Cell(label, n, str(n)) for label, n in pairs]

    return Table(
        key,
        str(title),
        [label for _k, label, _n in rows],
        [k for k, _l, _n in rows],
        cells(rows),
        cells(previous) if previous is not None else None,
    )


def _months(sums: Sums, period: Period) -> list[tuple[dt.date, str, int]]:
    return [
        (month, f"{MONTHS[month.month - 1]} {month.year}", sums.by_month.get(month, 0))
        for month in period.month_starts
    ]


def quarters_of(months: Iterable[tuple[dt.date, str, int]]) -> list[tuple[dt.date, str, int]]:
    """The month rows folded into quarters."""
    folded: dict[tuple[int, int], int] = {}
    for day, _label, n in months:
        key = (day.year, (day.month - 1) // 3 + 1)
        folded[key] = folded.get(key, 0) + n
    return [(dt.date(y, 3 * q - 2, 1), f"K{q} {y}", n) for (y, q), n in folded.items()]


def build(scope: FigureScope, period: Period, unit: OrganisationUnit | None, *, suppress: bool) -> Dashboard:
    """The dashboard of the reader's scope (gir.reports.policy.dashboard_scope) for the
    period and unit, with the period before it."""
    today = clock.today()
    previous = period.previous()
    teams = _teams(scope, unit)
    current_counts = _stored(scope, period, teams)
    now, before = _sums(current_counts), _sums(_stored(scope, previous, teams))
    show = shown if suppress else str
    dashboard = Dashboard(
        period=period,
        previous=previous,
        suppressed=suppress,
        total=show(now.total),
        total_previous=show(before.total),
        total_count=now.total,
        months=_table("month", _("Per maand"), _months(now, period), None, suppress=suppress),
        being_counted=being_counted(scope, period, teams),
    )
    departments = team_departments()
    for key, dimension in DIMENSIONS.items():
        if key == "department":
            rows = labelled(dimension, _department_counts(now, departments))
            earlier = labelled(dimension, _department_counts(before, departments))
        else:
            rows, earlier = (
                labelled(dimension, now.by_key.get(key, {})),
                labelled(dimension, before.by_key.get(key, {})),
            )
        # "Niet ingevuld" may occur in one period only: both get the row.
        for one, other in ((rows, earlier), (earlier, rows)):
            if len(one) < len(other):
                one.append((None, str(UNKNOWN), 0))
        dashboard.tables[key] = _table(
            key,
            str(dimension.title),
            rows,
            earlier,
            suppress=suppress,
            # Behaviours and function groups overlap: their cells do not add up to the total.
            total_shown=not dimension.overlapping,
        )
    dashboard.tables["measures"] = _table(
        "measures",
        _("Maatregelen"),
        [(k, str(label), now.of(tallies.MEASURE, k)) for k, label in MeasureKind.choices],
        [(k, str(label), before.of(tallies.MEASURE, k)) for k, label in MeasureKind.choices],
        suppress=suppress,
        total_shown=False,
    )
    people = current_counts.filter(dimension=tallies.REPEAT_PERSON).values("key").distinct().count()
    dashboard.repeat_people = show(people)
    dashboard.repeat_share = rate(
        now.of(tallies.REPEAT, "by_repeat"), now.of(tallies.REPEAT, "linked"), suppress=suppress
    )
    dashboard.aangifte = rate(
        now.of(tallies.AANGIFTE, "filed"), now.of(tallies.AANGIFTE, "expected"), suppress=suppress
    )
    dashboard.aangifte_previous = rate(
        before.of(tallies.AANGIFTE, "filed"), before.of(tallies.AANGIFTE, "expected"), suppress=suppress
    )
    dashboard.aftercare_on_time = rate(
        *now.on_time(tallies.AFTERCARE, tallies.AFTERCARE_OPEN, today), suppress=suppress
    )
    dashboard.deadlines_met = rate(
        *now.on_time(tallies.DEADLINES, tallies.DEADLINES_OPEN, today), suppress=suppress
    )
    return dashboard
