"""Access to evaluations, the catalogue, improvement plans and team meetings (DESIGN §2.6)."""

from django.db.models import Q, QuerySet
from django.http import Http404

from gir.access.kernel import Actor, Capability, capabilities_of, has_capability, managed_team_ids
from gir.access.registry import register_check, register_menu
from gir.incidents.models import Incident
from gir.incidents.policy import incidents_visible_to, is_handler

from .models import ImprovementAction, TeamMeeting


def can_evaluate(user: Actor, incident: Incident) -> bool:
    """The structured evaluation is the handler's, as its protocol step (004 §6)."""
    return is_handler(user, incident)


def access_evaluation_incident(user: Actor, pk: int) -> Incident:
    """The incident whose evaluation the user may read and write, or 404."""
    incident = incidents_visible_to(user).select_related("team").filter(pk=pk).first()
    if incident is None or not can_evaluate(user, incident):
        raise Http404
    return incident


def can_manage_catalogue(user: Actor) -> bool:
    return has_capability(user, Capability.MANAGE_LEARNING)


def plan_team_ids(user: Actor) -> frozenset[int] | None:
    """The teams whose improvement plan the user keeps: every team (None) for the
    coordinator, the managed teams for a team manager, none for others."""
    if has_capability(user, Capability.MANAGE_LEARNING):
        return None
    return managed_team_ids(user)


def can_keep_plan(user: Actor, team_id: int | None) -> bool:
    """Whether the user adds and changes actions of this team's plan (team_id None:
    the organisation's plan, the coordinator's)."""
    teams = plan_team_ids(user)
    if teams is None:
        return True
    return team_id is not None and team_id in teams


def can_read_plans(user: Actor) -> bool:
    caps = capabilities_of(user)
    return bool(
        caps
        & {Capability.MANAGE_LEARNING, Capability.READ_IMPROVEMENT_PLANS, Capability.HANDLE_TEAM_INCIDENTS}
    )


def improvement_actions_visible_to(user: Actor) -> QuerySet[ImprovementAction]:
    """Every plan for the coordinator and directors; a team manager's teams' plans;
    and to anyone the actions they own."""
    caps = capabilities_of(user)
    if not caps:
        return ImprovementAction.objects.none()
    if caps & {Capability.MANAGE_LEARNING, Capability.READ_IMPROVEMENT_PLANS}:
        return ImprovementAction.objects.all()
    return ImprovementAction.objects.filter(Q(team_id__in=managed_team_ids(user)) | Q(owner=user))


def can_update_action(user: Actor, action: ImprovementAction) -> bool:
    """The plan's keeper changes everything; the owner reports status and result."""
    return can_keep_plan(user, action.team_id) or action.owner_id == getattr(user, "pk", None)


def access_improvement_action(user: Actor, pk: int) -> ImprovementAction:
    action = improvement_actions_visible_to(user).select_related("team", "owner").filter(pk=pk).first()
    if action is None:
        raise Http404
    return action


def access_team_meeting(user: Actor, pk: int) -> TeamMeeting:
    """A thematic team meeting, for who keeps that team's plan; else 404."""
    meeting = TeamMeeting.objects.select_related("team").filter(pk=pk).first()
    if meeting is None or not can_keep_plan(user, meeting.team_id):
        raise Http404
    return meeting


def _check_action(user: Actor, action: str, improvement: ImprovementAction) -> bool:
    """Every action on an improvement action is updating it."""
    return can_update_action(user, improvement)


register_check(ImprovementAction, _check_action)
register_menu("learning", can_read_plans)
