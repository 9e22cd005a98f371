"""Reminders of duty tasks (issue 8 item 5), in the protocol engine's background round:
the owner hears the duty's number of days before the due date, and the owner and the
coordinators when it has passed. Each notice goes through `claim_and_send`, so it goes
out once however many rounds run at the same time, and again after a failed mail."""

import datetime as dt
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gir.access.kernel import Capability, users_with
from gir.core import clock
from gir.core.reminders import claim_and_send

from .constants import TaskStatus
from .models import DutyTask


def _mail(task: DutyTask, subject: str, recipients: list[str]) -> int:
    if not recipients:
        return 0
    url = settings.SITE_URL + reverse("duties:task", args=[task.pk])
    body = _(
        "%(subject)s\n\nTaak: %(duty)s\nKlaar op: %(due)s\n\nBekijk de taak in GIR (inloggen nodig):\n%(url)s"
    ) % {
        "subject": subject,
        "duty": task.duty.text,
        "due": task.due_on.strftime("%d-%m-%Y"),
        "url": url,
    }
    return send_mail(_("GIR: %(subject)s") % {"subject": subject}, body, None, recipients)


def _owner(task: DutyTask) -> list[str]:
    return [task.owner.email] if task.owner.is_active and task.owner.email else []


def _remind(task: DutyTask) -> int:
    return _mail(task, _("een taak uit de takenkalender moet binnenkort gebeuren"), _owner(task))


class _Coordinators:
    """The coordinators' addresses, looked up once per round and only when a task is late."""

    def __init__(self) -> None:
        self._addresses: set[str] | None = None

    def addresses(self) -> set[str]:
        if self._addresses is None:
            people = users_with(Capability.MANAGE_DUTIES)
            self._addresses = {u.email for u in people if u.email}
        return self._addresses


def _notice_overdue(task: DutyTask, coordinators: _Coordinators) -> int:
    recipients = sorted({*_owner(task), *coordinators.addresses()})
    return _mail(task, _("een taak uit de takenkalender is over de datum"), recipients)


def duty_notices_send(*, now: dt.datetime | None = None) -> int:
    """One round: reminders before the due date and notices after it; returns the mails."""
    now = now or clock.now()
    today = timezone.localdate(now)
    sent = 0
    # Due within the duty's reminder days: due_on - reminder_days <= today <= due_on. Checked
    # here rather than in SQL: date arithmetic with a column differs per database, and the
    # open tasks not yet due are few (planned through the end of next month).
    due_soon = DutyTask.objects.filter(status=TaskStatus.OPEN, reminded_at=None, due_on__gte=today)
    for task in due_soon.select_related("owner", "duty"):
        if task.due_on - dt.timedelta(days=task.duty.reminder_days) > today:
            continue
        sent += claim_and_send(
            unclaimed=DutyTask.objects.filter(pk=task.pk, reminded_at=None),
            claim={"reminded_at": now},
            send=partial(_remind, task),
            what=f"the reminder of duty task {task.pk}",
        )
    overdue = DutyTask.objects.filter(status=TaskStatus.OPEN, overdue_noticed_at=None, due_on__lt=today)
    coordinators = _Coordinators()
    for task in overdue.select_related("owner", "duty"):
        sent += claim_and_send(
            unclaimed=DutyTask.objects.filter(pk=task.pk, overdue_noticed_at=None),
            claim={"overdue_noticed_at": now},
            send=partial(_notice_overdue, task, coordinators),
            what=f"the overdue notice of duty task {task.pk}",
        )
    return sent
