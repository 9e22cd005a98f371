"""Reminders and escalation of protocol steps (DESIGN §2.2; 001 §10.3).

One round plans the notices that are due (one StepNotice row per step and level;
the unique constraint makes a second row impossible) and then sends the unsent
ones through `gir.core.reminders.claim_and_send`. However many schedulers or
workers run a round at the same time, every notice goes out once. The mails hold
a link and the reference only, never names, facts or descriptions.
"""

import datetime as dt
from functools import partial

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gir.access.kernel import Capability, users_with
from gir.core import clock
from gir.core.clock import AMSTERDAM
from gir.core.reminders import claim_and_send
from gir.incidents import lifecycle
from gir.incidents.models import Incident

from .constants import NoticeLevel, StepOwner, StepStatus
from .models import Step, StepNotice

OPEN_INCIDENT_STATUSES = lifecycle.OPEN_STATUSES

# The capability that owns a step of each role-owned kind of owner.
OWNER_CAPABILITIES: dict[str, Capability] = {
    StepOwner.COORDINATOR: Capability.HANDLE_ALL_INCIDENTS,
    StepOwner.AFTERCARE: Capability.WORK_AFTERCARE_STEPS,
    StepOwner.LEGAL: Capability.WORK_LEGAL_STEPS,
}


def _escalation_delays() -> dict[int, dt.timedelta]:
    # Read on every round, so tests and a changed setting take effect at once.
    return {
        NoticeLevel.MANAGER: dt.timedelta(hours=settings.GIR_ESCALATE_MANAGER_HOURS),
        NoticeLevel.COORDINATOR: dt.timedelta(hours=settings.GIR_ESCALATE_COORDINATOR_HOURS),
        NoticeLevel.DIRECTOR: dt.timedelta(hours=settings.GIR_ESCALATE_DIRECTOR_HOURS),
    }


def notice_times(due_at: dt.datetime, created_at: dt.datetime) -> dict[int, dt.datetime]:
    """When each level of notice falls due for a step.

    The reminder goes GIR_REMINDER_HOURS_BEFORE before the deadline, but never
    earlier than halfway the step's time: a step due in 24 hours is not reminded
    of the moment it is planned. Each escalation counts from the deadline, or from
    the moment the step was planned when that was later (a step planned late
    should not escalate to the director at once).
    """
    lead = min(dt.timedelta(hours=settings.GIR_REMINDER_HOURS_BEFORE), (due_at - created_at) / 2)
    lead = max(lead, dt.timedelta(0))
    start = max(due_at, created_at)
    times = {int(NoticeLevel.REMINDER): due_at - lead}
    times.update({int(level): start + delay for level, delay in _escalation_delays().items()})
    return times


def notices_plan(now: dt.datetime | None = None) -> int:
    """Create the StepNotice rows that are due for open steps of open incidents.

    Three queries whatever the number of steps: the candidate steps, the levels
    they already have, and one insert. Returns the number of rows it tried to add
    (a concurrent round may have added some of them first).
    """
    now = now or clock.now()
    horizon = now + dt.timedelta(hours=max(settings.GIR_REMINDER_HOURS_BEFORE, 0))
    # Coarse filter in the database: no notice of any level falls due before
    # due_at - GIR_REMINDER_HOURS_BEFORE. Steps with every level planned drop out.
    candidates = (
        Step.objects.filter(
            status=StepStatus.OPEN, incident__status__in=OPEN_INCIDENT_STATUSES, due_at__lte=horizon
        )
        # A step of an imported incident whose deadline had passed before the import is
        # history, not work: it gets no reminder and no escalation (issue 7 item 4).
        .exclude(incident__imported_at__isnull=False, due_at__lt=F("incident__imported_at"))
        .annotate(notice_count=Count("notices"))
        .filter(notice_count__lt=len(NoticeLevel))
    )
    steps = list(candidates.values_list("pk", "due_at", "created_at"))
    if not steps:
        return 0
    existing = set(
        StepNotice.objects.filter(step__in=candidates.values("pk")).values_list("step_id", "level")
    )
    new = [
        StepNotice(step_id=pk, level=level)
        for pk, due_at, created_at in steps
        for level, moment in notice_times(due_at, created_at).items()
        if now >= moment and (pk, level) not in existing
    ]
    # ignore_conflicts: the unique (step, level) row is the claim, so a round
    # running beside this one cannot plan the same notice twice.
    StepNotice.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


class _Directory:
    """Addresses of active users by capability, looked up once per round."""

    def __init__(self) -> None:
        self._by_capability: dict[Capability, list[str]] = {}

    def holders(self, capability: Capability) -> list[str]:
        if capability not in self._by_capability:
            users = users_with(capability).exclude(email="").order_by("pk")
            self._by_capability[capability] = list(dict.fromkeys(users.values_list("email", flat=True)))
        return self._by_capability[capability]


def _handler_address(incident: Incident) -> list[str]:
    handler = incident.handler
    if handler is None or not handler.is_active or not handler.email:
        return []
    return [handler.email]


