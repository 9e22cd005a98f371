"""Reads of damage and claims, and their totals per incident and per period (DESIGN §2.4,
§2.7). Totals are database aggregates: the trend reports run them over every incident.

Items and claims are summed in separate queries (or separate subqueries): joining both
to the incident would repeat every item once per claim and every claim once per item."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from gir.incidents.models import Incident
from gir.letters.models import Letter

from .constants import CLOSED_CLAIM_STATUSES, DamageKind, DamageOwner
from .models import DamageClaim, DamageItem

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)

# name -> (the summed expression, the rows it counts; None: all)
ITEM_SUMS: dict[str, tuple[Any, Q | None]] = {
    "items_total": (F("amount"), None),
    "material": (F("amount"), Q(kind=DamageKind.MATERIAL)),
    "immaterial": (F("amount"), Q(kind=DamageKind.IMMATERIAL)),
    "employee": (F("amount"), Q(owner=DamageOwner.EMPLOYEE)),
    "organisation": (F("amount"), Q(owner=DamageOwner.ORGANISATION)),
    "advanced": (F("advanced_amount"), None),
}
OPEN_CLAIM = ~Q(status__in=CLOSED_CLAIM_STATUSES)
CLAIM_SUMS: dict[str, tuple[Any, Q | None]] = {
    "claimed": (F("amount_claimed"), None),
    "recovered": (F("amount_recovered"), None),
    # What may still come in: claimed minus received, of the claims still running.
    "outstanding": (F("amount_claimed") - F("amount_recovered"), OPEN_CLAIM),
}
TOTAL_NAMES = (*ITEM_SUMS, *CLAIM_SUMS)


def _sum(expression: Any, condition: Q | None) -> Coalesce:
    return Coalesce(Sum(expression, filter=condition, output_field=MONEY), Value(ZERO), output_field=MONEY)


def _item_sums() -> dict[str, Coalesce]:
    return {name: _sum(expression, condition) for name, (expression, condition) in ITEM_SUMS.items()}


def _claim_sums() -> dict[str, Coalesce]:
    return {name: _sum(expression, condition) for name, (expression, condition) in CLAIM_SUMS.items()}


def empty_totals() -> dict[str, Decimal]:
    return dict.fromkeys(TOTAL_NAMES, ZERO)


# --- One incident ------------------------------------------------------------------------


def incident_items(incident: Incident) -> QuerySet[DamageItem]:
    return DamageItem.objects.filter(incident=incident).order_by("created_at", "pk")


def incident_claims(incident: Incident) -> QuerySet[DamageClaim]:
    """The incident's claims with their person, items, measure and the measure's letters."""
    return (
        DamageClaim.objects.filter(incident=incident)
        .select_related("perpetrator", "measure")
        .prefetch_related(
            Prefetch("items", queryset=DamageItem.objects.order_by("pk")),
            Prefetch(
                "measure__letters",
                queryset=Letter.objects.select_related("template").order_by("-issued_at", "-pk"),
            ),
        )
        .order_by("claimed_on", "pk")
    )


def incident_totals(incident: Incident) -> dict[str, Any]:
    """The incident's damage and recovery in two queries: its items, then its claims
    (with item_count, claim_count and open_claim_count besides the sums)."""
    totals: dict[str, Any] = DamageItem.objects.filter(incident=incident).aggregate(
        **_item_sums(), item_count=Count("pk")
    )
    totals.update(
        DamageClaim.objects.filter(incident=incident).aggregate(
            **_claim_sums(), claim_count=Count("pk"), open_claim_count=Count("pk", filter=OPEN_CLAIM)
        )
    )
    return totals


def has_damage(incident: Incident) -> bool:
    """Whether anything of damage was recorded for the incident (one query)."""
    return Incident.objects.filter(pk=incident.pk).filter(_has_damage_q()).exists()


def _has_damage_q() -> Q:
    return Q(Exists(DamageItem.objects.filter(incident=OuterRef("pk")))) | Q(
        Exists(DamageClaim.objects.filter(incident=OuterRef("pk")))
    )


def with_damage_totals(incidents: QuerySet[Incident]) -> QuerySet[Incident]:
    """The incidents, each annotated with every total as a correlated subquery (one
    query for a whole page of incidents, whatever the number of items and claims)."""
    annotations: dict[str, Any] = {}
    for model, sums in ((DamageItem, ITEM_SUMS), (DamageClaim, CLAIM_SUMS)):
        for name, (expression, condition) in sums.items():
            rows = model.objects.filter(incident=OuterRef("pk"))
            if condition is not None:
                rows = rows.filter(condition)
            total = (
                rows.order_by()
                .values("incident")
                .annotate(total=Sum(expression, output_field=MONEY))
                .values("total")
            )
            annotations[f"damage_{name}"] = Coalesce(Subquery(total, output_field=MONEY), Value(ZERO))
    return incidents.annotate(**annotations)


def incidents_with_damage(incidents: QuerySet[Incident]) -> QuerySet[Incident]:
    """Those of the incidents that have damage items or claims."""
    return incidents.filter(_has_damage_q())


# --- A period ----------------------------------------------------------------------------


def period_bound(day: dt.date | dt.datetime) -> dt.datetime:
    """A period's edge as an aware datetime: a date means its local midnight."""
    if isinstance(day, dt.datetime):
        return day if timezone.is_aware(day) else timezone.make_aware(day)
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _in_period(
    start: dt.date | dt.datetime, end: dt.date | dt.datetime, incidents: QuerySet[Incident] | None
) -> Q:
    """Rows of incidents that occurred in [start, end) (local midnight for a date)."""
    condition = Q(incident__occurred_at__gte=period_bound(start), incident__occurred_at__lt=period_bound(end))
    if incidents is not None:
        condition &= Q(incident__in=incidents.values("pk"))
    return condition


def period_totals(
    start: dt.date | dt.datetime,
    end: dt.date | dt.datetime,
    incidents: QuerySet[Incident] | None = None,
) -> dict[str, Decimal]:
    """The totals over the incidents (all, or those given) that occurred in [start, end):
    two queries."""
    condition = _in_period(start, end, incidents)
    totals = DamageItem.objects.filter(condition).aggregate(**_item_sums())
    totals.update(DamageClaim.objects.filter(condition).aggregate(**_claim_sums()))
    return totals


def _month(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return value.replace(day=1)


def period_months(
    start: dt.date | dt.datetime,
    end: dt.date | dt.datetime,
    incidents: QuerySet[Incident] | None = None,
) -> list[dict[str, Any]]:
    """One row per calendar month of [start, end), by the month the incident occurred,
    with the same totals (months without damage are zero). Two grouped queries; the
    Python loop runs over the months, not over rows."""
    condition = _in_period(start, end, incidents)
    month = TruncMonth("incident__occurred_at", tzinfo=timezone.get_current_timezone())
    grouped: dict[dt.date, dict[str, Decimal]] = {}
    for model, sums in ((DamageItem, _item_sums()), (DamageClaim, _claim_sums())):
        rows = model.objects.filter(condition).annotate(month=month).order_by().values("month")
        for row in rows.annotate(**sums).values("month", *sums):
            totals = grouped.setdefault(_month(row.pop("month")), empty_totals())
            totals.update(row)
    first = _month(timezone.localtime(period_bound(start)))
    last = timezone.localtime(period_bound(end) - dt.timedelta(microseconds=1))
    months = []
    current = first
    while current <= last.date():
        months.append({"month": current, **grouped.get(current, empty_totals())})
        current = (current + dt.timedelta(days=32)).replace(day=1)
    return months
