"""The figures of the dashboard and the trend reports (DESIGN §2.7; 003; 004 "Trendanalyse";
001 §7.2), for a period of whole months and optionally one department, with the period
before it.

Every figure is a sum of the counts gir.reports.tallies keeps per month, team and track,
so the dashboard reads a few thousand rows whatever the number of incidents (ADR 0007).
The page never counts: changes are counted by the worker, and the page says when some
still wait.
Labels come from the choices or from the few units, locations and function groups.
Readers without case access get every figure through gir.core.disclosure (ADR 0022): no
figure may point at one employee (001 §1.2, §4.3). They choose a calendar quarter or year
of the whole organisation, and the figures of a year and its quarters are suppressed
together (`YearFigures`), so that no two questions they can ask give a hidden count away.
"""

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gir.accounts.constants import UnitKind
from gir.accounts.models import FunctionGroup, Location, OrganisationUnit
from gir.accounts.selectors import unit_and_below
from gir.core import clock, disclosure
from gir.core.clock import AMSTERDAM
from gir.core.disclosure import Cell, TableSet
from gir.incidents.constants import AggressionType, BehaviourKind, EscalationLevel, IncidentStatus, Setting
from gir.incidents.models import Incident
from gir.perpetrators.constants import MeasureKind

from . import tallies
from .models import FigureCount, StaleFigures, Suppression
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

    @classmethod
    def year_of(cls, year: int) -> "Period":
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @property
    def quarter(self) -> int | None:
        """1 to 4 for a calendar quarter, 0 for a calendar year, None for other months."""
        if self == Period.year_of(self.start.year):
            return 0
        if self.months == 3 and self.start.month % 3 == 1:
            return (self.start.month + 2) // 3
        return None

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


def rate(part: int, whole: int, *, hidden: bool = False) -> Rate:
    if not whole:
        return Rate(part, whole, "—")
    if hidden:
        return Rate(part, whole, _("verborgen"))
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
    # The period's calendar quarters (the first and last may be partial), by their first day.
    quarters: list[tuple[dt.date, Cell]] = field(default_factory=list)
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
) -> Table:
    def cells(counts: Sequence[tuple[object, str, int]]) -> list[Cell]:
        return [Cell(label, n, str(n)) for _key, label, n in counts]

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


def _dimension_counts(key: str, sums: Sums, departments: dict[object, object]) -> dict[str, int]:
    if key == "department":
        return _department_counts(sums, departments)
    return sums.by_key.get(key, {})


def _rate_counts(sums: Sums, name: str, today: dt.date) -> tuple[int, int]:
    """(part, whole) of one of the dashboard's rates."""
    if name == "repeat_share":
        return sums.of(tallies.REPEAT, "by_repeat"), sums.of(tallies.REPEAT, "linked")
    if name == "aangifte":
        return sums.of(tallies.AANGIFTE, "filed"), sums.of(tallies.AANGIFTE, "expected")
    if name == "aftercare_on_time":
        return sums.on_time(tallies.AFTERCARE, tallies.AFTERCARE_OPEN, today)
    return sums.on_time(tallies.DEADLINES, tallies.DEADLINES_OPEN, today)


RATES = ("repeat_share", "aangifte", "aftercare_on_time", "deadlines_met")


def build(scope: FigureScope, period: Period, unit: OrganisationUnit | None, *, suppress: bool) -> Dashboard:
    """The dashboard of the reader's scope (gir.reports.policy.dashboard_scope) for the
    period and unit, with the period before it. Suppressed: a calendar quarter or year of
    the whole organisation (gir.reports.forms), every figure through `YearFigures`."""
    if suppress:
        return _suppressed(scope, period)
    today = clock.today()
    previous = period.previous()
    teams = _teams(scope, unit)
    current_counts = _stored(scope, period, teams)
    now, before = _sums(current_counts), _sums(_stored(scope, previous, teams))
    months = _months(now, period)
    dashboard = Dashboard(
        period=period,
        previous=previous,
        suppressed=False,
        total=str(now.total),
        total_previous=str(before.total),
        total_count=now.total,
        months=_table("month", _("Per maand"), months, None),
        quarters=[(day, Cell(label, n, str(n))) for day, label, n in quarters_of(months)],
        being_counted=being_counted(scope, period, teams),
    )
    departments = team_departments()
    for key, dimension in DIMENSIONS.items():
        rows = labelled(dimension, _dimension_counts(key, now, departments))
        earlier = labelled(dimension, _dimension_counts(key, before, departments))
        # "Niet ingevuld" may occur in one period only: both get the row.
        for one, other in ((rows, earlier), (earlier, rows)):
            if len(one) < len(other):
                one.append((None, str(UNKNOWN), 0))
        dashboard.tables[key] = _table(key, str(dimension.title), rows, earlier)
    dashboard.tables["measures"] = _table(
        "measures",
        _("Maatregelen"),
        [(k, str(label), now.of(tallies.MEASURE, k)) for k, label in MeasureKind.choices],
        [(k, str(label), before.of(tallies.MEASURE, k)) for k, label in MeasureKind.choices],
    )
    people = current_counts.filter(dimension=tallies.REPEAT_PERSON).values("key").distinct().count()
    dashboard.repeat_people = str(people)
    dashboard.repeat_share = rate(*_rate_counts(now, "repeat_share", today))
    dashboard.aangifte = rate(*_rate_counts(now, "aangifte", today))
    dashboard.aangifte_previous = rate(*_rate_counts(before, "aangifte", today))
    dashboard.aftercare_on_time = rate(*_rate_counts(now, "aftercare_on_time", today))
    dashboard.deadlines_met = rate(*_rate_counts(now, "deadlines_met", today))
    return dashboard


