"""The lifetime of damage files (issue 19 item 4, ADR 0023): after the period the
descriptions and the claims' results go; kinds, amounts and dates stay (the books keep
them seven years, and totals per period stay right). An open claim holds its incident:
its evidence and police files stay while the claim runs."""

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gir.core.retention import Action, RecordKind, held, register_hold, register_kind

from .constants import CLOSED_CLAIM_STATUSES
from .models import DamageClaim, DamageItem


def open_claims() -> QuerySet[Any, Any]:
    """Incidents with a damage claim still running."""
    return DamageClaim.objects.exclude(status__in=CLOSED_CLAIM_STATUSES).values("incident_id")


def damage_due(cutoff: dt.datetime) -> QuerySet[Any, Any]:
    """Items of incidents closed before the cutoff that still carry text."""
    written = DamageClaim.objects.filter(items=OuterRef("pk")).exclude(result="")
    return (
        DamageItem.objects.filter(incident__closed_at__lt=cutoff)
        .filter(~Q(description="") | Exists(written))
        .exclude(held())
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def damage_wipe(ids: list[int]) -> int:
    count = DamageItem.objects.filter(pk__in=ids).update(description="")
    DamageClaim.objects.filter(items__in=ids).update(result="")
    return count


register_kind(
    RecordKind(
        key="damage",
        label=_("Schade en schadeverhaal: omschrijvingen"),
        action=Action.ANONYMISE,
        due=damage_due,
        erase=damage_wipe,
        order=40,
    )
)
register_hold("damage_claim", open_claims)
