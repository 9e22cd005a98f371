"""Access to incidents and their evidence (DESIGN §1). Views, API, selectors and
templates ask this module; it builds on the kernel's capabilities (gir.access.kernel).

Capabilities plus the user's relation to the incident (reporter, victim, manager of
its team, its handler) decide what is visible and what may be done.
"""

from enum import StrEnum

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import Combinable
from django.http import Http404

from gir.access.kernel import (
    Actor,
    Capability,
    capabilities_of,
    has_capability,
    managed_team_ids,
    users_with,
)
from gir.access.registry import register_check, register_menu
from gir.accounts.models import TeamMembership, User

from .constants import IncidentStatus
from .models import Evidence, Incident, Victim


class IncidentAction(StrEnum):
    VIEW = "view"
    EDIT = "edit"
    VIEW_HISTORY = "view_history"
    ADD_EVIDENCE = "add_evidence"
    VIEW_PERPETRATOR = "view_perpetrator"
    # Lifecycle and plan (DESIGN §2.2).
    ASSIGN_HANDLER = "assign_handler"
    CLOSE = "close"
    REOPEN = "reopen"


def handled_filter(user: Actor) -> Q | None:
    """The submitted incidents this user handles by role, as a filter; None for none."""
    caps = capabilities_of(user)
    submitted = ~Q(status=IncidentStatus.DRAFT)
    if Capability.HANDLE_ALL_INCIDENTS in caps:
        return submitted
    handled: Q | None = None
    if Capability.HANDLE_TEAM_INCIDENTS in caps:
        # The team's incidents, and any incident assigned to this manager.
        handled = Q(is_restricted=False, team_id__in=managed_team_ids(user)) | Q(
            is_restricted=False, handler_id=user.pk
        )
    if Capability.HANDLE_RESTRICTED_INCIDENTS in caps:
        restricted = Q(is_restricted=True)
        handled = restricted if handled is None else handled | restricted
    return None if handled is None else submitted & handled


def incidents_visible_to(user: Actor) -> QuerySet[Incident]:
    """Every incident the user may see: own reports (drafts too), submitted incidents
    the user is a victim of, and those the user handles by role."""
    if not isinstance(user, User) or not capabilities_of(user):
        return Incident.objects.none()
    is_victim = Exists(Victim.objects.filter(incident=OuterRef("pk"), user=user))
    visible: Q | Combinable = Q(reporter=user) | (~Q(status=IncidentStatus.DRAFT) & is_victim)
    handled = handled_filter(user)
    if handled is not None:
        visible |= handled
    return Incident.objects.filter(visible)


def own_incidents(user: Actor) -> tuple[QuerySet[Incident], QuerySet[Incident]]:
    """The user's own incidents ("Mijn meldingen") in two parts that never overlap: those
    they reported (drafts too), and the submitted ones they are a victim of but did not
    report. Both lie within incidents_visible_to; each is read off an index (the
    reporter's; the victim's user and incident, less the reported ids), rather than an
    OR across a join with DISTINCT, which read every incident (issue 18)."""
    if not isinstance(user, User) or not capabilities_of(user):
        return Incident.objects.none(), Incident.objects.none()
    reported = Incident.objects.filter(reporter=user)
    victim_of = (
        Victim.objects.filter(user=user)
        .order_by()
        .values_list("incident_id", flat=True)
        .difference(reported.order_by().values_list("pk", flat=True))
    )
    suffered = Incident.objects.filter(pk__in=victim_of).exclude(status=IncidentStatus.DRAFT)
    return reported, suffered


def incidents_handled_by(user: Actor) -> QuerySet[Incident]:
    """The submitted incidents the user handles by role (the work list)."""
    handled = handled_filter(user)
    return Incident.objects.none() if handled is None else Incident.objects.filter(handled)