# --- Suppressed figures: a year and its quarters as one table set (ADR 0022) ---------------


# How long a year's suppression is kept in a process's cache: it is a function of the counts, so a change
# of a count gives a new key, and an old key is never wrong.
PROTECTION_CACHE_SECONDS = 7 * 24 * 3600


@dataclass
class YearFigures:
    """Every figure a suppressed reader can see of one calendar year and its quarters,
    suppressed together: the months, the totals of the quarters and the year, each
    breakdown per quarter and for the year, and the rates' parts. Period 0 is the
    year, 1 to 4 its quarters. The same year gives the same cells, whether a quarter is
    shown as this period or as the previous one."""

    year: int
    figures: disclosure.Figures
    # Each breakdown's rows: (key, label).
    rows: dict[str, list[tuple[object, str]]]

    def cell(self, key: tuple[object, ...], label: str = "") -> Cell:
        return self.figures.cell(key, label)

    def rate(self, name: str, period: int) -> Rate:
        part = self.cell(("rate", name, "part", period))
        whole = self.cell(("rate", name, "whole", period))
        return rate(part.count, whole.count, hidden=disclosure.is_hidden(whole.text))


def _categories(
    dimension: Dimension, per_quarter: list[dict[str, int]]
) -> list[tuple[object, str, list[int]]]:
    """The rows of a breakdown with the count of each quarter; "niet ingevuld" when a
    quarter has counts under no label."""
    labels = dimension.labels()
    known = {str(key) for key, _label in labels}
    rows = [(key, label, [counts.get(str(key), 0) for counts in per_quarter]) for key, label in labels]
    rest = [sum(n for k, n in counts.items() if k not in known) for counts in per_quarter]
    if any(rest):
        rows.append((None, str(UNKNOWN), rest))
    return rows


def _per_period(
    figures: disclosure.Figures, key: tuple[object, ...], counts: list[int], rank: int = 0
) -> list[int]:
    """A count per quarter and its sum over the year: [year, q1, q2, q3, q4]."""
    quarters = [figures.add((*key, q), n, rank) for q, n in enumerate(counts, 1)]
    year = figures.add((*key, 0), sum(counts), rank + 1)
    figures.add_sum(year, quarters)
    return [year, *quarters]


def year_figures(scope: FigureScope, year: int, today: dt.date, *, cached: bool = True) -> YearFigures:
    """The table set of one calendar year (see YearFigures), suppressed."""
    quarters = [Period.quarter_of(dt.date(year, 3 * q - 2, 1)) for q in range(1, 5)]
    sums = [_sums(_stored(scope, quarter, None)) for quarter in quarters]
    b = disclosure.Figures()
    totals = _per_period(b, ("total",), [s.total for s in sums], rank=2)
    for q, (quarter, s) in enumerate(zip(quarters, sums, strict=True), 1):
        months = [b.add(("month", m), s.by_month.get(m, 0)) for m in quarter.month_starts]
        b.add_sum(totals[q], months)
    departments = team_departments()
    rows: dict[str, list[tuple[object, str]]] = {}
    for key, dimension in DIMENSIONS.items():
        table = _categories(dimension, [_dimension_counts(key, s, departments) for s in sums])
        rows[key] = [(k, label) for k, label, _counts in table]
        per_row = [_per_period(b, (key, k), counts) for k, _label, counts in table]
        for period in range(5):
            parts = [cells[period] for cells in per_row]
            if dimension.overlapping:  # an incident counts in several rows, each at most once
                for part in parts:
                    b.add_bound(part, totals[period])
            else:
                b.add_sum(totals[period], parts)
    rows["measures"] = [(k, str(label)) for k, label in MeasureKind.choices]
    for k, _label in rows["measures"]:
        _per_period(b, ("measures", k), [s.of(tallies.MEASURE, str(k)) for s in sums])
    for name in RATES:
        pairs = [_rate_counts(s, name, today) for s in sums]
        parts = _per_period(b, ("rate", name, "part"), [part for part, _whole in pairs])
        rests = _per_period(b, ("rate", name, "rest"), [max(whole - part, 0) for part, whole in pairs])
        wholes = _per_period(b, ("rate", name, "whole"), [whole for _part, whole in pairs], rank=1)
        for period in range(5):
            b.add_sum(wholes[period], [parts[period], rests[period]])
            # A rate shows its part and whole, or neither; hidden, the part may be 0, the
            # whole is not ("—" shows a rate of nothing).
            b.together([parts[period], rests[period], wholes[period]])
            b.cells.floors[wholes[period]] = 1
    b.suppress(lambda cells: protection(cells, cached=cached))
    return YearFigures(year, b, rows)


