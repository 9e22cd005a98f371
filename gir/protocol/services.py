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
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from gir.access.kernel import Capability, users_with
from gir.accounts.models import User
from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock
from gir.incidents import lifecycle
from gir.incidents.constants import IncidentStatus
from gir.incidents.models import Incident
from gir.incidents.policy import may_be_handler
from gir.incidents.services import ReportFacts, incident_save
from gir.incidents.signals import incidents_changed_send

from . import tasks
from .constants import StepKind, StepStatus, outcome_choices
from .models import ProtocolRule, Step, StepNotice
from .planning import rule_plan

OPEN_INCIDENT_STATUSES = lifecycle.OPEN_STATUSES


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


def refresh_next_due(incident_id: int, *, marked: bool = False, stored: Incident | None = None) -> None:
    """Keep the incident's earliest open deadline, which the work list sorts on.
    Every change of a step's status or deadline ends here, and tells the figures,
    unless the caller's transaction already did (`marked`). With the incident as it
    is `stored`, the row is not touched when its deadline is right already."""
    earliest = Step.objects.filter(incident_id=incident_id, status=StepStatus.OPEN).aggregate(
        m=Min("due_at")
    )["m"]
    if stored is None or stored.next_due_at != earliest:
        lifecycle.next_due_write(incident_id, earliest)
    if not marked:
        incidents_changed_send(Incident.objects.filter(pk=incident_id))


