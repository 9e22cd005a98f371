"""The figures of the dashboard and the trend reports (DESIGN §2.7; 003; 004 "Trendanalyse";
001 §7.2), for a period and optionally one department, with the period before it.

Every figure is one grouped query over the incidents in scope, whatever their number;
labels come from the choices or from the few units, locations and function groups, so
nothing loops over incidents in Python. Readers without case access get every figure
through gir.core.aggregates: no figure may point at one employee (001 §1.2, §4.3).
"""

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gir.accounts.constants import UnitKind
from gir.accounts.models import FunctionGroup, Location, OrganisationUnit
from gir.accounts.selectors import unit_and_below
from gir.core.aggregates import Cell, breakdown, shown
from gir.incidents.constants import AggressionType, BehaviourKind, EscalationLevel, IncidentStatus, Setting
from gir.incidents.models import Incident
from gir.perpetrators.constants import MeasureKind
from gir.perpetrators.models import Measure, PerpetratorIncident
from gir.police.constants import PoliceReportKind
from gir.police.models import PoliceReport
from gir.protocol.constants import StepKind, StepStatus
from gir.protocol.deadlines import AMSTERDAM
from gir.protocol.models import Step

MAX_PERIOD_DAYS = 3 * 366
MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


@dataclass(frozen=True)
class Period:
    """From `start` up to and including `end`, in Amsterdam days."""

    start: dt.date
    end: dt.date

    @classmethod
    def checked(cls, start: dt.date, end: dt.date) -> "Period":
        if end < start:
            raise ValidationError(
                _("De einddatum ligt voor de begindatum. Kies een einddatum na %(start)s.")
                % {"start": start.strftime("%d-%m-%Y")}
            )
        if (end - start).days > MAX_PERIOD_DAYS:
            raise ValidationError(_("Kies een periode van hoogstens drie jaar."))
        return cls(start, end)

    @classmethod
    def quarter_of(cls, day: dt.date) -> "Period":
        first_month = 3 * ((day.month - 1) // 3) + 1
        last_month = first_month + 2
        return cls(
            dt.date(day.year, first_month, 1),
            dt.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1]),
        )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        """The period of the same length just before this one."""
        return Period(self.start - dt.timedelta(days=self.days), self.start - dt.timedelta(days=1))

    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time(), tzinfo=AMSTERDAM)

    @property
    def end_before(self) -> dt.datetime:
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), tzinfo=AMSTERDAM)

    @property
    def label(self) -> str:
        return f"{self.start:%d-%m-%Y} – {self.end:%d-%m-%Y}"


def in_scope(base: QuerySet[Incident], period: Period, unit: OrganisationUnit | None) -> QuerySet[Incident]:
    """The submitted incidents of the period (by when they happened), in the unit if given."""
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
    # The incident field to group by, and how keys become labels (in a fixed order).
    field: str
    labels: Callable[[], list[tuple[object, str]]]
    # Several rows per incident (behaviours, victims): count incidents once per key.
    distinct: bool = False
    # Fold keys into others (a team into its department) before counting.
    fold: Callable[[], dict[object, object]] | None = None


def _choices(choices) -> Callable[[], list[tuple[object, str]]]:
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
        current = pk
        while current is not None and kinds.get(current) != UnitKind.DEPARTMENT:
            current = parents.get(current)
        folded[pk] = current
    return folded


