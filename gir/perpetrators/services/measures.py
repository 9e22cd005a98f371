"""Measures against a person: proposed, decided, communicated, active, ended or
withdrawn along MEASURE_TRANSITIONS, and the conduct meeting (001 §8)."""

import calendar
import datetime as dt
from collections.abc import Iterable
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gir.accounts.constants import Role
from gir.accounts.models import User
from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock
from gir.core.exceptions import ConcurrentEditError
from gir.incidents.evidence import check_evidence_file
from gir.incidents.models import Incident
from gir.incidents.signals import incidents_changed_send
from gir.perpetrators import tasks
from gir.perpetrators.constants import (
    BAN_STANDARD_MONTHS,
    END_REQUIRED_KINDS,
    FINAL_STATUSES,
    HEARING_KINDS,
    MANDATED_KINDS,
    MEASURE_TRANSITIONS,
    PERIOD_KINDS,
    STEP_OUTCOME_OF_MEASURE,
    Hearing,
    Mandate,
    MeasureKind,
    MeasureStatus,
    MeetingAttendance,
)
from gir.perpetrators.due_process import needs_minor_behaviour_reason, needs_unheard_reason, term_running
from gir.perpetrators.models import Measure, Perpetrator, PerpetratorIncident
from gir.perpetrators.policy import may_sign_measures
from gir.perpetrators.signals import conduct_meeting_missed
from gir.protocol.constants import StepKind, StepStatus
from gir.protocol.models import Step
from gir.protocol.services import StepAlreadyRecorded, step_complete

MINOR_BEHAVIOUR_ERROR = gettext_lazy(
    "De melding(en) gaan over emotie of kritiek (niveau A of B, 001 §2.1): burgers mogen kritiek "
    "hebben en boos zijn. Schrijf op waarom toch een sanctie nodig is."
)
MINOR_BEHAVIOUR_NOTE = "; GIR waarschuwde: sanctie bij emotie of kritiek (niveau A of B), reden gegeven"
UNHEARD_NOTE = "; GIR waarschuwde: besluit zonder de persoon te horen, reden gegeven"
EARLY_NOTE = "; GIR waarschuwde: besloten vóór het einde van de termijn voor een reactie"
FAIRNESS_FIELDS = {
    "minor_behaviour_reason": "reden sanctie bij emotie of kritiek",
    "unheard_reason": "reden besluit zonder horen",
}


def _status_label(status: str) -> str:
    return str(MeasureStatus(status).label)


def _set_status(*, actor: User | None, measure: Measure, status: str, detail: str = "") -> None:
    """The one place a measure's status changes, along MEASURE_TRANSITIONS."""
    if status not in MEASURE_TRANSITIONS[measure.status]:
        raise ValidationError(
            _("Een maatregel met status ‘%(from)s’ kan niet naar ‘%(to)s’.")
            % {"from": _status_label(measure.status), "to": _status_label(status)}
        )
    before = measure.status
    measure.status = status
    log_event(
        actor=actor,
        action=AuditAction.STATUS_CHANGED,
        target=measure,
        changes={str(_("status")): [_status_label(before), _status_label(status)]},
        detail=detail,
    )


def standard_ban_end(starts_on: dt.date) -> dt.date:
    """The last day of a ban of the standard 3 months: 1 March → 31 May."""
    month = starts_on.month - 1 + BAN_STANDARD_MONTHS
    year, month = starts_on.year + month // 12, month % 12 + 1
    day = min(starts_on.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day) - dt.timedelta(days=1)


