"""The three-conversation model: plan, invite, record, decline; and aftercare
asked for later (DESIGN §2.5; 001 §7.7, §10.2).

The conversations hang on the incident's aftercare steps; when every employee of
a step has had the conversation or declined it, the step is done (with no content:
handlers read steps). The audit log names fields, never what was said.
"""

import contextlib
import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gir.accounts.models import User
from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock
from gir.core.exceptions import ConcurrentEditError
from gir.incidents.models import Incident
from gir.protocol.constants import StepKind, StepStatus
from gir.protocol.deadlines import CLOCK_SLACK
from gir.protocol.models import Step
from gir.protocol.services import StepAlreadyRecorded, step_complete

from . import tasks
from .constants import (
    STAGE_OF_RULE,
    ConversationStatus,
    Mode,
    Processed,
    Referral,
    SecondaryVictimisation,
    Stage,
)
from .models import Conversation

CONTENT_FIELDS = (
    "facts",
    "stress_information_given",
    "emotions",
    "coping",
    "look_back",
    "processed",
    "notes",
    "secondary_victimisation",
    "secondary_victimisation_notes",
    "referral",
    "referral_notes",
)


@dataclass(frozen=True)
class Employee:
    """Who a conversation is with: a user, or a victim named without an account."""

    user: User | None
    name: str

    @property
    def label(self) -> str:
        return str(self.user) if self.user else self.name


def employees_of(incident: Incident) -> list[Employee]:
    """The employees the incident was aimed at; the reporter when none is named."""
    victims = [Employee(v.user, "" if v.user_id else v.name) for v in incident.victims.select_related("user")]
    return victims or [Employee(incident.reporter, "")]


def stage_of(step: Step) -> int:
    return STAGE_OF_RULE.get(step.rule.code, Stage.FIRST)


def _conversation(*, incident: Incident, step: Step | None, employee: Employee) -> Conversation:
    """The conversation of this step and employee, made when first needed, locked."""
    if step is not None and (step.incident_id != incident.pk or step.kind != StepKind.AFTERCARE):
        raise ValidationError(_("Deze stap hoort niet bij de nazorg van deze melding."))
    if employee.user is None and not employee.name:
        raise ValidationError(_("Kies met wie het gesprek is."))
    lookup: dict[str, object] = {"incident": incident, "step": step, "employee": employee.user}
    if employee.user is None:
        lookup["employee_name"] = employee.name
    existing = Conversation.objects.select_for_update().filter(**lookup).first()
    if existing is not None:
        return existing
    if employee not in employees_of(incident):
        raise ValidationError(_("Deze medewerker hoort niet bij deze melding."))
    if step is not None and step.status != StepStatus.OPEN:
        raise ValidationError(
            _(
                "Dit gesprek is al afgerond (%(status)s). Vraagt de medewerker later toch om nazorg? "
                "Leg dan een later gevraagd gesprek vast."
            )
            % {"status": step.get_status_display().lower()}
        )
    try:
        with transaction.atomic():
            return Conversation.objects.create(
                **lookup,
                stage=stage_of(step) if step else Stage.LATER,
                status=ConversationStatus.SCHEDULED,
            )
    except IntegrityError:  # made at the same moment by someone else
        return Conversation.objects.select_for_update().get(**lookup)


def _lock(conversation: Conversation, version: int | None) -> Conversation:
    current = (
        # Lock only the conversation: the step is nullable (an outer join), which
        # PostgreSQL refuses to lock.
        Conversation.objects.select_for_update(of=("self",))
        .select_related("incident", "step")
        .get(pk=conversation.pk)
    )
    if version is not None and current.version != version:
        raise ConcurrentEditError
    return current


def _save(conversation: Conversation) -> None:
    conversation.version += 1
    conversation.save()


def _log(
    *,
    actor: User,
    conversation: Conversation,
    what: str,
    action: AuditAction = AuditAction.AFTERCARE_RECORDED,
) -> None:
    # The incident's history shows that something happened, never what was said.
    log_event(
        actor=actor,
        action=action,
        target=conversation.incident,
        changes={str(conversation.get_stage_display()): [None, what]},
    )


def _check_open(conversation: Conversation) -> None:
    if conversation.status in {ConversationStatus.HELD, ConversationStatus.DECLINED}:
        raise ValidationError(
            _("Dit gesprek is al vastgelegd als %(status)s.")
            % {"status": conversation.get_status_display().lower()}
        )


def _open_conversation(
    incident: Incident,
    step: Step | None,
    employee: Employee | None,
    conversation: Conversation | None,
    version: int | None,
) -> Conversation:
    """The conversation to act on, locked and not yet held or declined: an existing one
    (checked against the version the form saw), or the one of this step and employee."""
    if conversation is None:
        assert employee is not None  # without a conversation, the caller names the employee
        conversation = _conversation(incident=incident, step=step, employee=employee)
    else:
        conversation = _lock(conversation, version)
    _check_open(conversation)
    return conversation


