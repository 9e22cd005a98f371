import datetime as dt
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from gir.access.kernel import Capability, users_with
from gir.accounts.constants import UnitKind
from gir.accounts.models import OrganisationUnit, User
from gir.accounts.selectors import unit_and_below
from gir.core.clock import AMSTERDAM
from gir.protocol.constants import StepStatus
from gir.protocol.models import Step

from .constants import IncidentStatus
from .models import Incident, IncidentBehaviour, Victim
from .policy import incidents_handled_by, incidents_visible_to


def _with_list_relations(queryset: QuerySet[Incident]) -> QuerySet[Incident]:
    return queryset.select_related("team", "location", "reporter", "handler").prefetch_related("behaviours")


def my_incidents(user: Any) -> QuerySet[Incident]:
    """Reports the user made or was the victim of ("Mijn meldingen")."""
    visible = incidents_visible_to(user)
    mine = visible.filter(reporter=user) | visible.filter(victims__user=user)
    return _with_list_relations(mine.distinct().order_by("-occurred_at", "-pk"))


def _with_figure_filters(queryset: QuerySet[Incident], filters: dict[str, Any]) -> QuerySet[Incident]:
    """The filters the dashboard links with: when it happened (Amsterdam days) and one
    key of a breakdown, matching how gir.reports.figures counts them."""
    if filters.get("van"):
        queryset = queryset.filter(
            occurred_at__gte=dt.datetime.combine(filters["van"], dt.time(), tzinfo=AMSTERDAM)
        )
    if filters.get("tot"):
        day_after = filters["tot"] + dt.timedelta(days=1)
        queryset = queryset.filter(
            occurred_at__lt=dt.datetime.combine(day_after, dt.time(), tzinfo=AMSTERDAM)
        )
    if filters.get("gedrag"):
        queryset = queryset.filter(
            Exists(IncidentBehaviour.objects.filter(incident=OuterRef("pk"), kind=filters["gedrag"]))
        )
    if filters.get("functiegroep"):
        queryset = queryset.filter(
            Exists(
                Victim.objects.filter(incident=OuterRef("pk"), user__function_group=filters["functiegroep"])
            )
        )
    for name, field in (("ernst", "escalation_level"), ("soort", "aggression_type"), ("situatie", "setting")):
        if filters.get(name):
            queryset = queryset.filter(**{field: filters[name]})
    if filters.get("locatie"):
        queryset = queryset.filter(location=filters["locatie"])
    return queryset


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
    queryset = _with_figure_filters(queryset, filters)
    open_steps = Step.objects.filter(incident=OuterRef("pk"), status=StepStatus.OPEN)
    if filters.get("step_kind"):
        queryset = queryset.filter(Exists(open_steps.filter(kind=filters["step_kind"])))
    if filters.get("step_owner"):
        queryset = queryset.filter(Exists(open_steps.filter(owner=filters["step_owner"])))
    # Overdue first is the same as the earliest open deadline first: the incident keeps it
    # (next_due_at), so the page is read off the work-list index. The step counts are
    # subqueries, computed for the rows of the page only.
    now = timezone.now()
    per_incident = open_steps.order_by().values("incident").annotate(n=Count("pk")).values("n")
    overdue = (
        open_steps.filter(due_at__lt=now).order_by().values("incident").annotate(n=Count("pk")).values("n")
    )
    queryset = queryset.annotate(
        open_steps=Coalesce(Subquery(per_incident), 0),
        overdue_steps=Coalesce(Subquery(overdue), 0),
        next_due=F("next_due_at"),
    )
    return _with_list_relations(
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


def incident_detail(incident: Incident) -> Incident:
    """The incident with everything its page shows, in a fixed number of queries."""
    return (
        Incident.objects.select_related("reporter", "team", "location", "handler")
        .prefetch_related(
            "behaviours",
            Prefetch("victims", queryset=Victim.objects.select_related("user")),
            "evidence",
        )
        .get(pk=incident.pk)
    )


def new_report_recipients(incident_id: int) -> tuple[Incident | None, list[str]]:
    """Who is told of a new report: the team's managers, or for the restricted track
    the mayor, the clerk and the coordinator (001 §6.4)."""
    incident = Incident.objects.filter(pk=incident_id).first()
    if incident is None:
        return None, []
    if incident.is_restricted:
        users = users_with(Capability.HANDLE_RESTRICTED_INCIDENTS) | users_with(
            Capability.HANDLE_ALL_INCIDENTS
        )
    elif incident.team_id:
        users = users_with(Capability.HANDLE_TEAM_INCIDENTS, teams=[incident.team_id])
    else:
        users = users_with(Capability.HANDLE_ALL_INCIDENTS)
    return incident, sorted(set(users.exclude(email="").values_list("email", flat=True)))
