from typing import Any

from django.db.models import Prefetch, QuerySet

from gir.access.policy import incidents_handled_by, incidents_visible_to
from gir.accounts.constants import MembershipRole, Role
from gir.accounts.models import User

from .models import Incident, Victim


def _with_list_relations(queryset: QuerySet[Incident]) -> QuerySet[Incident]:
    return queryset.select_related("team", "location", "reporter").prefetch_related("behaviours")


def my_incidents(user: Any) -> QuerySet[Incident]:
    """Reports the user made or was the victim of ("Mijn meldingen")."""
    visible = incidents_visible_to(user)
    mine = visible.filter(reporter=user) | visible.filter(victims__user=user)
    return _with_list_relations(mine.distinct().order_by("-occurred_at", "-pk"))


def handled_incidents(user: Any, *, status: str = "") -> QuerySet[Incident]:
    queryset = incidents_handled_by(user)
    if status:
        queryset = queryset.filter(status=status)
    return _with_list_relations(queryset.order_by("-occurred_at", "-pk"))


def incident_detail(incident: Incident) -> Incident:
    """The incident with everything its page shows, in a fixed number of queries."""
    return (
        Incident.objects.select_related("reporter", "team", "location")
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
    users = User.objects.filter(is_active=True).exclude(email="")
    if incident.is_restricted:
        users = users.filter(roles__role__in=[Role.MAYOR, Role.CLERK, Role.COORDINATOR])
    elif incident.team_id:
        users = users.filter(
            memberships__team_id=incident.team_id,
            memberships__role=MembershipRole.MANAGER,
            roles__role=Role.TEAM_MANAGER,
        )
    else:
        users = users.filter(roles__role=Role.COORDINATOR)
    return incident, sorted(set(users.values_list("email", flat=True)))