DIMENSIONS: dict[str, Dimension] = {
    d.key: d
    for d in (
        Dimension(
            "behaviour",
            gettext_lazy("Soort gedrag"),
            "behaviours__kind",
            _choices(BehaviourKind.choices),
            distinct=True,
        ),
        Dimension(
            "level", gettext_lazy("Ernst (A–E)"), "escalation_level", _choices(EscalationLevel.choices)
        ),
        Dimension(
            "aggression_type",
            gettext_lazy("Soort agressie"),
            "aggression_type",
            _choices(AggressionType.choices),
        ),
        Dimension("setting", gettext_lazy("Situatie"), "setting", _choices(Setting.choices)),
        Dimension(
            "location",
            gettext_lazy("Locatie"),
            "location_id",
            lambda: list(Location.objects.order_by("name").values_list("pk", "name")),
        ),
        Dimension("department", gettext_lazy("Afdeling"), "team_id", _departments, fold=team_departments),
        Dimension(
            "function_group",
            gettext_lazy("Functiegroep"),
            "victims__user__function_group_id",
            lambda: list(FunctionGroup.objects.order_by("name").values_list("pk", "name")),
            distinct=True,
        ),
    )
}
UNKNOWN = gettext_lazy("Niet ingevuld")


def counts_by(dimension: Dimension, incidents: QuerySet[Incident]) -> list[tuple[object, str, int]]:
    """(key, label, count) for every label, zeros included, then "niet ingevuld"."""
    counter = Count("pk", distinct=True) if dimension.distinct else Count("pk")
    raw = incidents.order_by().values_list(dimension.field).annotate(n=counter)
    counts: dict[object, int] = {}
    folded = dimension.fold() if dimension.fold else None
    for key, n in raw:
        key = folded.get(key) if folded is not None else key
        key = None if key == "" else key
        counts[key] = counts.get(key, 0) + n
    rows = [(key, label, counts.pop(key, 0)) for key, label in dimension.labels()]
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


def _aangifte(incidents: QuerySet[Incident]) -> tuple[int, int]:
    """Incidents with an aangifte, of those where the protocol expected one (001 §9.3)."""
    # Uncorrelated IN-subqueries: a semi-join and a hashed lookup, not two subqueries per
    # incident (1.5 s -> 0.3 s per period at a million incidents; README "Speed of the dashboard").
    expected = Step.objects.filter(kind=StepKind.POLICE_REPORT).exclude(status=StepStatus.LAPSED)
    filed = PoliceReport.objects.filter(kind=PoliceReportKind.AANGIFTE)
    result = (
        incidents.order_by()
        .filter(pk__in=expected.values("incident_id"))
        .aggregate(whole=Count("pk"), part=Count("pk", filter=Q(pk__in=filed.values("incident_id"))))
    )
    return result["part"], result["whole"]


def _on_time(steps: QuerySet[Step], now: dt.datetime) -> tuple[int, int]:
    """Steps done or waived by their deadline, of those done, waived or past their deadline."""
    settled = Q(status__in=[StepStatus.DONE, StepStatus.WAIVED])
    due = settled | Q(status=StepStatus.OPEN, due_at__lt=now)
    result = steps.order_by().aggregate(
        whole=Count("pk", filter=due), part=Count("pk", filter=settled & Q(completed_at__lte=F("due_at")))
    )
    return result["part"], result["whole"]


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
        previous = self.previous or [None] * len(self.current)
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


def _table(
    key: str,
    title: str,
    rows: list[tuple[object, str, int]],
    previous: list[tuple[object, str, int]] | None,
    *,
    suppress: bool,
    total_shown: bool = True,
) -> Table:
    def cells(counts: list[tuple[object, str, int]]) -> list[Cell]:
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


