"""Writes of the perpetrator register and of measures (DESIGN §2.3; 001 §6.4, §8).

Every function runs in one transaction and writes the audit log. Personal data
never goes into the audit log itself (only field names), so that removing a
person after the retention period leaves nothing of them behind.
"""

import calendar
import datetime as dt
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from PIL import Image, UnidentifiedImageError

from gir.access.policy import may_sign_measures
from gir.accounts.constants import Role
from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core.exceptions import ConcurrentEditError
from gir.incidents.evidence import sniff_content_type
from gir.incidents.models import Incident
from gir.protocol.constants import StepKind, StepStatus
from gir.protocol.models import Step
from gir.protocol.services import StepAlreadyRecorded, step_complete
from gir.reports import tallies

from . import tasks
from .constants import (
    BAN_STANDARD_MONTHS,
    END_REQUIRED_KINDS,
    FINAL_STATUSES,
    HEARING_KINDS,
    MANDATED_KINDS,
    MEASURE_TRANSITIONS,
    OBJECTABLE_KINDS,
    PERIOD_KINDS,
    STEP_OUTCOME_OF_MEASURE,
    Hearing,
    Mandate,
    MeasureKind,
    MeasureStatus,
    MeetingAttendance,
    ObjectionOutcome,
)
from .models import Measure, Objection, Perpetrator, PerpetratorIncident
from .search import search_text_of

PERSON_FIELDS = (
    "is_unknown",
    "full_name",
    "date_of_birth",
    "aliases",
    "description",
    "address",
    "online_accounts",
)
PHOTO_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})


# --- The register -------------------------------------------------------------


def check_photo(upload: UploadedFile) -> None:
    """A photo is an image by its content, whatever its name says."""
    if sniff_content_type(upload) not in PHOTO_TYPES:
        raise ValidationError(
            {"photo": _("‘%(name)s’ is geen foto (JPEG, PNG, WebP of GIF).") % {"name": upload.name}}
        )
    try:
        with Image.open(upload) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValidationError(
            {"photo": _("‘%(name)s’ is beschadigd of geen foto.") % {"name": upload.name}}
        ) from error
    finally:
        upload.seek(0)
    if upload.size and upload.size > 10 * 1024 * 1024:
        raise ValidationError({"photo": _("Een foto mag hoogstens 10 MB zijn.")})


@transaction.atomic
def perpetrator_save(
    *,
    actor: Any,
    data: dict[str, Any],
    perpetrator: Perpetrator | None = None,
    photo: UploadedFile | None = None,
    version: int | None = None,
    incident: Incident | None = None,
) -> Perpetrator:
    """Create or update a person in the register; a new person can be linked to an incident at once."""
    creating = perpetrator is None
    if creating:
        perpetrator = Perpetrator(created_by=actor if getattr(actor, "pk", None) else None)
    else:
        current = Perpetrator.objects.select_for_update().get(pk=perpetrator.pk)
        if version is not None and current.version != version:
            raise ConcurrentEditError
        if current.forgotten_at or current.merged_into_id:
            raise ValidationError(_("Deze persoon kan niet meer worden gewijzigd."))
    changed = [name for name in PERSON_FIELDS if name in data and getattr(perpetrator, name) != data[name]]
    for name in changed:
        setattr(perpetrator, name, data[name])
    if not perpetrator.is_unknown and not perpetrator.full_name.strip():
        raise ValidationError({"full_name": _("Vul de naam in, of kies ‘onbekende persoon’.")})
    if perpetrator.is_unknown and not perpetrator.description.strip():
        raise ValidationError(
            {"description": _("Beschrijf een onbekende persoon, zodat die te herkennen is.")}
        )
    if photo is not None:
        check_photo(photo)
        if perpetrator.photo:
            perpetrator.photo.delete(save=False)
        perpetrator.photo.save("photo", photo, save=False)
        changed.append("photo")
    perpetrator.search_text = search_text_of(perpetrator.full_name, perpetrator.alias_list)
    perpetrator.full_clean(exclude=["photo"])
    if creating:
        perpetrator.save()
        log_event(actor=actor, action=AuditAction.CREATED, target=perpetrator)
    else:
        perpetrator.version += 1
        perpetrator.save()
        # Field names only: the audit log must not keep personal data (see module docstring).
        log_event(actor=actor, action=AuditAction.UPDATED, target=perpetrator, changes={"velden": changed})
    if incident is not None:
        perpetrator_link(actor=actor, perpetrator=perpetrator, incident=incident)
    return perpetrator


