import datetime as dt
from typing import Any

from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    QuerySet,
)

from gir.access.kernel import Capability, users_with
from gir.core.clock import AMSTERDAM

from .models import Incident, IncidentBehaviour, Victim
from .policy import own_incident_ids


def with_list_relations(queryset: QuerySet[Incident]) -> QuerySet[Incident]:
    return queryset.select_related("team", "location", "reporter", "handler").prefetch_related("behaviours")


def my_incidents(user: Any) -> QuerySet[Incident]:
    """Reports the user made or was the victim of ("Mijn meldingen"), newest first."""
    mine = Incident.objects.filter(pk__in=own_incident_ids(user))
    return with_list_relations(mine.order_by("-occurred_at", "-pk"))


def with_figure_filters(queryset: QuerySet[Incident], filters: dict[str, Any]) -> QuerySet[Incident]:
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
