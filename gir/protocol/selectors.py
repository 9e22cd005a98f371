from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

from gir.incidents.models import Incident

from .constants import StepStatus
from .models import Step
from .policy import steps_owned_by


def my_tasks(user: Any) -> QuerySet[Step]:
    """The open steps that are this user's, the earliest deadline first."""
    return (
        steps_owned_by(user)
        .filter(status=StepStatus.OPEN)
        .select_related("incident", "incident__team", "incident__handler")
        .order_by("due_at", "pk")
    )


def plan_of(incident: Incident) -> list[Step]:
    """An incident's steps: open ones by deadline, then the rest."""
    return list(
        Step.objects.filter(incident=incident)
        .select_related("completed_by")
        .annotate(
            open_first=Case(
                When(status=StepStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("open_first", "due_at", "pk")
    )