def protection(cells: TableSet, *, cached: bool = True) -> frozenset[int]:
    """The hidden cells of a table set, solved once per set of counts (ADR 0022): from
    this process's cache, else from the stored `Suppression`, else solved and stored.
    The worker (cached=False) makes sure the stored row is there."""
    fingerprint = cells.fingerprint()
    key = f"gir:disclosure:{fingerprint}"
    hidden = cache.get(key) if cached else None
    if hidden is None:
        hidden = Suppression.objects.filter(fingerprint=fingerprint).values_list("hidden", flat=True).first()
        if hidden is None:
            hidden = sorted(disclosure.protect(cells))
            Suppression.objects.get_or_create(fingerprint=fingerprint, defaults={"hidden": hidden})
        cache.set(key, hidden, PROTECTION_CACHE_SECONDS)
    return frozenset(hidden)


# A director's figures: of every team, the restricted track included (policy.dashboard_scope).
SUPPRESSED_SCOPE = FigureScope(None, restricted=True)


def prepare_suppression() -> None:
    """Solve the suppression of this year and last ahead, for the pages to read: the
    worker does this after it counts, so a director rarely waits for the solver."""
    today = clock.today()
    for year in (today.year, today.year - 1):
        year_figures(SUPPRESSED_SCOPE, year, today, cached=False)


def prune_suppression() -> int:
    """Remove stored suppressions not made lately: most are of counts long changed, and
    one still needed is solved again when asked for."""
    deleted, _kinds = Suppression.objects.filter(made_at__lt=clock.now() - dt.timedelta(days=8)).delete()
    return deleted


def _suppressed(scope: FigureScope, period: Period) -> Dashboard:
    current = period.quarter
    if current is None:
        raise ValueError("suppressed figures are of a calendar quarter or year")
    today = clock.today()
    previous = period.previous()
    now = year_figures(scope, period.start.year, today)
    before = now if previous.start.year == now.year else year_figures(scope, previous.start.year, today)
    earlier = previous.quarter
    assert earlier is not None
    month_labels = [f"{MONTHS[m.month - 1]} {m.year}" for m in period.month_starts]
    total = now.cell(("total", current))
    quarters = range(1, 5) if current == 0 else [current]
    dashboard = Dashboard(
        period=period,
        previous=previous,
        suppressed=True,
        total=total.text,
        total_previous=before.cell(("total", earlier)).text,
        total_count=total.count,
        months=Table(
            "month",
            _("Per maand"),
            month_labels,
            list(period.month_starts),
            [
                now.cell(("month", m), label)
                for m, label in zip(period.month_starts, month_labels, strict=True)
            ],
            None,
        ),
        quarters=[
            (dt.date(now.year, 3 * q - 2, 1), now.cell(("total", q), f"K{q} {now.year}")) for q in quarters
        ],
        being_counted=being_counted(scope, period, None),
    )
    titles = {key: str(dimension.title) for key, dimension in DIMENSIONS.items()}
    titles["measures"] = _("Maatregelen")
    for key, title in titles.items():
        rows = list(now.rows[key])
        rows += [row for row in before.rows[key] if row not in rows]
        dashboard.tables[key] = Table(
            key,
            title,
            [label for _k, label in rows],
            [k for k, _label in rows],
            [now.cell((key, k, current), label) for k, label in rows],
            [before.cell((key, k, earlier), label) for k, label in rows],
        )
    people = _stored(scope, period, None).filter(dimension=tallies.REPEAT_PERSON).values("key").distinct()
    # A count of people, not incidents: in no sum with another figure.
    dashboard.repeat_people = disclosure.shown(people.count())
    dashboard.repeat_share = now.rate("repeat_share", current)
    dashboard.aangifte = now.rate("aangifte", current)
    dashboard.aangifte_previous = before.rate("aangifte", earlier)
    dashboard.aftercare_on_time = now.rate("aftercare_on_time", current)
    dashboard.deadlines_met = now.rate("deadlines_met", current)
    return dashboard