def _owner_addresses(step: Step, directory: _Directory) -> list[str]:
    """Who the step is for (as gir.protocol.policy.steps_owned_by decides)."""
    incident = step.incident
    # plan_update already gives restricted incidents' steps to the handler (001 §6.4).
    owner = step.owner
    if owner in OWNER_CAPABILITIES:
        return directory.holders(OWNER_CAPABILITIES[owner])
    if incident.handler is None or not incident.handler.is_active:
        # Steps of an incident without a handler fall to the coordinator.
        return directory.holders(Capability.HANDLE_ALL_INCIDENTS)
    return _handler_address(incident)


def _parent_unit_manager_addresses(incident: Incident) -> list[str]:
    if incident.team is None or incident.team.parent_id is None:
        return []
    users = users_with(Capability.HANDLE_TEAM_INCIDENTS, teams=[incident.team.parent_id]).exclude(email="")
    return list(dict.fromkeys(users.order_by("pk").values_list("email", flat=True)))


def notice_recipients(notice: StepNotice, directory: _Directory | None = None) -> list[str]:
    """The addresses a notice goes to; empty when nobody fits (then no mail).

    0: the step's owners; 1: the incident's handler when someone else owns the
    step, otherwise the managers of the team's parent unit; 2: the coordinators;
    3: the directors, never for the restricted track (001 §6.4).
    """
    directory = directory or _Directory()
    step = notice.step
    incident = step.incident
    owners = _owner_addresses(step, directory)
    if notice.level == NoticeLevel.REMINDER:
        addresses = owners
    elif notice.level == NoticeLevel.MANAGER:
        handler = _handler_address(incident)
        if handler and not set(handler) <= set(owners):
            addresses = handler
        else:
            addresses = [a for a in _parent_unit_manager_addresses(incident) if a not in owners]
    elif notice.level == NoticeLevel.COORDINATOR:
        addresses = directory.holders(Capability.HANDLE_ALL_INCIDENTS)
    elif notice.level == NoticeLevel.DIRECTOR and not incident.is_restricted:
        addresses = directory.holders(Capability.RECEIVE_ESCALATIONS)
    else:
        addresses = []
    return list(dict.fromkeys(addresses))


def notice_message(notice: StepNotice, now: dt.datetime) -> tuple[str, str]:
    """Subject and body: the kind of notice, the step, its deadline and a link."""
    step = notice.step
    reference = step.incident.reference
    url = settings.SITE_URL + reverse("protocol:step", args=[step.pk])
    if notice.level == NoticeLevel.DIRECTOR:
        # Directors see aggregates only (DESIGN §1): no link to the case, a pointer to the CAG.
        url = settings.SITE_URL + reverse("home:home")
    due = timezone.localtime(step.due_at, AMSTERDAM).strftime("%d-%m-%Y %H:%M")
    if notice.level == NoticeLevel.REMINDER:
        subject = _("GIR: herinnering — stap voor melding %(reference)s") % {"reference": reference}
        if step.due_at > now:
            intro = _(
                "Herinnering: een stap in de afhandeling van een melding van agressie of geweld "
                "moet binnenkort gedaan zijn. U bent eigenaar van deze stap."
            )
        else:
            intro = _(
                "Herinnering: een stap in de afhandeling van een melding van agressie of geweld "
                "is nog niet gedaan en de termijn is voorbij. U bent eigenaar van deze stap."
            )
    else:
        subject = _("GIR: stap te laat — melding %(reference)s") % {"reference": reference}
        intro = _(
            "Een stap in de afhandeling van een melding van agressie of geweld is te laat. "
            "Daarom krijgt u dit bericht (%(level)s)."
        ) % {"level": str(NoticeLevel(notice.level).label).lower()}
    if notice.level == NoticeLevel.DIRECTOR:
        intro += " " + _("De coördinator is al ingelicht; vraag hem of haar naar de stand van zaken.")
    body = _(
        "%(intro)s\n\n"
        "Stap: %(title)s\n"
        "Uiterlijk: %(due)s (Nederlandse tijd)\n\n"
        "Bekijk de stap in GIR (inloggen nodig):\n%(url)s\n\n"
        "Deze e-mail bevat bewust geen namen of details."
    ) % {"intro": intro, "title": step.title, "due": due, "url": url}
    return subject, body


def _notice_deliver(pk: int, directory: _Directory, now: dt.datetime) -> int:
    """Send a notice this round has just claimed, and record to whom it went."""
    notice = StepNotice.objects.select_related("step__incident__handler", "step__incident__team").get(pk=pk)
    step = notice.step
    if step.status != StepStatus.OPEN or step.incident.status not in OPEN_INCIDENT_STATUSES:
        addresses: list[str] = []
    else:
        addresses = notice_recipients(notice, directory)
    notice.recipients = "\n".join(addresses)
    notice.save(update_fields=["recipients"])
    if not addresses:
        return 0
    subject, body = notice_message(notice, now)
    # One mail per recipient: nobody learns who else was told.
    return send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [a]) for a in addresses])


def notices_send() -> int:
    """Send every unsent notice once; returns the number of mails sent."""
    pending = list(
        StepNotice.objects.filter(sent_at__isnull=True).order_by("pk").values_list("pk", flat=True)
    )
    directory = _Directory()
    sent = 0
    for pk in pending:
        now = clock.now()
        sent += claim_and_send(
            unclaimed=StepNotice.objects.filter(pk=pk, sent_at__isnull=True),
            claim={"sent_at": now},
            send=partial(_notice_deliver, pk, directory, now),
            what=f"step notice {pk}",
        )
    return sent