@transaction.atomic
def perpetrator_link(*, actor: Any, perpetrator: Perpetrator, incident: Incident) -> PerpetratorIncident:
    link, created = PerpetratorIncident.objects.get_or_create(
        perpetrator=perpetrator, incident=incident, defaults={"linked_by": actor}
    )
    if created:
        # Whether this and the person's later incidents count as repeats (gir.reports.tallies).
        tallies.mark_changed(Incident.objects.filter(perpetrator_links__perpetrator=perpetrator))
        detail = _("Melding %(incident)s") % {"incident": incident.pk}
        log_event(actor=actor, action=AuditAction.PERPETRATOR_LINKED, target=perpetrator, detail=detail)
        log_event(
            actor=actor,
            action=AuditAction.PERPETRATOR_LINKED,
            target=incident,
            detail=_("Veroorzaker #%(pk)s") % {"pk": perpetrator.pk},
        )
    return link


@transaction.atomic
def perpetrator_unlink(*, actor: Any, perpetrator: Perpetrator, incident: Incident) -> None:
    if Measure.objects.filter(perpetrator=perpetrator, incidents=incident).exists():
        raise ValidationError(_("Er is een maatregel voor deze melding; de koppeling blijft."))
    tallies.mark_changed(Incident.objects.filter(perpetrator_links__perpetrator=perpetrator))
    deleted, _rows = PerpetratorIncident.objects.filter(perpetrator=perpetrator, incident=incident).delete()
    if deleted:
        log_event(
            actor=actor,
            action=AuditAction.PERPETRATOR_UNLINKED,
            target=perpetrator,
            detail=_("Melding %(incident)s") % {"incident": incident.pk},
        )


def _erase_personal_data(perpetrator: Perpetrator) -> None:
    """Blank what identifies the person (the photo is the caller's: merge moves it, forget deletes it)."""
    for name in ("full_name", "aliases", "description", "address", "online_accounts", "search_text"):
        setattr(perpetrator, name, "")
    perpetrator.date_of_birth = None


def _lines(*texts: str) -> str:
    seen: list[str] = []
    for text in texts:
        for line in text.splitlines():
            if line.strip() and line.strip().lower() not in {s.lower() for s in seen}:
                seen.append(line.strip())
    return "\n".join(seen)


@transaction.atomic
def perpetrator_merge(*, actor: Any, source: Perpetrator, target: Perpetrator) -> Perpetrator:
    """Merge a duplicate (source) into target: links, measures and what is known move
    to target; source stays as a pointer, so old references still resolve."""
    if source.pk == target.pk:
        raise ValidationError(_("Een persoon kan niet met zichzelf worden samengevoegd."))
    locked = {p.pk: p for p in Perpetrator.objects.select_for_update().filter(pk__in=[source.pk, target.pk])}
    source, target = locked[source.pk], locked[target.pk]
    if source.merged_into_id or target.merged_into_id or source.forgotten_at or target.forgotten_at:
        raise ValidationError(_("Een van beide personen is al samengevoegd of verwijderd."))
    tallies.mark_changed(Incident.objects.filter(perpetrator_links__perpetrator__in=[source, target]))
    for link in PerpetratorIncident.objects.filter(perpetrator=source):
        PerpetratorIncident.objects.get_or_create(
            perpetrator=target, incident_id=link.incident_id, defaults={"linked_by": link.linked_by}
        )
    PerpetratorIncident.objects.filter(perpetrator=source).delete()
    moved_measures = Measure.objects.filter(perpetrator=source).update(perpetrator=target)
    names = [source.full_name] if source.full_name and source.full_name != target.full_name else []
    target.aliases = _lines(target.aliases, *names, source.aliases)
    target.online_accounts = _lines(target.online_accounts, source.online_accounts)
    target.is_unknown = target.is_unknown and source.is_unknown
    if target.is_unknown is False and not target.full_name:
        target.full_name = source.full_name
    for name in ("date_of_birth", "address"):
        if not getattr(target, name):
            setattr(target, name, getattr(source, name))
    target.description = _lines(target.description, source.description)
    if not target.photo and source.photo:
        target.photo, source.photo = source.photo, None
    target.search_text = search_text_of(target.full_name, target.alias_list)
    target.version += 1
    target.save()
    _erase_personal_data(source)
    source.merged_into = target
    source.version += 1
    source.save()
    detail = _("#%(source)s samengevoegd in #%(target)s (%(measures)s maatregelen verplaatst)") % {
        "source": source.pk,
        "target": target.pk,
        "measures": moved_measures,
    }
    log_event(actor=actor, action=AuditAction.PERPETRATORS_MERGED, target=target, detail=detail)
    log_event(actor=actor, action=AuditAction.PERPETRATORS_MERGED, target=source, detail=detail)
    return target


