"""The protocol engine: derives each incident's plan from the rules, records what
was done, and moves the incident through its lifecycle (DESIGN §2.2).

Every function runs inside one transaction and writes the incident's history.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from gir.access.kernel import Capability, users_with
from gir.accounts.models import User
from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.incidents.constants import IncidentStatus
from gir.incidents.models import Incident
from gir.incidents.policy import may_be_handler
from gir.incidents.signals import incidents_changed_send

from . import tasks
from .constants import DeadlineAnchor, StepKind, StepOwner, StepStatus, outcome_choices
from .deadlines import add_period
from .facts import conditions_hold
from .models import ProtocolRule, Step, StepNotice

OPEN_INCIDENT_STATUSES = (IncidentStatus.REPORTED, IncidentStatus.IN_PROGRESS)


class StepAlreadyRecorded(Exception):
    """Someone else recorded the step first; carries the step as it is now."""

    def __init__(self, step: Step):
        super().__init__(step.pk)
        self.step = step


class IncidentNotClosable(Exception):
    """Required steps are still open; carries them, so the page can name them."""

    def __init__(self, open_steps: list[Step]):
        super().__init__(", ".join(s.title for s in open_steps))
        self.open_steps = open_steps


def refresh_next_due(incident_id: int) -> None:
    """Keep the incident's earliest open deadline, which the work list sorts on.
    Every change of a step's status or deadline ends here."""
    earliest = Step.objects.filter(incident_id=incident_id, status=StepStatus.OPEN).aggregate(
        m=Min("due_at")
    )["m"]
    Incident.objects.filter(pk=incident_id).update(next_due_at=earliest)
    incidents_changed_send(Incident.objects.filter(pk=incident_id))


