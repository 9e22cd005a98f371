"""Reads of the register and of measures, starting from the access policy."""

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from .constants import RECEPTION_KINDS, MeasureKind, MeasureStatus
from .models import Measure, Perpetrator


def active_measures(*, today: dt.date | None = None) -> QuerySet[Measure]:
    """Measures in force today: active, started, not past their end date. The dates
    are checked here too, so an expired measure drops off even before the nightly
    task has marked it ended (001 §8.1)."""
    today = today or timezone.localdate()
    return Measure.objects.filter(
        Q(starts_on__isnull=True) | Q(starts_on__lte=today),
        Q(ends_on__isnull=True) | Q(ends_on__gte=today),
        status=MeasureStatus.ACTIVE,
    )


def reception_people(*, today: dt.date | None = None) -> QuerySet[Perpetrator]:
    """The people reception may see: those with a measure in force that matters at
    the desk, each with those measures prefetched, and nothing else about them."""
    in_force = active_measures(today=today).filter(kind__in=RECEPTION_KINDS)
    return (
        Perpetrator.objects.filter(pk__in=in_force.values("perpetrator_id"), forgotten_at__isnull=True)
        .only("pk", "full_name", "photo", "search_text")
        .prefetch_related(
            Prefetch("measures", queryset=in_force.order_by("kind", "ends_on"), to_attr="measures_in_force")
        )
    )


def active_bans(*, today: dt.date | None = None) -> QuerySet[Measure]:
    """The binder of 001 §8.1: every building ban in force, with its person."""
    return (
        active_measures(today=today)
        .filter(kind=MeasureKind.BUILDING_BAN)
        .select_related("perpetrator")
        .order_by("perpetrator__full_name", "ends_on")
    )
