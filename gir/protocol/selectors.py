from typing import Any

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from gir.accounts.constants import UnitKind
from gir.accounts.models import OrganisationUnit, User
from gir.accounts.selectors import unit_and_below
from gir.core import clock
from gir.incidents.constants import IncidentStatus
from gir.incidents.models import Incident
from gir.incidents.policy import incidents_handled_by
from gir.incidents.selectors import with_figure_filters, with_list_relations

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


# --- The work list ------------------------------------------------------------------


def handled_incidents(user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Incident]:
    """The work list: incidents the user handles, those with overdue steps first, then
    by the next deadline (DESIGN §2.2). Counts come from aggregates, not per row."""
    filters = filters or {}
    queryset = incidents_handled_by(user)
    status = filters.get("status") or "open"
    if status == "open":
        queryset = queryset.filter(status__in=[IncidentStatus.REPORTED, IncidentStatus.IN_PROGRESS])
    elif status != "all":
        queryset = queryset.filter(status=status)
    if filters.get("handler"):
        queryset = queryset.filter(handler=filters["handler"])
    if filters.get("unit"):
        queryset = queryset.filter(team_id__in=unit_and_below(filters["unit"]))
    queryset = with_figure_filters(queryset, filters)
    open_steps = Step.objects.filter(incident=OuterRef("pk"), status=StepStatus.OPEN)
    if filters.get("step_kind"):
        queryset = queryset.filter(Exists(open_steps.filter(kind=filters["step_kind"])))
    if filters.get("step_owner"):
        queryset = queryset.filter(Exists(open_steps.filter(owner=filters["step_owner"])))
    # Overdue first is the same as the earliest open deadline first: the incident keeps it
    # (next_due_at), so the page is read off the work-list index. The step counts are
    # subqueries, computed for the rows of the page only.
    now = clock.now()
    per_incident = open_steps.order_by().values("incident").annotate(n=Count("pk")).values("n")
    overdue = (
        open_steps.filter(due_at__lt=now).order_by().values("incident").annotate(n=Count("pk")).values("n")
    )
    queryset = queryset.annotate(
        open_steps=Coalesce(Subquery(per_incident), 0),
        overdue_steps=Coalesce(Subquery(overdue), 0),
        next_due=F("next_due_at"),
    )
    return with_list_relations(
        queryset.order_by(F("next_due_at").asc(nulls_last=True), "-occurred_at", "-pk")
    )


def worklist_handlers(user: Any) -> QuerySet[User]:
    """The people who handle incidents in this user's work list, for the filter."""
    # One index probe per user rather than a DISTINCT over all handled incidents.
    handles = incidents_handled_by(user).filter(handler_id=OuterRef("pk"))
    return User.objects.filter(Exists(handles)).order_by("last_name", "first_name", "pk")


def worklist_units() -> QuerySet[OrganisationUnit]:
    return (
        OrganisationUnit.objects.filter(is_active=True).exclude(kind=UnitKind.ORGANISATION).order_by("name")
    )
