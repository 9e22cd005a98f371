"""The lifetime of self-assessments (the leerdoelwijzers, 004; issue 19 item 4, ADR
0019): an employee's answers and personal learning goal are deleted some years after
they were handed in (a draft: after it was last touched). A team's picture counts only
each employee's latest assessment, so a newer one keeps the picture as it is."""

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gir.core.retention import Action, RecordKind, register_kind

from .constants import AssessmentStatus
from .models import SelfAssessment


def assessments_due(cutoff: dt.datetime) -> QuerySet[Any, Any]:
    submitted = Q(status=AssessmentStatus.SUBMITTED, submitted_at__lt=cutoff)
    stale_draft = Q(status=AssessmentStatus.DRAFT, updated_at__lt=cutoff)
    return SelfAssessment.objects.filter(submitted | stale_draft).order_by("pk").values_list("pk", flat=True)


def assessments_delete(ids: list[int]) -> int:
    _total, per_model = SelfAssessment.objects.filter(pk__in=ids).delete()
    return per_model.get(SelfAssessment._meta.label, 0)


register_kind(
    RecordKind(
        key="self_assessments",
        label=_("Zelfscans en leerdoelwijzers"),
        action=Action.DELETE,
        due=assessments_due,
        erase=assessments_delete,
        order=70,
    )
)