@transaction.atomic
def conversation_schedule(
    *,
    actor: User,
    incident: Incident,
    step: Step | None = None,
    employee: Employee | None = None,
    conversation: Conversation | None = None,
    scheduled_at: dt.datetime | None,
    duration_minutes: int = 60,
    mode: str = Mode.IN_PERSON,
    place: str = "",
    version: int | None = None,
) -> Conversation:
    """Set (or move) the time of a conversation. A moved one that was already sent
    gets a new invitation sequence, so the calendar updates the appointment."""
    conversation = _open_conversation(incident, step, employee, conversation, version)
    errors: dict[str, str] = {}
    if scheduled_at is None:
        errors["scheduled_at"] = _("Vul de datum en de tijd van het gesprek in.")
    elif scheduled_at < clock.now() - CLOCK_SLACK:
        errors["scheduled_at"] = _(
            "Dit moment is al voorbij. Is het gesprek al gevoerd? Leg het dan vast als gevoerd."
        )
    if not 15 <= (duration_minutes or 0) <= 240:
        errors["duration_minutes"] = _("Een gesprek duurt tussen 15 en 240 minuten.")
    if mode not in Mode.values:
        errors["mode"] = _("Kies hoe het gesprek gaat.")
    if errors:
        raise ValidationError(errors)
    moved = conversation.invited_at is not None and conversation.scheduled_at != scheduled_at
    conversation.scheduled_at, conversation.duration_minutes = scheduled_at, duration_minutes
    conversation.mode, conversation.place = mode, place.strip()
    conversation.status, conversation.worker = ConversationStatus.SCHEDULED, actor
    if moved:
        conversation.invitation_sequence += 1
    _save(conversation)
    # The handlers read the incident's history: that a talk is planned, not when or where.
    _log(actor=actor, conversation=conversation, what=_("afspraak gemaakt"))
    return conversation


@transaction.atomic
def conversation_invite(*, actor: User, conversation: Conversation) -> Conversation:
    """Mail the employee the invitation with the calendar file (.ics)."""
    conversation = _lock(conversation, None)
    _check_open(conversation)
    if conversation.scheduled_at is None:
        raise ValidationError(
            _("Plan eerst een datum en tijd. Zonder tijd kan er geen agenda-uitnodiging worden gemaakt.")
        )
    if conversation.employee is None or not conversation.employee.email:
        raise ValidationError(
            _(
                "Van deze medewerker is geen e-mailadres bekend. "
                "Download de agenda-uitnodiging en geef die zelf door."
            )
        )
    conversation.invited_at = clock.now()
    _save(conversation)
    _log(
        actor=actor,
        conversation=conversation,
        what=_("uitnodiging verstuurd"),
        action=AuditAction.AFTERCARE_INVITED,
    )
    transaction.on_commit(partial(tasks.send_invitation.enqueue, conversation.pk))
    return conversation


def _previous_talk(conversation: Conversation) -> Conversation | None:
    """The same employee's talk of the stage before, if it was held."""
    if conversation.stage not in (Stage.SECOND, Stage.THIRD):
        return None
    return (
        Conversation.objects.filter(
            incident_id=conversation.incident_id,
            employee_id=conversation.employee_id,
            employee_name=conversation.employee_name,
            stage=conversation.stage - 1,
            status=ConversationStatus.HELD,
        )
        .order_by("-held_at")
        .first()
    )


def _withdraw_invitation(conversation: Conversation) -> None:
    """A talk held or declined before its invited appointment: the calendar entry is
    cancelled (same UID, higher SEQUENCE), so it does not linger in the agenda."""
    if conversation.invited_at and conversation.scheduled_at and conversation.scheduled_at > clock.now():
        conversation.invitation_sequence += 1
        transaction.on_commit(partial(tasks.send_cancellation.enqueue, conversation.pk))


def _finish_step(*, actor: User, conversation: Conversation) -> None:
    """Complete the conversation's step once every employee had it or declined."""
    if conversation.step_id is None:
        return
    # Locked, so two employees' talks recorded at once are counted by the second.
    step = Step.objects.select_for_update().select_related("incident").get(pk=conversation.step_id)
    if step.status != StepStatus.OPEN:
        return
    finished = {
        (c.employee_id, "" if c.employee_id else c.employee_name): c.status
        for c in Conversation.objects.filter(step=step)
        if c.status in {ConversationStatus.HELD, ConversationStatus.DECLINED}
    }
    wanted = [(e.user.pk if e.user else None, e.name) for e in employees_of(step.incident)]
    if any(key not in finished for key in wanted):
        return
    held = any(finished[key] == ConversationStatus.HELD for key in wanted)
    with contextlib.suppress(StepAlreadyRecorded):
        step_complete(actor=actor, step=step, outcome="held" if held else "declined")