def _when(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M") if moment else "—"


def _owner_for(rule: ProtocolRule, incident: Incident) -> str:
    # The restricted track keeps everything with the mayor, the clerk and the
    # coordinator (001 §6.4): other owners' steps go to the incident's handler.
    if incident.is_restricted and rule.owner not in (StepOwner.HANDLER, StepOwner.COORDINATOR):
        return StepOwner.HANDLER
    return rule.owner


@dataclass
class PlanChange:
    added: list[Step] = field(default_factory=list)
    changed: dict[str, list[Any]] = field(default_factory=dict)


def plan_update(*, actor: Any, incident: Incident) -> PlanChange:
    """Derive the incident's steps from the active rules and its current facts.

    New steps are added; an open step whose rule no longer applies lapses (kept,
    with a reason); a lapsed step whose rule applies again reopens; a done or
    waived step is never touched. Call it inside the writing transaction.
    """
    change = PlanChange()
    if incident.status not in OPEN_INCIDENT_STATUSES:
        return change
    incident = Incident.objects.prefetch_related("behaviours", "victims").get(pk=incident.pk)
    locked = Step.objects.select_for_update().filter(incident=incident)
    all_steps = list(locked.order_by("completed_at", "pk"))
    steps = {s.rule_id: s for s in all_steps}
    start = incident.occurred_at or incident.submitted_at or timezone.now()
    for rule in ProtocolRule.objects.filter(is_active=True).order_by("position", "pk"):
        existing = steps.get(rule.pk)
        base, depends_on = start, None
        applies = conditions_hold(rule.conditions, rule.match, incident)
        if rule.anchor == DeadlineAnchor.STEP:
            # Counts from the first step of that kind done with a matching outcome.
            previous = next(
                (
                    s
                    for s in all_steps
                    if s.kind == rule.after_kind
                    and s.status == StepStatus.DONE
                    and (not rule.after_outcomes or s.outcome in rule.after_outcomes)
                ),
                None,
            )
            applies = applies and previous is not None
            if previous is not None:
                base, depends_on = previous.completed_at, previous
        if applies:
            due = add_period(base, rule.deadline_amount, rule.deadline_unit)
            aim = add_period(base, rule.aim_amount, rule.deadline_unit) if rule.aim_amount else None
            owner = _owner_for(rule, incident)
            if existing is None:
                step = Step.objects.create(
                    incident=incident,
                    rule=rule,
                    kind=rule.kind,
                    title=rule.title,
                    is_required=rule.is_required,
                    owner=owner,
                    depends_on=depends_on,
                    due_at=due,
                    aim_at=aim,
                )
                steps[rule.pk] = step
                all_steps.append(step)
                change.added.append(step)
                change.changed[step.title] = [None, _("open, uiterlijk %(due)s") % {"due": _when(due)}]
            elif existing.status == StepStatus.LAPSED:
                existing.status, existing.reason = StepStatus.OPEN, ""
                existing.due_at, existing.aim_at, existing.owner = due, aim, owner
                existing.save()
                StepNotice.objects.filter(step=existing).delete()  # a new deadline, new reminders
                change.changed[existing.title] = [
                    str(StepStatus.LAPSED.label),
                    _("weer open, uiterlijk %(due)s") % {"due": _when(due)},
                ]
            elif existing.status == StepStatus.OPEN and (existing.due_at != due or existing.owner != owner):
                change.changed[existing.title] = [
                    _("uiterlijk %(due)s") % {"due": _when(existing.due_at)},
                    _("uiterlijk %(due)s") % {"due": _when(due)},
                ]
                existing.due_at, existing.aim_at, existing.owner = due, aim, owner
                existing.save()
                StepNotice.objects.filter(step=existing).delete()
        elif existing is not None and existing.status == StepStatus.OPEN:
            existing.status = StepStatus.LAPSED
            existing.reason = _("De gegevens van de melding zijn gewijzigd; deze stap geldt niet meer.")
            existing.save()
            change.changed[existing.title] = [str(StepStatus.OPEN.label), str(StepStatus.LAPSED.label)]
    if change.changed:
        log_event(actor=actor, action=AuditAction.PLAN_CHANGED, target=incident, changes=change.changed)
        refresh_next_due(incident.pk)
    return change


def default_handler(incident: Incident) -> User | None:
    """The team manager by default; for the restricted track the mayor (001 §6.4)."""
    if incident.is_restricted:
        return users_with(Capability.LEAD_RESTRICTED_INCIDENTS).order_by("pk").first()
    if incident.team_id is None:
        return None
    return users_with(Capability.HANDLE_TEAM_INCIDENTS, teams=[incident.team_id]).order_by("pk").first()


def _set_handler(*, actor: Any, incident: Incident, handler: User | None) -> None:
    before = incident.handler
    incident.handler = handler
    Incident.objects.filter(pk=incident.pk).update(handler=handler, version=F("version") + 1)
    incident.version += 1
    log_event(
        actor=actor,
        action=AuditAction.HANDLER_ASSIGNED,
        target=incident,
        changes={str(_("behandelaar")): [str(before) if before else None, str(handler) if handler else None]},
    )


def handler_ensure(*, actor: Any, incident: Incident) -> None:
    """Give a submitted incident a handler, or a new one when the current one may
    no longer handle it (it moved to the restricted track, say)."""
    if incident.status not in OPEN_INCIDENT_STATUSES:
        return
    current = incident.handler
    if current is not None and current.is_active and may_be_handler(current, incident):
        return
    handler = default_handler(incident)
    if handler != current:
        _set_handler(actor=actor, incident=incident, handler=handler)


@transaction.atomic
def handler_assign(*, actor: Any, incident: Incident, handler: User) -> Incident:
    """Reassign the incident; the new handler is told by mail (a link, no details)."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if not handler.is_active or not may_be_handler(handler, incident):
        raise ValidationError(_("%(name)s kan deze melding niet behandelen.") % {"name": handler})
    if incident.handler_id == handler.pk:
        return incident
    _set_handler(actor=actor, incident=incident, handler=handler)
    transaction.on_commit(partial(tasks.notify_handler_assigned.enqueue, incident.pk))
    return incident


def _start(*, actor: Any, incident: Incident) -> None:
    """The first recorded step moves a report to "in behandeling"."""
    updated = Incident.objects.filter(pk=incident.pk, status=IncidentStatus.REPORTED).update(
        status=IncidentStatus.IN_PROGRESS, version=F("version") + 1
    )
    if updated:
        log_event(
            actor=actor,
            action=AuditAction.STATUS_CHANGED,
            target=incident,
            changes={
                str(_("status")): [str(IncidentStatus.REPORTED.label), str(IncidentStatus.IN_PROGRESS.label)]
            },
        )


def _record(*, step: Step, status: str, actor: Any, **values: Any) -> Step:
    """Close an open step once; a second person gets StepAlreadyRecorded."""
    now = timezone.now()
    updated = Step.objects.filter(pk=step.pk, status=StepStatus.OPEN).update(
        status=status, completed_at=now, completed_by=actor, updated_at=now, **values
    )
    if not updated:
        raise StepAlreadyRecorded(Step.objects.select_related("completed_by").get(pk=step.pk))
    refresh_next_due(step.incident_id)
    return Step.objects.select_related("incident", "completed_by").get(pk=step.pk)


@transaction.atomic
def step_complete(*, actor: Any, step: Step, outcome: str = "", notes: str = "") -> Step:
    """Record a step as done: who, when, and what (the outcome and the notes)."""
    known = dict(outcome_choices(step.kind))
    if known and outcome not in known:
        raise ValidationError({"outcome": _("Kies wat de uitkomst is.")})
    if not known:
        outcome = ""
    step = _record(step=step, status=StepStatus.DONE, actor=actor, outcome=outcome, notes=notes.strip())
    summary = str(StepStatus.DONE.label) + (f": {known[outcome]}" if outcome else "")
    log_event(
        actor=actor,
        action=AuditAction.STEP_COMPLETED,
        target=step.incident,
        changes={step.title: [str(StepStatus.OPEN.label), summary]},
    )
    if step.kind == StepKind.AFTERCARE and outcome == "declined":
        _waive_remaining_aftercare(actor=actor, step=step)
    _start(actor=actor, incident=step.incident)
    plan_update(actor=actor, incident=step.incident)
    return step


def _waive_remaining_aftercare(*, actor: Any, step: Step) -> None:
    # Aftercare is voluntary (001 §10.2): a declined offer stands for the later talks too.
    for later in Step.objects.filter(incident=step.incident, kind=StepKind.AFTERCARE, status=StepStatus.OPEN):
        step_waive(actor=actor, step=later, reason=_("De medewerker heeft nazorg afgeslagen."))


@transaction.atomic
def step_waive(*, actor: Any, step: Step, reason: str) -> Step:
    """Record that a step is not needed, which needs a reason (e.g. no aangifte)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Geef een reden waarom deze stap niet nodig is.")})
    step = _record(step=step, status=StepStatus.WAIVED, actor=actor, reason=reason)
    log_event(
        actor=actor,
        action=AuditAction.STEP_WAIVED,
        target=step.incident,
        changes={step.title: [str(StepStatus.OPEN.label), f"{StepStatus.WAIVED.label}: {reason}"]},
    )
    _start(actor=actor, incident=step.incident)
    return step


@transaction.atomic
def incident_close(*, actor: Any, incident: Incident) -> Incident:
    """Close the incident. Refused while a required step is open; open advised
    steps lapse, so no reminder follows a closed incident."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.status not in OPEN_INCIDENT_STATUSES:
        raise ValidationError(_("Deze melding kan nu niet worden afgehandeld."))
    open_steps = list(Step.objects.filter(incident=incident, status=StepStatus.OPEN).order_by("due_at", "pk"))
    required = [s for s in open_steps if s.is_required]
    if required:
        raise IncidentNotClosable(required)
    for step in open_steps:
        step.status = StepStatus.LAPSED
        step.reason = _("Advies niet opgevolgd; de melding is afgehandeld.")
        step.save()
    refresh_next_due(incident.pk)
    before = incident.get_status_display()
    incident.status, incident.closed_at = IncidentStatus.CLOSED, timezone.now()
    incident.version += 1
    incident.save(update_fields=["status", "closed_at", "version", "updated_at"])
    log_event(
        actor=actor,
        action=AuditAction.STATUS_CHANGED,
        target=incident,
        changes={str(_("status")): [str(before), str(IncidentStatus.CLOSED.label)]},
    )
    return incident


@transaction.atomic
def incident_reopen(*, actor: Any, incident: Incident, reason: str) -> Incident:
    """Reopen a closed incident, with a reason; its plan is derived again."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Geef een reden om de melding te heropenen.")})
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.status != IncidentStatus.CLOSED:
        raise ValidationError(_("Alleen een afgehandelde melding kan worden heropend."))
    incident.status, incident.closed_at = IncidentStatus.IN_PROGRESS, None
    incident.version += 1
    incident.save(update_fields=["status", "closed_at", "version", "updated_at"])
    log_event(
        actor=actor,
        action=AuditAction.STATUS_CHANGED,
        target=incident,
        changes={str(_("status")): [str(IncidentStatus.CLOSED.label), str(IncidentStatus.IN_PROGRESS.label)]},
        detail=reason,
    )
    plan_update(actor=actor, incident=incident)
    return incident