def _months(incidents: QuerySet[Incident], period: Period) -> list[tuple[object, str, int]]:
    raw = dict(
        incidents.order_by()
        .annotate(month=TruncMonth("occurred_at", tzinfo=AMSTERDAM))
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    counts = {(m.year, m.month) if isinstance(m, dt.date) else None: n for m, n in raw.items()}
    rows, year, month = [], period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        rows.append((dt.date(year, month, 1), f"{MONTHS[month - 1]} {year}", counts.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return rows


def quarters_of(months: list[tuple[object, str, int]]) -> list[tuple[object, str, int]]:
    """The month rows folded into quarters."""
    folded: dict[tuple[int, int], int] = {}
    for day, _label, n in months:
        key = (day.year, (day.month - 1) // 3 + 1)
        folded[key] = folded.get(key, 0) + n
    return [(dt.date(y, 3 * q - 2, 1), f"K{q} {y}", n) for (y, q), n in folded.items()]


def _repeat(incidents: QuerySet[Incident], period: Period) -> tuple[int, int, int]:
    """People in the period's incidents with more than one incident up to its end;
    the incidents they are linked to; the incidents linked to anyone."""
    links = PerpetratorIncident.objects.filter(incident__in=incidents.values("pk"))
    earlier = PerpetratorIncident.objects.filter(
        perpetrator_id=OuterRef("perpetrator_id"), incident__occurred_at__lt=period.end_before
    ).exclude(pk=OuterRef("pk"))
    marked = links.annotate(repeat=Exists(earlier))
    people = marked.filter(repeat=True).values("perpetrator_id").distinct().count()
    result = marked.aggregate(
        by_repeat=Count("incident_id", distinct=True, filter=Q(repeat=True)),
        linked=Count("incident_id", distinct=True),
    )
    return people, result["by_repeat"], result["linked"]


def build(
    base: QuerySet[Incident], period: Period, unit: OrganisationUnit | None, *, suppress: bool
) -> Dashboard:
    """The dashboard of `base` (the incidents the reader's role covers) for the period and unit."""
    now = timezone.now()
    previous = period.previous()
    current_scope, previous_scope = in_scope(base, period, unit), in_scope(base, previous, unit)
    total, total_previous = current_scope.count(), previous_scope.count()
    show = shown if suppress else str
    months = _months(current_scope, period)
    dashboard = Dashboard(
        period=period,
        previous=previous,
        suppressed=suppress,
        total=show(total),
        total_previous=show(total_previous),
        total_count=total,
        months=_table("month", _("Per maand"), months, None, suppress=suppress),
    )
    for key, dimension in DIMENSIONS.items():
        rows, before = counts_by(dimension, current_scope), counts_by(dimension, previous_scope)
        # "Niet ingevuld" may occur in one period only: both get the row.
        for one, other in ((rows, before), (before, rows)):
            if len(one) < len(other):
                one.append((None, str(UNKNOWN), 0))
        dashboard.tables[key] = _table(
            key,
            str(dimension.title),
            rows,
            before,
            suppress=suppress,
            # Behaviours and function groups overlap: their cells do not add up to the total.
            total_shown=not dimension.distinct,
        )
    measure_rows = dict(
        Measure.objects.filter(incidents__in=current_scope.values("pk"))
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk", distinct=True))
    )
    measure_previous = dict(
        Measure.objects.filter(incidents__in=previous_scope.values("pk"))
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk", distinct=True))
    )
    dashboard.tables["measures"] = _table(
        "measures",
        _("Maatregelen"),
        [(k, str(label), measure_rows.get(k, 0)) for k, label in MeasureKind.choices],
        [(k, str(label), measure_previous.get(k, 0)) for k, label in MeasureKind.choices],
        suppress=suppress,
        total_shown=False,
    )
    people, by_repeat, linked = _repeat(current_scope, period)
    dashboard.repeat_people = show(people)
    dashboard.repeat_share = rate(by_repeat, linked, suppress=suppress)
    dashboard.aangifte = rate(*_aangifte(current_scope), suppress=suppress)
    dashboard.aangifte_previous = rate(*_aangifte(previous_scope), suppress=suppress)
    steps = Step.objects.filter(incident__in=current_scope.values("pk"))
    dashboard.aftercare_on_time = rate(
        *_on_time(steps.filter(kind=StepKind.AFTERCARE, rule__code="aftercare-first"), now), suppress=suppress
    )
    dashboard.deadlines_met = rate(*_on_time(steps.filter(is_required=True), now), suppress=suppress)
    return dashboard