def perpetrator_read_log(*, actor: Any, perpetrator: Perpetrator) -> None:
    """Every read of a register record is audit-logged (DESIGN §1)."""
    log_event(actor=actor, action=AuditAction.PERPETRATOR_READ, target=perpetrator)


# --- Measures -------------------------------------------------------------------


def _status_label(status: str) -> str:
    return str(MeasureStatus(status).label)


def _set_status(*, actor: Any, measure: Measure, status: str, detail: str = "") -> None:
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
    actor: Any,
    perpetrator: Perpetrator,
    kind: str,
    incidents: Iterable[Incident],
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    period_reason: str = "",
    notes: str = "",
) -> Measure:
    """Put a measure on the table for one or more of the person's incidents."""
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
    measure = Measure(
        perpetrator=perpetrator,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        period_reason=period_reason.strip(),
        notes=notes.strip(),
        proposed_by=actor,
    )
    measure.full_clean(exclude=["incidents"])
    measure.save()
    measure.incidents.set(incidents)
    tallies.mark_changed(Incident.objects.filter(pk__in=[i.pk for i in incidents]))
    log_event(
        actor=actor, action=AuditAction.MEASURE_PROPOSED, target=measure, detail=measure.get_kind_display()
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
    actor: Any,
    measure: Measure,
    decided_by: Any,
    hearing: str,
    hearing_notes: str,
    grounds: str,
    proportionality: str,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    period_reason: str = "",
    version: int | None = None,
) -> Measure:
    """Record the decision (001 §8.1): hoor en wederhoor first (002 #9), grounds
    and proportionality, the decider and mandate. Completes the incidents'
    measure-decision step, which for a written warning or a ban opens the 48-hour
    letter step."""
    measure = _lock(measure, version)
    errors: dict[str, str] = {}
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
    measure.decided_by, measure.mandate, measure.decided_at = decided_by, mandate, timezone.now()
    measure.hearing = hearing if measure.kind in HEARING_KINDS or hearing in Hearing.values else ""
    measure.hearing_notes = hearing_notes.strip()
    measure.grounds, measure.proportionality = grounds.strip(), proportionality.strip()
    measure.starts_on, measure.ends_on, measure.period_reason = starts_on, ends_on, period_reason.strip()
    _save(
        measure,
        [
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
    _complete_decision_steps(actor=actor, measure=measure)
    return measure


def _complete_decision_steps(*, actor: Any, measure: Measure) -> None:
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
def measure_communicate(*, actor: Any, measure: Measure, version: int | None = None) -> Measure:
    """The person has been told (at the meeting, by letter or by phone); a measure
    whose start date has come becomes active at once."""
    measure = _lock(measure, version)
    _set_status(actor=actor, measure=measure, status=MeasureStatus.COMMUNICATED)
    measure.communicated_at = timezone.now()
    _save(measure, ["status", "communicated_at"])
    _activate_if_due(actor=actor, measure=measure, today=timezone.localdate())
    return measure


def _activate_if_due(*, actor: Any, measure: Measure, today: dt.date) -> None:
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


def _end(*, actor: Any, measure: Measure, reason: str, status: str) -> None:
    _set_status(actor=actor, measure=measure, status=status, detail=reason)
    measure.ended_at, measure.end_reason = timezone.now(), reason
    _save(measure, ["status", "ended_at", "end_reason"])


@transaction.atomic
def measure_finish(*, actor: Any, measure: Measure, reason: str) -> Measure:
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
def measure_withdraw(*, actor: Any, measure: Measure, reason: str, version: int | None = None) -> Measure:
    """The coordinator withdraws a measure, with a reason; it leaves the reception list at once."""
    if not reason.strip():
        raise ValidationError({"reason": _("Geef de reden om de maatregel in te trekken.")})
    measure = _lock(measure, version)
    _end(actor=actor, measure=measure, reason=reason.strip(), status=MeasureStatus.WITHDRAWN)
    return measure


@transaction.atomic
def measure_plan_meeting(
    *,
    actor: Any,
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
    *, actor: Any, measure: Measure, attendance: str, outcome: str, version: int | None = None
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
        from gir.letters.services import letters_after_no_show

        letters_after_no_show(actor=actor, perpetrator=measure.perpetrator)
    return measure


# --- Objections (bezwaar) ---------------------------------------------------------


@transaction.atomic
def objection_record(*, actor: Any, measure: Measure, received_on: dt.date, grounds: str) -> Objection:
    measure = _lock(measure, None)
    if measure.kind not in OBJECTABLE_KINDS:
        raise ValidationError(_("Tegen deze maatregel staat geen bezwaar open."))
    if measure.status not in {MeasureStatus.DECIDED, MeasureStatus.COMMUNICATED, MeasureStatus.ACTIVE}:
        raise ValidationError(_("Bezwaar kan alleen tegen een besloten maatregel die nog loopt."))
    errors = {}
    if received_on is None:
        errors["received_on"] = _("Vul de datum van ontvangst in.")
    elif received_on > timezone.localdate():
        errors["received_on"] = _("De datum van ontvangst ligt in de toekomst.")
    if not grounds.strip():
        errors["grounds"] = _("Schrijf op waar het bezwaar over gaat.")
    if errors:
        raise ValidationError(errors)
    objection = Objection.objects.create(
        measure=measure, received_on=received_on, grounds=grounds.strip(), recorded_by=actor
    )
    log_event(
        actor=actor, action=AuditAction.OBJECTION_RECORDED, target=measure, detail=_("Bezwaar ontvangen")
    )
    return objection


@transaction.atomic
def objection_decide(
    *,
    actor: Any,
    objection: Objection,
    outcome: str,
    handling: str,
    decided_on: dt.date,
    new_ends_on: dt.date | None = None,
) -> Objection:
    """Record the outcome. A ban set aside on objection ends at once; a partly
    founded objection shortens it."""
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.outcome:
        raise ValidationError(_("Over dit bezwaar is al beslist."))
    errors = {}
    if outcome not in ObjectionOutcome.values:
        errors["outcome"] = _("Kies de uitkomst van het bezwaar.")
    if decided_on is None:
        errors["decided_on"] = _("Vul de datum van de beslissing in.")
    elif decided_on < objection.received_on:
        errors["decided_on"] = _("De beslissing ligt vóór de ontvangst van het bezwaar.")
    if not handling.strip():
        errors["handling"] = _("Schrijf op hoe het bezwaar is behandeld.")
    if outcome == ObjectionOutcome.PARTLY and new_ends_on is None:
        errors["new_ends_on"] = _("Vul de nieuwe einddatum in.")
    if errors:
        raise ValidationError(errors)
    objection.outcome, objection.handling, objection.decided_on = outcome, handling.strip(), decided_on
    objection.save(update_fields=["outcome", "handling", "decided_on", "updated_at"])
    measure = _lock(objection.measure, None)
    log_event(
        actor=actor,
        action=AuditAction.OBJECTION_RECORDED,
        target=measure,
        changes={str(_("bezwaar")): ["", str(ObjectionOutcome(outcome).label)]},
    )
    if outcome == ObjectionOutcome.FOUNDED and measure.status not in FINAL_STATUSES:
        _end(actor=actor, measure=measure, reason=_("Bezwaar gegrond verklaard."), status=MeasureStatus.ENDED)
    elif outcome == ObjectionOutcome.PARTLY and measure.status not in FINAL_STATUSES:
        if measure.starts_on and new_ends_on < measure.starts_on:
            raise ValidationError({"new_ends_on": _("De einddatum ligt vóór de ingangsdatum.")})
        before = measure.ends_on
        measure.ends_on = new_ends_on
        _save(measure, ["ends_on"])
        log_event(
            actor=actor,
            action=AuditAction.UPDATED,
            target=measure,
            changes={str(_("einddatum")): [str(before or ""), str(new_ends_on)]},
            detail=_("Bezwaar deels gegrond."),
        )
        if new_ends_on < timezone.localdate():
            _end(actor=actor, measure=measure, reason=_("Bezwaar deels gegrond."), status=MeasureStatus.ENDED)
    return objection


# --- Time passes: measures start and end; personal data is forgotten ----------------


def measures_refresh(*, today: dt.date | None = None) -> dict[str, int]:
    """Communicated measures whose start has come become active; measures past
    their end date end by themselves (001 §8.1: start- en einddatum)."""
    today = today or timezone.localdate()
    counts = {"activated": 0, "ended": 0}
    due = Measure.objects.filter(status=MeasureStatus.COMMUNICATED).filter(
        Q(starts_on__isnull=True) | Q(starts_on__lte=today)
    )
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            measure = Measure.objects.select_for_update().get(pk=pk)
            before = measure.status
            _activate_if_due(actor=None, measure=measure, today=today)
            counts["activated" if measure.status == MeasureStatus.ACTIVE else "ended"] += (
                before != measure.status
            )
    expired = Measure.objects.filter(
        status__in=[MeasureStatus.ACTIVE, MeasureStatus.COMMUNICATED], ends_on__lt=today
    )
    for pk in expired.values_list("pk", flat=True):
        with transaction.atomic():
            measure = Measure.objects.select_for_update().get(pk=pk)
            if measure.status in FINAL_STATUSES:
                continue
            _end(
                actor=None,
                measure=measure,
                reason=_("De einddatum is verstreken."),
                status=MeasureStatus.ENDED,
            )
            counts["ended"] += 1
    return counts


def forgettable_perpetrators(*, now: dt.datetime | None = None):
    """People whose retention period has passed: no measure still running or ended
    within the period, and every linked incident closed longer ago than the period."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.GIR_PERPETRATOR_RETENTION_DAYS)
    return (
        Perpetrator.objects.filter(forgotten_at__isnull=True, merged_into__isnull=True)
        .exclude(measures__status__in=[s for s in MeasureStatus.values if s not in FINAL_STATUSES])
        .exclude(measures__ended_at__gt=cutoff)
        .exclude(links__incident__closed_at__isnull=True)
        .exclude(links__incident__closed_at__gt=cutoff)
        .exclude(created_at__gt=cutoff)
    )


@transaction.atomic
def perpetrator_forget(*, perpetrator: Perpetrator) -> list[str]:
    """Remove a person's personal data; the row, its links and its measures stay
    so that reports keep their counts without the person."""
    perpetrator = Perpetrator.objects.select_for_update().get(pk=perpetrator.pk)
    removed = [name for name in PERSON_FIELDS[1:] if getattr(perpetrator, name)]
    _erase_personal_data(perpetrator)
    if perpetrator.photo:
        perpetrator.photo.delete(save=False)
        removed.append("photo")
    perpetrator.forgotten_at = timezone.now()
    perpetrator.save()
    # What the reporter wrote about the person on the incident goes too.
    incident_ids = list(perpetrator.links.values_list("incident_id", flat=True))
    Incident.objects.filter(pk__in=incident_ids).update(perpetrator_name="", perpetrator_description="")
    log_event(
        actor=None,
        action=AuditAction.PERPETRATOR_FORGOTTEN,
        target=perpetrator,
        changes={"velden": removed, "meldingen": incident_ids},
        detail=_("Bewaartermijn verstreken"),
    )
    return removed


def perpetrators_forget_due(*, now: dt.datetime | None = None) -> int:
    count = 0
    for perpetrator in forgettable_perpetrators(now=now):
        perpetrator_forget(perpetrator=perpetrator)
        count += 1
    return count
