"""Access to the protocol: its steps, "Mijn taken" and its rules (DESIGN §2.2)."""

from django.db.models import Q, QuerySet
from django.http import Http404

from gir.access.kernel import Actor, Capability, capabilities_of, has_capability
from gir.access.registry import register_check, register_menu
from gir.incidents.constants import IncidentStatus
from gir.incidents.models import Incident
from gir.incidents.policy import is_handler

from .constants import StepOwner
from .models import Step

STEP_OWNING_CAPABILITIES = frozenset(
    {
        Capability.HANDLE_ALL_INCIDENTS,
        Capability.HANDLE_TEAM_INCIDENTS,
        Capability.HANDLE_RESTRICTED_INCIDENTS,
        Capability.WORK_AFTERCARE_STEPS,
        Capability.WORK_LEGAL_STEPS,
    }
)


def can_configure_protocol(user: Actor) -> bool:
    return has_capability(user, Capability.CONFIGURE_PROTOCOL)


def _step_owner_filter(user: Actor) -> Q | None:
    caps = capabilities_of(user)
    if not caps:
        return None
    owned = Q(owner=StepOwner.HANDLER, incident__handler_id=user.pk)
    if Capability.HANDLE_ALL_INCIDENTS in caps:
        # Steps of incidents without a handler fall to the coordinator.
        owned |= Q(owner=StepOwner.COORDINATOR) | Q(owner=StepOwner.HANDLER, incident__handler__isnull=True)
    if Capability.WORK_AFTERCARE_STEPS in caps:
        owned |= Q(owner=StepOwner.AFTERCARE, incident__is_restricted=False)
    if Capability.WORK_LEGAL_STEPS in caps:
        owned |= Q(owner=StepOwner.LEGAL, incident__is_restricted=False)
    return owned


def steps_owned_by(user: Actor) -> QuerySet[Step]:
    """The steps of open incidents that are this user's to do ("Mijn taken")."""
    owned = _step_owner_filter(user)
    if owned is None:
        return Step.objects.none()
    open_incident = Q(incident__status__in=[IncidentStatus.REPORTED, IncidentStatus.IN_PROGRESS])
    return Step.objects.filter(owned & open_incident)


def can_work_step(user: Actor, step: Step) -> bool:
    """May this user record the step as done or not needed? Its owner and the
    incident's handlers may; nobody may once the incident is closed."""
    incident = step.incident
    if incident.status not in {IncidentStatus.REPORTED, IncidentStatus.IN_PROGRESS}:
        return False
    if is_handler(user, incident):
        return True
    caps = capabilities_of(user)
    if incident.is_restricted:
        return False
    return (step.owner == StepOwner.AFTERCARE and Capability.WORK_AFTERCARE_STEPS in caps) or (
        step.owner == StepOwner.LEGAL and Capability.WORK_LEGAL_STEPS in caps
    )


def access_step(user: Actor, pk: int) -> Step:
    """The step for its owner or a handler of its incident, or 404."""
    related = ("incident", "incident__team", "incident__handler", "completed_by", "rule")
    step = Step.objects.select_related(*related).filter(pk=pk).first()
    if step is None or not can_work_step(user, step):
        raise Http404
    return step


def has_tasks_page(user: Actor) -> bool:
    """Whether "Mijn taken" is for this user: everyone who can own protocol steps."""
    return bool(capabilities_of(user) & STEP_OWNING_CAPABILITIES)


def can_work_aftercare(user: Actor, incident: Incident) -> bool:
    """Plan and record aftercare (the aftercare steps and talks): the aftercare role; on
    the restricted track its handlers, who keep everything of it (001 §6.4)."""
    if incident.status == IncidentStatus.DRAFT:
        return False
    if incident.is_restricted:
        return is_handler(user, incident)
    return has_capability(user, Capability.WORK_AFTERCARE_STEPS)


def _check_step(user: Actor, action: str, step: Step) -> bool:
    """Every action on a step is working it: recording it done or not needed."""
    return can_work_step(user, step)


register_check(Step, _check_step)
register_menu("tasks", has_tasks_page)
register_menu("protocol", can_configure_protocol)