def is_handler(user: Actor, incident: Incident) -> bool:
    if incident.status == IncidentStatus.DRAFT:
        return False
    caps = capabilities_of(user)
    if Capability.HANDLE_ALL_INCIDENTS in caps:
        return True
    if incident.is_restricted:
        return Capability.HANDLE_RESTRICTED_INCIDENTS in caps
    if Capability.HANDLE_TEAM_INCIDENTS not in caps:
        return False
    return incident.handler_id == user.pk or incident.team_id in managed_team_ids(user)


def may_be_handler(user: Actor, incident: Incident) -> bool:
    """Who an incident may be assigned to: for the restricted track the mayor, the
    clerk or the coordinator (001 §6.4); otherwise a manager or the coordinator."""
    caps = capabilities_of(user)
    if Capability.HANDLE_ALL_INCIDENTS in caps:
        return True
    if incident.is_restricted:
        return Capability.HANDLE_RESTRICTED_INCIDENTS in caps
    return Capability.HANDLE_TEAM_INCIDENTS in caps


def can_act_on_incident(user: Actor, action: str, incident: Incident) -> bool:
    """May this user do this to this incident? Assumes the incident came through
    incidents_visible_to (access_incident does that)."""
    if not capabilities_of(user):
        return False
    is_reporter = incident.reporter_id == user.pk
    if action == IncidentAction.VIEW:
        return incidents_visible_to(user).filter(pk=incident.pk).exists()
    if incident.status == IncidentStatus.CLOSED:
        return action in {
            IncidentAction.VIEW_HISTORY,
            IncidentAction.VIEW_PERPETRATOR,
            IncidentAction.REOPEN,
        } and is_handler(user, incident)
    if action in {IncidentAction.ASSIGN_HANDLER, IncidentAction.CLOSE}:
        return is_handler(user, incident)
    if action == IncidentAction.REOPEN:
        return False
    if action in {IncidentAction.EDIT, IncidentAction.ADD_EVIDENCE}:
        return is_reporter or is_handler(user, incident)
    if action == IncidentAction.VIEW_HISTORY:
        return is_handler(user, incident)
    if action == IncidentAction.VIEW_PERPETRATOR:
        return is_reporter or is_handler(user, incident)
    return False


def access_incident(user: Actor, pk: int, *, action: IncidentAction) -> Incident:
    """The incident for this action, or 404 — never revealing whether it exists."""
    incident = incidents_visible_to(user).select_related("reporter", "team", "location").filter(pk=pk).first()
    if incident is None or (
        action != IncidentAction.VIEW and not can_act_on_incident(user, action, incident)
    ):
        raise Http404
    return incident


def access_evidence(user: Actor, incident_pk: int, evidence_pk: int) -> Evidence:
    incident = access_incident(user, incident_pk, action=IncidentAction.VIEW)
    evidence = Evidence.objects.filter(incident=incident, pk=evidence_pk).first()
    if evidence is None:
        raise Http404
    return evidence


def victim_choices_for(user: Actor) -> QuerySet[User]:
    """Colleagues a reporter may name as victim: members of the teams the user is in
    or manages. Anyone else is named in free text."""
    if not isinstance(user, User):
        return User.objects.none()
    team_ids = TeamMembership.objects.filter(user=user).values("team_id")
    return (
        User.objects.filter(is_active=True, memberships__team_id__in=team_ids)
        .exclude(pk=user.pk)
        .distinct()
        .order_by("last_name", "first_name")
    )


def can_handle_incidents(user: Actor) -> bool:
    return handled_filter(user) is not None


def can_report(user: Actor) -> bool:
    return has_capability(user, Capability.REPORT_INCIDENT)


def handler_candidates(incident: Incident) -> QuerySet[User]:
    """The active users an incident may be assigned to (see may_be_handler)."""
    wanted = (
        Capability.HANDLE_RESTRICTED_INCIDENTS if incident.is_restricted else Capability.HANDLE_TEAM_INCIDENTS
    )
    return (users_with(Capability.HANDLE_ALL_INCIDENTS) | users_with(wanted)).order_by(
        "last_name", "first_name", "pk"
    )


register_check(Incident, can_act_on_incident)
register_menu("report", can_report)
register_menu("worklist", can_handle_incidents)
