"""Access to the audit log's reader screen (DESIGN §1; issue 17 item 7): the privacy
officer's only, and the privacy officer sees nothing else through it (no case content)."""

from django.db.models import QuerySet
from django.http import Http404

from gir.access.kernel import Actor, Capability, has_capability
from gir.access.registry import register_menu
from gir.perpetrators.models import Perpetrator
from gir.perpetrators.policy import access_perpetrator, perpetrators_visible_to

from .models import SubjectRequest


def can_read_audit_log(user: Actor) -> bool:
    return has_capability(user, Capability.READ_AUDIT_LOG)


register_menu("audit_log", can_read_audit_log)


# --- The rights of the person in the register (issue 19 item 5) ----------------------


def can_handle_subject_requests(user: Actor) -> bool:
    """Record and decide a person's requests and make their art. 15 overview: the
    coordinator and legal, who already read the whole register."""
    return has_capability(user, Capability.HANDLE_SUBJECT_REQUESTS)


def can_list_subject_requests(user: Actor) -> bool:
    """The list of requests with their terms: who handles them, and the privacy officer,
    who follows them without seeing names or content."""
    return can_handle_subject_requests(user) or has_capability(user, Capability.FOLLOW_SUBJECT_REQUESTS)


def subject_requests_visible_to(user: Actor) -> QuerySet[SubjectRequest]:
    if can_list_subject_requests(user):
        return SubjectRequest.objects.all()
    return SubjectRequest.objects.none()


def access_subject_person(user: Actor, pk: int) -> Perpetrator:
    """The person whose rights one handles, or 404: only for who handles requests and may
    read that person in the register."""
    if not can_handle_subject_requests(user):
        raise Http404
    return access_perpetrator(user, pk)


def access_subject_request(user: Actor, pk: int) -> SubjectRequest:
    """A request to decide, or 404 (the same for a request that does not exist)."""
    if not can_handle_subject_requests(user):
        raise Http404
    found = (
        SubjectRequest.objects.filter(pk=pk, perpetrator__in=perpetrators_visible_to(user).values("pk"))
        .select_related("perpetrator")
        .first()
    )
    if found is None:
        raise Http404
    return found


register_menu("subject_requests", can_list_subject_requests)


# The retention schedule (issue 19 item 4, ADR 0023): the coordinator and the privacy
# officer adjust the periods and read the deletion log; the coordinator sets legal holds.
def can_manage_retention(user: Actor) -> bool:
    return has_capability(user, Capability.MANAGE_RETENTION)


def can_set_legal_holds(user: Actor) -> bool:
    return has_capability(user, Capability.SET_LEGAL_HOLDS)


register_menu("retention", can_manage_retention)
register_menu("legal_holds", can_set_legal_holds)
