"""Access to the duty table, its tasks and the annual policy evaluation (DESIGN §2.8; 003)."""

from django.db.models import QuerySet
from django.http import Http404

from gir.access.kernel import Actor, Capability, capabilities_of, has_capability
from gir.access.registry import register_check, register_menu
from gir.accounts.models import User

from .models import DutyTask


def can_read_duties(user: Actor) -> bool:
    """The duty table is the organisation's own description of who does what: every
    account reads it, and sees its own tasks."""
    return bool(capabilities_of(user))


def can_manage_duties(user: Actor) -> bool:
    return has_capability(user, Capability.MANAGE_DUTIES)


def duty_tasks_visible_to(user: Actor) -> QuerySet[DutyTask]:
    """Every task for the coordinator and directors (who follow the policy, 003); one's
    own tasks for everyone else."""
    caps = capabilities_of(user)
    if not caps:
        return DutyTask.objects.none()
    if caps & {Capability.MANAGE_DUTIES, Capability.READ_TREND_REPORTS}:
        return DutyTask.objects.all()
    if not isinstance(user, User):
        return DutyTask.objects.none()
    return DutyTask.objects.filter(owner=user)


def access_duty_task(user: Actor, pk: int) -> DutyTask:
    task = duty_tasks_visible_to(user).select_related("duty", "owner", "completed_by").filter(pk=pk).first()
    if task is None:
        raise Http404
    return task


def can_complete_task(user: Actor, task: DutyTask) -> bool:
    """The owner or the coordinator records that a task is done."""
    return can_manage_duties(user) or (bool(capabilities_of(user)) and task.owner_id == user.pk)


def can_read_policy_evaluations(user: Actor) -> bool:
    """The annual policy evaluation is fed back to the management (000): the coordinator
    writes it, directors read it."""
    return bool(capabilities_of(user) & {Capability.MANAGE_DUTIES, Capability.READ_TREND_REPORTS})


def _check_task(user: Actor, action: str, task: DutyTask) -> bool:
    """Every action on a duty task is completing it."""
    return can_complete_task(user, task)


register_check(DutyTask, _check_task)
# Every employee reads the duty table.
register_menu("duties", can_read_duties)
