"""Reads of the requests of the people in the register, starting from the privacy policy."""

from django.db.models import F, Q, QuerySet

from gir.access.kernel import Actor
from gir.perpetrators.models import Perpetrator

from ..models import SubjectRequest
from ..policy import subject_requests_visible_to


def subject_request_rows(user: Actor, *, open_only: bool = False) -> QuerySet[SubjectRequest]:
    """The list page: open requests first, the oldest (nearest its term) on top; then the
    decided ones, the latest decision first. The person comes in the same query."""
    rows = subject_requests_visible_to(user).select_related("perpetrator")
    if open_only:
        rows = rows.filter(decision="")
    return rows.order_by(F("decided_on").desc(nulls_first=True), "received_on", "pk")


def person_requests(person: Perpetrator) -> QuerySet[SubjectRequest]:
    """A person's requests, those of records merged into theirs included, newest first
    (their page in the register)."""
    return SubjectRequest.objects.filter(Q(perpetrator=person) | Q(perpetrator__merged_into=person)).order_by(
        "-received_on", "-pk"
    )