@transaction.atomic
def conversation_record(
    *,
    actor: User,
    incident: Incident,
    step: Step | None = None,
    employee: Employee | None = None,
    conversation: Conversation | None = None,
    held_at: dt.datetime | None,
    content: dict[str, Any],
    version: int | None = None,
) -> Conversation:
    """Record a conversation that took place and what fits it (001 §10.2)."""
    conversation = _open_conversation(incident, step, employee, conversation, version)
    errors: dict[str, str] = {}
    if held_at is None:
        errors["held_at"] = _("Vul in wanneer het gesprek was.")
    elif held_at > clock.now() + CLOCK_SLACK:
        errors["held_at"] = _("Dit moment ligt in de toekomst. Plan het gesprek dan in.")
    elif conversation.incident.occurred_at and held_at < conversation.incident.occurred_at:
        errors["held_at"] = _("Het gesprek kan niet voor het incident zijn geweest.")
    elif (
        (previous := _previous_talk(conversation)) is not None
        and previous.held_at is not None  # a held talk has its time
        and held_at < previous.held_at
    ):
        errors["held_at"] = _("Dit gesprek kan niet eerder zijn dan het vorige gesprek (%(when)s).") % {
            "when": timezone.localtime(previous.held_at).strftime("%d-%m-%Y %H:%M")
        }
    if content.get("secondary_victimisation") not in SecondaryVictimisation.values:
        errors["secondary_victimisation"] = _(
            "Vraag altijd naar kwetsende reacties van anderen (secundaire victimisatie) "
            "en leg het antwoord vast."
        )
    if content.get("referral") not in Referral.values:
        errors["referral"] = _("Kies of er is doorverwezen, en naar wie.")
    elif content["referral"] != Referral.NONE and not str(content.get("referral_notes", "")).strip():
        errors["referral_notes"] = _("Schrijf op waarvoor en naar wie is doorverwezen.")
    if content.get("processed") and content["processed"] not in Processed.values:
        errors["processed"] = _("Kies een antwoord.")
    if errors:
        raise ValidationError(errors)
    for name in CONTENT_FIELDS:
        value = content.get(name, getattr(conversation, name))
        setattr(conversation, name, value.strip() if isinstance(value, str) else value)
    conversation.stress_information_given = bool(conversation.stress_information_given)
    _withdraw_invitation(conversation)
    conversation.status, conversation.held_at = ConversationStatus.HELD, held_at
    conversation.recorded_by = actor
    conversation.worker = conversation.worker or actor
    _save(conversation)
    _log(actor=actor, conversation=conversation, what=str(ConversationStatus.HELD.label))
    _finish_step(actor=actor, conversation=conversation)
    return conversation


@transaction.atomic
def conversation_decline(
    *,
    actor: User,
    incident: Incident,
    step: Step | None = None,
    employee: Employee | None = None,
    conversation: Conversation | None = None,
    notes: str = "",
    version: int | None = None,
) -> Conversation:
    """Aftercare is voluntary (001 §10.2): a declined offer is recorded and counts as
    handled. The employee can still ask for it later."""
    conversation = _open_conversation(incident, step, employee, conversation, version)
    _withdraw_invitation(conversation)
    conversation.status, conversation.declined_at = ConversationStatus.DECLINED, clock.now()
    conversation.notes = notes.strip()
    conversation.recorded_by = actor
    _save(conversation)
    _log(actor=actor, conversation=conversation, what=str(ConversationStatus.DECLINED.label))
    _finish_step(actor=actor, conversation=conversation)
    return conversation


@transaction.atomic
def aftercare_request(
    *, actor: User, incident: Incident, message: str = "", notify: bool = True
) -> Conversation:
    """An employee asks for aftercare, perhaps weeks or months on ("de klap kan
    later komen", 001 §7.4 stap 7); the aftercare team is told."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)  # one request at a time
    waiting = Conversation.objects.filter(
        incident=incident,
        employee=actor,
        stage=Stage.LATER,
        status__in=[ConversationStatus.REQUESTED, ConversationStatus.SCHEDULED],
    )
    if waiting.exists():
        raise ValidationError(
            _("U heeft al om nazorg gevraagd. Het Bedrijfs Opvang Team neemt contact met u op.")
        )
    conversation = Conversation.objects.create(
        incident=incident,
        stage=Stage.LATER,
        employee=actor,
        status=ConversationStatus.REQUESTED,
        requested_at=clock.now(),
        request_message=message.strip(),
    )
    _log(actor=actor, conversation=conversation, what=str(ConversationStatus.REQUESTED.label))
    if notify:  # demo data notifies nobody
        transaction.on_commit(partial(tasks.notify_aftercare_requested.enqueue, conversation.pk))
    return conversation


def conversation_read_log(*, actor: User, conversation: Conversation) -> None:
    """Reading what was said is logged: it is health-related personal data."""
    log_event(actor=actor, action=AuditAction.AFTERCARE_READ, target=conversation)