def check_period(
    *,
    kind: str,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    period_reason: str,
    complete: bool = True,
) -> None:
    """The period rules of 001 §8.1: a ban has a start and an end, lasts 3 months
    unless a reason says otherwise; an end never lies before the start. A proposal
    (complete=False) may leave the dates open."""
    errors: dict[str, str] = {}
    if complete and kind in PERIOD_KINDS and starts_on is None:
        errors["starts_on"] = _("Vul de ingangsdatum in.")
    if complete and kind in END_REQUIRED_KINDS and ends_on is None:
        errors["ends_on"] = _("Vul de einddatum in; deze maatregel geldt voor een bepaalde tijd.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("De einddatum ligt vóór de ingangsdatum.")
    if kind == MeasureKind.BUILDING_BAN and starts_on and ends_on and "ends_on" not in errors:
        standard_end = standard_ban_end(starts_on)
        if ends_on != standard_end and not period_reason.strip():
            errors["period_reason"] = _(
                "Een toegangsverbod duurt 3 maanden (tot %(end)s). "
                "Geef de reden voor een andere duur (001 §8.1)."
            ) % {"end": standard_end.strftime("%d-%m-%Y")}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def measure_propose(
    *,
    actor: User,
    perpetrator: Perpetrator,
    kind: str,
    incidents: Iterable[Incident],
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    period_reason: str = "",
    notes: str = "",
    minor_behaviour_reason: str = "",
) -> Measure:
    """Put a measure on the table for one or more of the person's incidents. A sanction
    for emotion or criticism only (001 §2.1 levels A and B) needs a stated reason."""
    incidents = list(incidents)
    linked = set(
        PerpetratorIncident.objects.filter(perpetrator=perpetrator).values_list("incident_id", flat=True)
    )
    if not incidents:
        raise ValidationError({"incidents": _("Kies de melding(en) waarop de maatregel een antwoord is.")})
    if any(i.pk not in linked for i in incidents):
        raise ValidationError(
            {"incidents": _("Een maatregel kan alleen over meldingen van deze persoon gaan.")}
        )
    if perpetrator.forgotten_at or perpetrator.merged_into_id:
        raise ValidationError(_("Voor deze persoon kan geen maatregel meer worden vastgelegd."))
    check_period(kind=kind, starts_on=starts_on, ends_on=ends_on, period_reason=period_reason, complete=False)
    minor = needs_minor_behaviour_reason(kind, incidents)
    if minor and not minor_behaviour_reason.strip():
        raise ValidationError({"minor_behaviour_reason": MINOR_BEHAVIOUR_ERROR})
    measure = Measure(
        perpetrator=perpetrator,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        period_reason=period_reason.strip(),
        notes=notes.strip(),
        proposed_by=actor,
        minor_behaviour_reason=minor_behaviour_reason.strip() if minor else "",
    )
    measure.full_clean(exclude=["incidents"])
    measure.save()
    measure.incidents.set(incidents)
    incidents_changed_send(Incident.objects.filter(pk__in=[i.pk for i in incidents]))
    log_event(
        actor=actor,
        action=AuditAction.MEASURE_PROPOSED,
        target=measure,
        changes={"velden": [FAIRNESS_FIELDS["minor_behaviour_reason"]]} if minor else None,
        detail=f"{measure.get_kind_display()}{MINOR_BEHAVIOUR_NOTE if minor else ''}",
    )
    return measure


def _lock(measure: Measure, version: int | None) -> Measure:
    current = Measure.objects.select_for_update().select_related("perpetrator").get(pk=measure.pk)
    if version is not None and current.version != version:
        raise ConcurrentEditError
    return current


def _save(measure: Measure, fields: list[str]) -> None:
    measure.version += 1
    measure.save(update_fields=[*fields, "version", "updated_at"])


@transaction.atomic
def measure_decide(
    *,
    actor: User,
    measure: Measure,
    decided_by: User,
    hearing: str,
    hearing_notes: str,
    grounds: str,
    proportionality: str,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    period_reason: str = "",
    version: int | None = None,
    minor_behaviour_reason: str | None = None,
    unheard_reason: str = "",
    decide_before_term: bool = False,
) -> Measure:
    """Record the decision (001 §8.1): hoor en wederhoor first (002 #9), grounds
    and proportionality, the decider and mandate. Completes the incidents'
    measure-decision step, which for a written warning or a ban opens the 48-hour
    letter step.

    The fairness guard (issue 19 item 6): a sanction for emotion or criticism only
    (001 §2.1 A/B) keeps or gets its reason (None keeps the proposal's); a written
    warning or a ban without hearing the person needs a reason; deciding while the
    person's term to answer runs needs decide_before_term."""
    measure = _lock(measure, version)
    errors: dict[str, str] = {}
    incidents = list(measure.incidents.all())
    minor = needs_minor_behaviour_reason(measure.kind, incidents)
    if minor_behaviour_reason is None:
        minor_behaviour_reason = measure.minor_behaviour_reason
    if minor and not minor_behaviour_reason.strip():
        errors["minor_behaviour_reason"] = str(MINOR_BEHAVIOUR_ERROR)
    unheard = needs_unheard_reason(measure.kind, hearing)
    if unheard and hearing in Hearing.values and not unheard_reason.strip():
        errors["unheard_reason"] = _(
            "U besluit tot een schriftelijke waarschuwing of een toegangsverbod zonder de persoon "
            "te horen. Schrijf op waarom dat toch nodig is."
        )
    early = term_running(measure.answer_by, measure.answer_received_on, clock.today())
    if early and not decide_before_term:
        errors["decide_before_term"] = _(
            "De persoon kan nog tot en met %(date)s schriftelijk reageren en heeft dat nog niet gedaan. "
            "Wacht de reactie af, of vink aan dat u toch nu besluit."
        ) % {"date": measure.answer_by.strftime("%d-%m-%Y") if measure.answer_by else ""}
    if measure.kind in HEARING_KINDS:
        if hearing not in Hearing.values:
            errors["hearing"] = _("Leg vast of de persoon is gehoord (hoor en wederhoor).")
        elif not hearing_notes.strip():
            errors["hearing_notes"] = (
                _("Schrijf op wat de persoon zei.")
                if hearing == Hearing.HEARD
                else _("Schrijf op waarom de persoon niet is gehoord.")
            )
    if not grounds.strip():
        errors["grounds"] = _("Schrijf de gronden van het besluit op.")
    if not proportionality.strip():
        errors["proportionality"] = _(
            "Schrijf op waarom deze maatregel in verhouding staat tot wat er gebeurde."
        )
    if decided_by is None:
        errors["decided_by"] = _("Kies wie het besluit neemt.")
    elif measure.kind in MANDATED_KINDS and not may_sign_measures(decided_by):
        errors["decided_by"] = _(
            "Dit besluit neemt de burgemeester of een gemandateerde manager (001 §7.3, §8.1)."
        )
    if errors:
        raise ValidationError(errors)
    check_period(kind=measure.kind, starts_on=starts_on, ends_on=ends_on, period_reason=period_reason)
    if Role.MAYOR in decided_by.role_codes:
        mandate = Mandate.MAYOR
    elif decided_by.has_measure_mandate:
        mandate = Mandate.MANDATED_MANAGER
    else:
        mandate = Mandate.MANAGER
    _set_status(actor=actor, measure=measure, status=MeasureStatus.DECIDED)
    measure.decided_by, measure.mandate, measure.decided_at = decided_by, mandate, clock.now()
    measure.hearing = hearing if measure.kind in HEARING_KINDS or hearing in Hearing.values else ""
    measure.hearing_notes = hearing_notes.strip()
    measure.grounds, measure.proportionality = grounds.strip(), proportionality.strip()
    measure.starts_on, measure.ends_on, measure.period_reason = starts_on, ends_on, period_reason.strip()
    measure.minor_behaviour_reason = minor_behaviour_reason.strip() if minor else ""
    measure.unheard_reason = unheard_reason.strip() if unheard else ""
    measure.decided_before_term = early
    _save(
        measure,
        [
            "minor_behaviour_reason",
            "unheard_reason",
            "decided_before_term",
            "status",
            "decided_by",
            "mandate",
            "decided_at",
            "hearing",
            "hearing_notes",
            "grounds",
            "proportionality",
            "starts_on",
            "ends_on",
            "period_reason",
        ],
    )
    notes = [
        *([MINOR_BEHAVIOUR_NOTE] if minor else []),
        *([UNHEARD_NOTE] if unheard else []),
        *([EARLY_NOTE] if early else []),
    ]
    if notes:
        # Which reasons were given, not their text: no personal data in the log.
        log_event(
            actor=actor,
            action=AuditAction.UPDATED,
            target=measure,
            changes={
                "velden": [
                    FAIRNESS_FIELDS[name]
                    for name, given in (("minor_behaviour_reason", minor), ("unheard_reason", unheard))
                    if given
                ]
            },
            detail="".join(notes).removeprefix("; "),
        )
    _complete_decision_steps(actor=actor, measure=measure)
    return measure


@transaction.atomic
def measure_set_answer_term(
    *, actor: User, measure: Measure, answer_by: dt.date | None, version: int | None = None
) -> Measure:
    """The term within which the person may answer the intended measure in writing
    (issue 19 item 6); the letter 'Voornemen maatregel' tells them."""
    measure = _lock(measure, version)
    if measure.status != MeasureStatus.PROPOSED:
        raise ValidationError(_("Een termijn voor een reactie hoort bij een voorgenomen maatregel."))
    if answer_by is None:
        raise ValidationError({"answer_by": _("Vul de datum in tot wanneer de persoon kan reageren.")})
    if answer_by <= clock.today():
        raise ValidationError({"answer_by": _("Kies een datum na vandaag; de persoon heeft tijd nodig.")})
    before = measure.answer_by
    measure.answer_by = answer_by
    _save(measure, ["answer_by"])
    log_event(
        actor=actor,
        action=AuditAction.UPDATED,
        target=measure,
        changes={
            str(_("termijn zienswijze")): [
                before.strftime("%d-%m-%Y") if before else "",
                answer_by.strftime("%d-%m-%Y"),
            ]
        },
    )
    return measure


ANSWER_CONTENT_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png", "message/rfc822"})


def check_answer_file(upload: UploadedFile[bytes]) -> str:
    """A written answer is a PDF, a scan or photo, or an e-mail, by its content."""
    try:
        content_type = check_evidence_file(upload)
    except ValidationError as error:
        if error.code != "wrong_type":
            raise ValidationError({"answer_file": error.messages}) from error
        content_type = ""
    if content_type not in ANSWER_CONTENT_TYPES:
        raise ValidationError(
            {"answer_file": _("‘%(name)s’ is geen PDF, scan (JPG of PNG) of e-mail.") % {"name": upload.name}}
        )
    return content_type


@transaction.atomic
def measure_record_answer(
    *,
    actor: User,
    measure: Measure,
    received_on: dt.date | None,
    text: str,
    upload: UploadedFile[bytes] | None = None,
    version: int | None = None,
) -> Measure:
    """Store the person's written answer (zienswijze) with the measure: the text as
    typed over or summarised, the day it came in, and optionally the letter itself."""
    content_type = check_answer_file(upload) if upload is not None else ""
    measure = _lock(measure, version)
    errors: dict[str, str] = {}
    if received_on is None:
        errors["answer_received_on"] = _("Vul in wanneer de reactie binnenkwam.")
    elif received_on > clock.today():
        errors["answer_received_on"] = _("Deze datum ligt in de toekomst.")
    if not text.strip():
        errors["answer_text"] = _("Schrijf de reactie over of vat haar samen.")
    if measure.answer_file and upload is not None:
        errors["answer_file"] = _("Er is al een bestand bij deze reactie. Een bestand wordt nooit vervangen.")
    if errors:
        raise ValidationError(errors)
    fields = ["answer_received_on", "answer_text"]
    measure.answer_received_on, measure.answer_text = received_on, text.strip()
    if upload is not None:
        assert upload.name is not None  # an uploaded file always has a name
        measure.answer_file.save(upload.name, upload, save=False)
        measure.answer_file_name, measure.answer_file_type = upload.name[:255], content_type
        fields += ["answer_file", "answer_file_name", "answer_file_type"]
    _save(measure, fields)
    log_event(
        actor=actor,
        action=AuditAction.UPDATED,
        target=measure,
        changes={"velden": [str(_("zienswijze")), *([str(_("bestand"))] if upload is not None else [])]},
    )
    return measure


def _complete_decision_steps(*, actor: User, measure: Measure) -> None:
    outcome = STEP_OUTCOME_OF_MEASURE[measure.kind]
    open_steps = Step.objects.filter(
        incident__in=measure.incidents.all(), kind=StepKind.MEASURE_DECISION, status=StepStatus.OPEN
    ).select_related("incident")
    for step in open_steps:
        try:
            step_complete(
                actor=actor,
                step=step,
                outcome=outcome,
                notes=_("Besloten maatregel: %(kind)s") % {"kind": measure.get_kind_display()},
            )
        except StepAlreadyRecorded:
            continue


@transaction.atomic
def measure_communicate(*, actor: User, measure: Measure, version: int | None = None) -> Measure:
    """The person has been told (at the meeting, by letter or by phone); a measure
    whose start date has come becomes active at once."""
    measure = _lock(measure, version)
    _set_status(actor=actor, measure=measure, status=MeasureStatus.COMMUNICATED)
    measure.communicated_at = clock.now()
    _save(measure, ["status", "communicated_at"])
    _activate_if_due(actor=actor, measure=measure, today=clock.today())
    return measure


def _activate_if_due(*, actor: User | None, measure: Measure, today: dt.date) -> None:
    if measure.status != MeasureStatus.COMMUNICATED:
        return
    if measure.ends_on and measure.ends_on < today:
        _end(
            actor=actor, measure=measure, reason=_("De einddatum is verstreken."), status=MeasureStatus.ENDED
        )
        return
    if measure.starts_on is None or measure.starts_on <= today:
        _set_status(actor=actor, measure=measure, status=MeasureStatus.ACTIVE)
        _save(measure, ["status"])
        if measure.kind == MeasureKind.BUILDING_BAN:
            transaction.on_commit(partial(tasks.notify_ban_active.enqueue, measure.pk))


def _end(*, actor: User | None, measure: Measure, reason: str, status: str) -> None:
    _set_status(actor=actor, measure=measure, status=status, detail=reason)
    measure.ended_at, measure.end_reason = clock.now(), reason
    _save(measure, ["status", "ended_at", "end_reason"])


@transaction.atomic
def measure_finish(*, actor: User, measure: Measure, reason: str) -> Measure:
    """End a measure without a period when its matter is settled (a damage claim
    paid or given up); a decided one counts as communicated first."""
    measure = _lock(measure, None)
    if measure.status in FINAL_STATUSES:
        return measure
    if measure.status == MeasureStatus.DECIDED:
        _set_status(actor=actor, measure=measure, status=MeasureStatus.COMMUNICATED)
    _end(actor=actor, measure=measure, reason=reason, status=MeasureStatus.ENDED)
    return measure


@transaction.atomic
def measure_withdraw(*, actor: User, measure: Measure, reason: str, version: int | None = None) -> Measure:
    """The coordinator withdraws a measure, with a reason; it leaves the reception list at once."""
    if not reason.strip():
        raise ValidationError({"reason": _("Geef de reden om de maatregel in te trekken.")})
    measure = _lock(measure, version)
    _end(actor=actor, measure=measure, reason=reason.strip(), status=MeasureStatus.WITHDRAWN)
    return measure


@transaction.atomic
def measure_plan_meeting(
    *,
    actor: User,
    measure: Measure,
    meeting_at: dt.datetime,
    place: str,
    attendees: str,
    version: int | None = None,
) -> Measure:
    """Plan the conduct meeting (001 §7.4 stap 3): date, place and who attends."""
    measure = _lock(measure, version)
    if measure.kind != MeasureKind.CONDUCT_MEETING:
        raise ValidationError(_("Alleen een ordegesprek wordt gepland."))
    if measure.status in FINAL_STATUSES:
        raise ValidationError(_("Deze maatregel is al beëindigd."))
    errors = {}
    if meeting_at is None:
        errors["meeting_at"] = _("Vul datum en tijd van het gesprek in.")
    if not place.strip():
        errors["meeting_place"] = _("Vul de plaats van het gesprek in.")
    if not attendees.strip():
        errors["meeting_attendees"] = _("Vul in wie namens de organisatie aanwezig zijn.")
    if errors:
        raise ValidationError(errors)
    measure.meeting_at, measure.meeting_place = meeting_at, place.strip()
    measure.meeting_attendees = attendees.strip()
    _save(measure, ["meeting_at", "meeting_place", "meeting_attendees"])
    log_event(
        actor=actor, action=AuditAction.UPDATED, target=measure, changes={"velden": ["ordegesprek gepland"]}
    )
    return measure


@transaction.atomic
def measure_record_meeting(
    *, actor: User, measure: Measure, attendance: str, outcome: str, version: int | None = None
) -> Measure:
    """Record whether the person came and what was agreed. After a no-show the
    letters go by ordinary and by registered post (001 §8.1)."""
    measure = _lock(measure, version)
    if measure.kind != MeasureKind.CONDUCT_MEETING or measure.meeting_at is None:
        raise ValidationError(_("Plan eerst het ordegesprek."))
    if attendance not in MeetingAttendance.values:
        raise ValidationError({"meeting_attendance": _("Kies of de persoon is verschenen.")})
    if attendance == MeetingAttendance.ATTENDED and not outcome.strip():
        raise ValidationError({"meeting_outcome": _("Schrijf de uitkomst van het gesprek op.")})
    measure.meeting_attendance, measure.meeting_outcome = attendance, outcome.strip()
    _save(measure, ["meeting_attendance", "meeting_outcome"])
    log_event(
        actor=actor,
        action=AuditAction.UPDATED,
        target=measure,
        changes={str(_("opkomst")): ["", str(MeetingAttendance(attendance).label)]},
    )
    if attendance == MeetingAttendance.NO_SHOW:
        conduct_meeting_missed.send(sender=Measure, actor=actor, measure=measure)
    return measure
