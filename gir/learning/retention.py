"""The lifetime of incident evaluations (issue 19 item 4, ADR 0023): the written
account goes after the period; the causes' kinds, categories and factors stay, so the
learning analyses keep their counts, and so do the improvement actions."""

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gir.core.retention import Action, RecordKind, register_kind

from .constants import EvaluationStatus
from .models import Cause, Evaluation

WIPED_FIELDS = ("description", "what_helped", "obstacles", "recurrence_risk")


def evaluations_due(cutoff: dt.datetime) -> QuerySet[Any, Any]:
    written = Q()
    for field in WIPED_FIELDS:
        written |= ~Q(**{field: ""})
    written |= Q(causes__in=Cause.objects.filter(~Q(description="") | ~Q(no_action_reason="")))
    return (
        Evaluation.objects.filter(written, status=EvaluationStatus.FINAL, finished_at__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )


def evaluations_wipe(ids: list[int]) -> int:
    count = Evaluation.objects.filter(pk__in=ids).update(**dict.fromkeys(WIPED_FIELDS, ""))
    Cause.objects.filter(evaluation_id__in=ids).update(description="", no_action_reason="")
    return count


register_kind(
    RecordKind(
        key="evaluations",
        label=_("Incidentevaluaties"),
        action=Action.ANONYMISE,
        due=evaluations_due,
        erase=evaluations_wipe,
        order=60,
    )
)
