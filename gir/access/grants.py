"""The second person of a role grant (DESIGN §1; issue 17 item 6; docs/adr/0014).

Who may confirm or refuse a request for a role that sees case content is the access
policy's question: a holder of ``CONFIRM_ROLE_GRANTS`` (coordinator, director), never
the one who asked, never the one who would receive the role. The writes and the audit
entries are ``gir.accounts.services.role_grant_decide``'s; this module is the way in for
people, and tells those who may confirm that a request waits.
"""

from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

from gir.accounts.constants import GrantStatus
from gir.accounts.models import RoleGrantRequest, User
from gir.accounts.services import role_grant_decide

from .kernel import Actor, Capability, has_capability


def can_confirm_role_grants(user: Actor | None) -> bool:
    """The confirmation page and its menu entry."""
    return has_capability(user, Capability.CONFIRM_ROLE_GRANTS)


def may_decide(user: Actor | None, grant: RoleGrantRequest) -> bool:
    """Whether this user may confirm or refuse this open request."""
    return (
        isinstance(user, User)
        and can_confirm_role_grants(user)
        and grant.status == GrantStatus.PENDING
        and user.pk not in (grant.user_id, grant.requested_by_id)
    )


def pending_grants() -> QuerySet[RoleGrantRequest]:
    return (
        RoleGrantRequest.objects.filter(status=GrantStatus.PENDING)
        .select_related("user", "team", "requested_by")
        .order_by("requested_at", "pk")
    )


def decided_grants() -> QuerySet[RoleGrantRequest]:
    return (
        RoleGrantRequest.objects.exclude(status=GrantStatus.PENDING)
        .select_related("user", "team", "requested_by", "decided_by")
        .order_by("-decided_at", "-pk")
    )


def _decide(*, actor: Actor, grant: RoleGrantRequest, confirm: bool, reason: str) -> RoleGrantRequest:
    if not isinstance(actor, User) or not can_confirm_role_grants(actor):
        raise PermissionDenied
    from .tasks import notify_role_grant_decided

    with transaction.atomic():
        decided = role_grant_decide(actor=actor, grant=grant, confirm=confirm, reason=reason)
        transaction.on_commit(partial(notify_role_grant_decided.enqueue, decided.pk))
    return decided


def role_grant_confirm(*, actor: Actor, grant: RoleGrantRequest) -> RoleGrantRequest:
    """Confirm: the role (or managing the team) takes effect now. ValidationError with a
    Dutch message for the one who asked and the one who would receive it."""
    return _decide(actor=actor, grant=grant, confirm=True, reason="")


def role_grant_refuse(*, actor: Actor, grant: RoleGrantRequest, reason: str) -> RoleGrantRequest:
    """Refuse, with a reason (required)."""
    return _decide(actor=actor, grant=grant, confirm=False, reason=reason)


def on_role_grant_requested(sender: Any, grant: RoleGrantRequest, **kwargs: Any) -> None:
    """A request waits: mail those who may confirm it, once the request is committed."""
    from .tasks import notify_role_grant_requested

    transaction.on_commit(partial(notify_role_grant_requested.enqueue, grant.pk))