def _when(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M") if moment else "—"


@dataclass
class PlanChange:
    added: list[Step] = field(default_factory=list)
    changed: dict[str, list[Any]] = field(default_factory=dict)


def active_rules() -> list[ProtocolRule]:
    return list(ProtocolRule.objects.filter(is_active=True).order_by("position", "pk"))


def plan_update(
    *, actor: User | None, incident: Incident, marked: bool = False, rules: list[ProtocolRule] | None = None
) -> PlanChange:
    """Derive the incident's steps from the active rules and its current facts.

    New steps are added; an open step whose rule no longer applies lapses (kept,
    with a reason); a lapsed step whose rule applies again reopens; a done or
    waived step is never touched. Call it inside the writing transaction; `marked`:
    the transaction already told the figures that the incident changed; `rules`: the
    active rules, when the caller has read them already.
    """
    change = PlanChange()
    if incident.status not in OPEN_INCIDENT_STATUSES:
        return change
    incident = Incident.objects.prefetch_related("behaviours", "victims").get(pk=incident.pk)
    locked = Step.objects.select_for_update().filter(incident=incident)
    all_steps = list(locked.order_by("completed_at", "pk"))
    steps = {s.rule_id: s for s in all_steps}
    start = incident.occurred_at or incident.submitted_at or clock.now()
    for rule in active_rules() if rules is None else rules:
        existing = steps.get(rule.pk)
        planned = rule_plan(
            rule, facts=incident, start=start, steps=all_steps, restricted=incident.is_restricted
        )
        if planned is not None:
            due, aim, owner, depends_on = planned.due_at, planned.aim_at, planned.owner, planned.depends_on
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
        refresh_next_due(incident.pk, marked=marked, stored=incident)
    return change


def planned_next_due(facts: ReportFacts, steps: list[Step], rules: list[ProtocolRule]) -> dt.datetime | None:
    """The earliest deadline the plan will have once plan_update has run on these facts
    and these steps (ordered as plan_update orders them): the same rules through
    rule_plan, done and waived steps left alone, open steps of inactive rules kept."""
    incident = facts.incident
    start = incident.occurred_at or incident.submitted_at or clock.now()
    active = {rule.pk for rule in rules}
    by_rule = {step.rule_id: step for step in steps}
    dues = [step.due_at for step in steps if step.status == StepStatus.OPEN and step.rule_id not in active]
    for rule in rules:
        planned = rule_plan(rule, facts=facts, start=start, steps=steps, restricted=incident.is_restricted)
        existing = by_rule.get(rule.pk)
        if planned is not None and (
            existing is None or existing.status in {StepStatus.OPEN, StepStatus.LAPSED}
        ):
            dues.append(planned.due_at)
    return min(dues, default=None)


def default_handler(incident: Incident) -> User | None:
    """The team manager by default; for the restricted track the mayor (001 §6.4)."""
    if incident.is_restricted:
        return users_with(Capability.LEAD_RESTRICTED_INCIDENTS).order_by("pk").first()
    if incident.team_id is None:
        return None
    return users_with(Capability.HANDLE_TEAM_INCIDENTS, teams=[incident.team_id]).order_by("pk").first()


def handler_for(incident: Incident) -> User | None:
    """The current handler while they may still handle the incident, else the default
    one (it moved to the restricted track, say)."""
    current = incident.handler if incident.handler_id else None
    if current is not None and current.is_active and may_be_handler(current, incident):
        return current
    return default_handler(incident)


def handler_ensure(*, actor: User | None, incident: Incident) -> None:
    """Give a submitted incident a handler, or a new one when the current one may
    no longer handle it."""
    if incident.status not in OPEN_INCIDENT_STATUSES:
        return
    handler = handler_for(incident)
    if handler != (incident.handler if incident.handler_id else None):
        lifecycle.handler_write(actor=actor, incident=incident, handler=handler)


@transaction.atomic
def handler_assign(*, actor: User, incident: Incident, handler: User) -> Incident:
    """Reassign the incident; the new handler is told by mail (a link, no details)."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if not handler.is_active or not may_be_handler(handler, incident):
        raise ValidationError(_("%(name)s kan deze melding niet behandelen.") % {"name": handler})
    if incident.handler_id == handler.pk:
        return incident
    lifecycle.handler_write(actor=actor, incident=incident, handler=handler)
    transaction.on_commit(partial(tasks.notify_handler_assigned.enqueue, incident.pk))
    return incident


def _record(*, step: Step, status: str, actor: User, **values: Any) -> Step:
    """Close an open step once; a second person gets StepAlreadyRecorded."""
    now = clock.now()
    updated = Step.objects.filter(pk=step.pk, status=StepStatus.OPEN).update(
        status=status, completed_at=now, completed_by=actor, updated_at=now, **values
    )
    if not updated:
        raise StepAlreadyRecorded(Step.objects.select_related("completed_by").get(pk=step.pk))
    refresh_next_due(step.incident_id)
    return Step.objects.select_related("incident", "completed_by").get(pk=step.pk)


@transaction.atomic
def step_complete(*, actor: User, step: Step, outcome: str = "", notes: str = "") -> Step:
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
    # The first recorded step moves a report to "in behandeling".
    lifecycle.start(actor=actor, incident=step.incident)
    plan_update(actor=actor, incident=step.incident)
    return step


def _waive_remaining_aftercare(*, actor: User, step: Step) -> None:
    # Aftercare is voluntary (001 §10.2): a declined offer stands for the later talks too.
    for later in Step.objects.filter(incident=step.incident, kind=StepKind.AFTERCARE, status=StepStatus.OPEN):
        step_waive(actor=actor, step=later, reason=_("De medewerker heeft nazorg afgeslagen."))


@transaction.atomic
def step_waive(*, actor: User, step: Step, reason: str) -> Step:
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
    # The first recorded step moves a report to "in behandeling".
    lifecycle.start(actor=actor, incident=step.incident)
    return step


@transaction.atomic
def incident_close(*, actor: User, incident: Incident) -> Incident:
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
    return lifecycle.move(actor=actor, incident=incident, to=IncidentStatus.CLOSED)


@transaction.atomic
def incident_reopen(*, actor: User, incident: Incident, reason: str) -> Incident:
    """Reopen a closed incident, with a reason; its plan is derived again."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Geef een reden om de melding te heropenen.")})
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.status != IncidentStatus.CLOSED:
        raise ValidationError(_("Alleen een afgehandelde melding kan worden heropend."))
    lifecycle.move(actor=actor, incident=incident, to=IncidentStatus.IN_PROGRESS, reason=reason)
    plan_update(actor=actor, incident=incident)
    return incident


@transaction.atomic
def report_save(*, actor: User, incident: Incident | None = None, **report: Any) -> Incident:
    """Save a report (gir.incidents.services.incident_save takes the same arguments)
    and keep its place in the protocol: a submitted report gets its handler and the
    plan its facts call for (DESIGN §2.2); drafts have none yet. The history shows
    these as done by the system, as a consequence of this save."""
    handler_before: list[User | None] = []
    rules = active_rules()

    def place(facts: ReportFacts) -> None:
        # Before the report's one write: its handler and the deadline its plan will have.
        pending = facts.incident
        if pending.status not in OPEN_INCIDENT_STATUSES:
            return
        before = pending.handler if pending.handler_id else None
        handler = handler_for(pending)
        if handler != before:
            lifecycle.handler_set(pending, handler)
            handler_before.append(before)
        steps = Step.objects.filter(incident=pending).order_by("completed_at", "pk") if pending.pk else []
        lifecycle.next_due_set(pending, planned_next_due(facts, list(steps), rules))

    incident = incident_save(actor=actor, incident=incident, before_write=place, **report)
    for before in handler_before:
        lifecycle.handler_logged(actor=None, incident=incident, before=before)
    # The steps of the plan; the row holds its deadline already, and the save told the figures.
    plan_update(actor=None, incident=incident, marked=True, rules=rules)
    return incident
