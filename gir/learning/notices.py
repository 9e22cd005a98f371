"""Reminders of improvement actions (issue 8 item 3), through the protocol engine's
background round: the owner hears a few days before the due date, and the owner and
the plan's keeper when it has passed. Each notice goes through `claim_and_send`, so it
goes out once however many rounds run at the same time, and again after a failed mail."""

import datetime as dt
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gir.access.kernel import Capability, users_with
from gir.accounts.constants import MembershipRole
from gir.accounts.models import User
from gir.core import clock
from gir.core.reminders import claim_and_send

from .constants import OPEN_ACTION_STATUSES
from .models import ImprovementAction


def _keepers(action: ImprovementAction) -> list[str]:
    """Who keeps the action's plan: the team's managers, or for the organisation's plan
    the coordinators."""
    if action.team_id is not None:
        people = User.objects.filter(
            memberships__team_id=action.team_id, memberships__role=MembershipRole.MANAGER
        )
    else:
        people = users_with(Capability.MANAGE_LEARNING, active=False)
    return sorted({u.email for u in people.filter(is_active=True) if u.email})


def _mail(action: ImprovementAction, subject: str, recipients: list[str]) -> int:
    if not recipients:
        return 0
    url = settings.SITE_URL + reverse("learning:action", args=[action.pk])
    # The action's title is free text and may name someone: it stays behind the link.
    body = _(
        "%(subject)s\n\nKlaar op: %(due)s\n\n"
        "Bekijk de actie in GIR (inloggen nodig):\n%(url)s\n\n"
        "Deze e-mail bevat bewust geen namen of details."
    ) % {"subject": subject, "due": action.due_on.strftime("%d-%m-%Y"), "url": url}
    return send_mail(_("GIR: %(subject)s") % {"subject": subject}, body, None, recipients)


def _remind(action: ImprovementAction) -> int:
    recipients = [action.owner.email] if action.owner.email and action.owner.is_active else []
    return _mail(action, _("een verbeteractie moet binnenkort klaar zijn"), recipients)


def _notice_overdue(action: ImprovementAction) -> int:
    owner = [action.owner.email] if action.owner.is_active else []
    recipients = sorted({*owner, *_keepers(action)} - {""})
    return _mail(action, _("een verbeteractie is over de datum"), recipients)


def action_notices_send(*, now: dt.datetime | None = None) -> int:
    """One round: reminders before the due date and notices after it; returns the mails."""
    now = now or clock.now()
    today = timezone.localdate(now)
    soon = today + dt.timedelta(days=settings.GIR_ACTION_REMINDER_DAYS)
    sent = 0
    due_soon = ImprovementAction.objects.filter(
        status__in=OPEN_ACTION_STATUSES, reminded_at=None, due_on__lte=soon, due_on__gte=today
    )
    for action in due_soon.select_related("owner"):
        sent += claim_and_send(
            unclaimed=ImprovementAction.objects.filter(pk=action.pk, reminded_at=None),
            claim={"reminded_at": now},
            send=partial(_remind, action),
            what=f"the reminder of improvement action {action.pk}",
        )
    overdue = ImprovementAction.objects.filter(
        Q(status__in=OPEN_ACTION_STATUSES), overdue_noticed_at=None, due_on__lt=today
    )
    for action in overdue.select_related("owner"):
        sent += claim_and_send(
            unclaimed=ImprovementAction.objects.filter(pk=action.pk, overdue_noticed_at=None),
            claim={"overdue_noticed_at": now},
            send=partial(_notice_overdue, action),
            what=f"the overdue notice of improvement action {action.pk}",
        )
    return sent
