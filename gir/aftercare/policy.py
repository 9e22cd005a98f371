"""Access to aftercare: the talks and the quarterly report (DESIGN §1, §2.5). Who works
an incident's aftercare is the protocol's (gir.protocol.policy.can_work_aftercare)."""

from django.db.models import Q, QuerySet
from django.http import Http404

from gir.access.kernel import Actor, Capability, capabilities_of, has_capability
from gir.access.registry import register_check, register_menu
from gir.accounts.models import User
from gir.incidents.constants import IncidentStatus
from gir.incidents.models import Incident
from gir.incidents.policy import can_handle_incidents
from gir.protocol.policy import can_work_aftercare

from .models import Conversation


def aftercare_incidents(user: Actor) -> QuerySet[Incident]:
    """The incidents whose aftercare this user works."""
    submitted = ~Q(status=IncidentStatus.DRAFT)
    caps = capabilities_of(user)
    allowed: Q | None = None
    if Capability.WORK_AFTERCARE_STEPS in caps:
        allowed = Q(is_restricted=False)
    if Capability.HANDLE_ALL_INCIDENTS in caps or Capability.HANDLE_RESTRICTED_INCIDENTS in caps:
        allowed = Q(is_restricted=True) if allowed is None else allowed | Q(is_restricted=True)
    return Incident.objects.none() if allowed is None else Incident.objects.filter(submitted & allowed)


def has_aftercare_work(user: Actor) -> bool:
    return has_capability(user, Capability.WORK_AFTERCARE_STEPS)


def access_aftercare_incident(user: Actor, pk: int) -> Incident:
    incident = Incident.objects.select_related("team", "location").filter(pk=pk).first()
    if incident is None or not can_work_aftercare(user, incident):
        raise Http404
    return incident


def can_read_conversation(user: Actor, conversation: Conversation) -> bool:
    """What was said is for the aftercare role and the employee only (DESIGN §2.5);
    a manager or the coordinator sees that it took place, never the content."""
    return conversation.employee_id == user.pk or can_work_aftercare(user, conversation.incident)


def access_conversation(user: Actor, pk: int, *, work: bool = False) -> Conversation:
    """The conversation for its aftercare worker, or (work=False) also for its employee."""
    conversation = Conversation.objects.select_related("incident", "employee", "worker").filter(pk=pk).first()
    if conversation is None:
        raise Http404
    allowed = (
        can_work_aftercare(user, conversation.incident) if work else can_read_conversation(user, conversation)
    )
    if not allowed:
        raise Http404
    return conversation


def can_request_aftercare(user: Actor, incident: Incident) -> bool:
    """An employee the incident was aimed at may ask for aftercare, also long after."""
    if not isinstance(user, User) or incident.status == IncidentStatus.DRAFT:
        return False
    return incident.victims.filter(user=user).exists()


def can_read_aftercare_report(user: Actor) -> bool:
    return has_capability(user, Capability.READ_AFTERCARE_REPORT)


def _check_conversation(user: Actor, action: str, conversation: Conversation) -> bool:
    """The action "work": plan and record it; any other: read what was said."""
    if action == "work":
        return can_work_aftercare(user, conversation.incident)
    return can_read_conversation(user, conversation)


def _aftercare_report_in_menu(user: Actor) -> bool:
    # In the menu for directors; the aftercare team and the coordinator reach the
    # report from their worklist and the home page, keeping their menu short.
    return can_read_aftercare_report(user) and not has_aftercare_work(user) and not can_handle_incidents(user)


register_check(Conversation, _check_conversation)
register_menu("aftercare", has_aftercare_work)
register_menu("aftercare_report", _aftercare_report_in_menu)
register_menu("aftercare_report_page", can_read_aftercare_report)
