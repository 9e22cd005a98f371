"""Writes of the letter library and of issued letters (DESIGN §2.3; 001 §8.1)."""

import contextlib
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gir.accounts.models import User
from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock
from gir.core.exceptions import ConcurrentEditError, StorageUnavailable
from gir.perpetrators.constants import MANDATED_KINDS, MeasureStatus
from gir.perpetrators.models import Measure, Perpetrator
from gir.perpetrators.policy import may_sign_measures
from gir.perpetrators.services import measure_communicate
from gir.protocol.constants import StepKind, StepStatus
from gir.protocol.models import Step
from gir.protocol.services import StepAlreadyRecorded, step_complete

from .constants import INTENT_TEMPLATE_CODE, NO_SHOW_DESTINATIONS, CopyDestination
from .measure_file import measure_file_pdf
from .merge import FIELD, PRIVACY_NOTICE, LetterContext, check_merge_fields, merge
from .models import Letter, LetterCopy, LetterTemplate, LetterText
from .render import render_docx, render_pdf
from .selectors import next_reference

TEMPLATE_FIELDS = ("code", "title", "measure_kind", "subject", "body", "is_active")
PERSON_DESTINATIONS = frozenset(
    {
        CopyDestination.PERSON_AT_MEETING,
        CopyDestination.PERSON_BY_POST,
        CopyDestination.PERSON_BY_REGISTERED_POST,
    }
)


class Delivery:
    """How the person gets the letter: at the conduct meeting, or by post."""

    AT_MEETING = "at_meeting"
    BY_POST = "by_post"
    NO_SHOW = "no_show"


DELIVERY_DESTINATIONS = {
    Delivery.AT_MEETING: (CopyDestination.PERSON_AT_MEETING,),
    Delivery.BY_POST: (CopyDestination.PERSON_BY_POST,),
    Delivery.NO_SHOW: NO_SHOW_DESTINATIONS,
}


@transaction.atomic
def template_save(
    *, actor: User, data: dict[str, Any], template: LetterTemplate | None = None, version: int | None = None
) -> LetterTemplate:
    """Create or change a letter template; unknown merge fields are refused."""
    check_merge_fields(data.get("subject", ""), data.get("body", ""))
    creating = template is None
    if template is None:
        template = LetterTemplate()
    else:
        current = LetterTemplate.objects.select_for_update().get(pk=template.pk)
        if version is not None and current.version != version:
            raise ConcurrentEditError
        template = current
    changed = [name for name in TEMPLATE_FIELDS if name in data and getattr(template, name) != data[name]]
    for name in changed:
        setattr(template, name, data[name])
    template.full_clean()
    if not creating:
        template.version += 1
    template.save()
    log_event(
        actor=actor,
        action=AuditAction.TEMPLATE_CHANGED,
        target=template,
        changes={"velden": changed},
        detail=template.title,
    )
    return template


@transaction.atomic
def letter_issue(
    *,
    actor: User,
    measure: Measure,
    template: LetterTemplate,
    signed_by: User,
    signatory_title: str,
    delivery: str,
    to_police: bool = False,
) -> Letter:
    """Make the letter (PDF and Word), plan its copies and complete the incidents'
    48-hour letter step (001 §8.1: "binnen 48 uur na incident", "in 5-voud")."""
    measure = Measure.objects.select_for_update().select_related("perpetrator").get(pk=measure.pk)
    errors: dict[str, str] = {}
    intent = template.code == INTENT_TEMPLATE_CODE
    if measure.status == MeasureStatus.PROPOSED and not intent:
        errors["template"] = _("Een brief volgt op een besluit; leg eerst het besluit vast.")
    elif intent and measure.status != MeasureStatus.PROPOSED:
        errors["template"] = _("De brief over het voornemen past alleen vóór het besluit.")
    elif intent and measure.answer_by is None:
        errors["template"] = _(
            "Leg eerst bij de maatregel vast tot wanneer de persoon schriftelijk kan reageren."
        )
    if (
        template.measure_kind
        and template.measure_kind != measure.kind
        and measure.status
        not in (
            MeasureStatus.ENDED,
            MeasureStatus.WITHDRAWN,
        )
    ):
        errors["template"] = _("Deze brief hoort bij een andere maatregel.")
    if not template.is_active:
        errors["template"] = _("Deze brief is niet meer in gebruik.")
    if signed_by is None or not may_sign_measures(signed_by) and measure.kind in MANDATED_KINDS:
        errors["signed_by"] = _(
            "De brief wordt ondertekend door de burgemeester of een gemandateerde manager."
        )
    if not signatory_title.strip():
        errors["signatory_title"] = _("Vul de functie in van wie ondertekent.")
    if delivery not in DELIVERY_DESTINATIONS:
        errors["delivery"] = _("Kies hoe de persoon de brief krijgt.")
    if measure.perpetrator.forgotten_at or not measure.perpetrator.full_name:
        errors["template"] = _("Een brief vraagt een persoon met een naam.")
    if errors:
        raise ValidationError(errors)
    issued_at = clock.now()
    reference = next_reference(measure)
    context = LetterContext(
        measure=measure,
        signatory=signed_by,
        signatory_title=signatory_title.strip(),
        reference=reference,
        issued_on=timezone.localdate(issued_at),
    )
    letter = Letter(
        measure=measure,
        template=template,
        reference=reference,
        subject=merge(template.subject, context),
        body=merge(template.body, context),
        signed_by=signed_by,
        signatory_title=signatory_title.strip(),
        issued_at=issued_at,
        issued_by=actor,
    )
    letter.pdf.save(f"{reference}.pdf", ContentFile(render_pdf(letter)), save=False)
    try:
        letter.docx.save(f"{reference}.docx", ContentFile(render_docx(letter)), save=False)
    except BaseException:
        with contextlib.suppress(StorageUnavailable):  # logged by the storage
            letter.pdf.delete(save=False)  # no file without its letter row
        raise
    letter.save()
    destinations = [
        *DELIVERY_DESTINATIONS[delivery],
        CopyDestination.FILE,
        *([CopyDestination.POLICE] if to_police else []),
        CopyDestination.REGISTER,
    ]
    LetterCopy.objects.bulk_create(LetterCopy(letter=letter, destination=d) for d in destinations)
    log_event(
        actor=actor, action=AuditAction.LETTER_ISSUED, target=measure, detail=f"{reference} {template.title}"
    )
    if not intent:  # the 48-hour letter step is about the decision's letter
        _complete_letter_steps(actor=actor, measure=measure, letter=letter)
    return letter


def _complete_letter_steps(*, actor: User, measure: Measure, letter: Letter) -> None:
    steps = Step.objects.filter(
        incident__in=measure.incidents.all(), kind=StepKind.MEASURE_LETTER, status=StepStatus.OPEN
    ).select_related("incident")
    for step in steps:
        try:
            step_complete(
                actor=actor, step=step, notes=_("Brief %(ref)s opgemaakt") % {"ref": letter.reference}
            )
        except StepAlreadyRecorded:
            continue


@transaction.atomic
def letter_copy_done(*, actor: User, copy: LetterCopy) -> LetterCopy:
    """Record that a copy went out; the person's copy means the measure is communicated."""
    updated = LetterCopy.objects.filter(pk=copy.pk, done_at__isnull=True).update(
        done_at=clock.now(), done_by=actor
    )
    copy = LetterCopy.objects.select_related("letter__measure").get(pk=copy.pk)
    if not updated:
        return copy
    measure = copy.letter.measure
    log_event(
        actor=actor,
        action=AuditAction.LETTER_COPY_DONE,
        target=measure,
        detail=f"{copy.letter.reference}: {copy.get_destination_display()}",
    )
    if copy.destination in PERSON_DESTINATIONS and measure.status == MeasureStatus.DECIDED:
        measure_communicate(actor=actor, measure=measure)
    return copy


def letters_on_missed_meeting(sender: object, *, actor: User, measure: Measure, **kwargs: object) -> None:
    """The receiver of perpetrators.signals.conduct_meeting_missed (connected in apps.py)."""
    letters_after_no_show(actor=actor, perpetrator=measure.perpetrator)


def letters_after_no_show(*, actor: User, perpetrator: Perpetrator) -> int:
    """The person did not come to the conduct meeting: letters meant to be handed
    over go by ordinary and by registered post instead (001 §8.1)."""
    pending = LetterCopy.objects.filter(
        letter__measure__perpetrator=perpetrator,
        destination=CopyDestination.PERSON_AT_MEETING,
        done_at__isnull=True,
    ).select_related("letter")
    changed = 0
    for copy in pending:
        letter = copy.letter
        copy.delete()
        for destination in NO_SHOW_DESTINATIONS:
            LetterCopy.objects.get_or_create(letter=letter, destination=destination)
        log_event(
            actor=actor,
            action=AuditAction.UPDATED,
            target=letter.measure,
            detail=_("%(ref)s: niet verschenen, brief per post en aangetekend") % {"ref": letter.reference},
        )
        changed += 1
    return changed


@transaction.atomic
def measure_file_export(*, actor: User, measure: Measure) -> bytes:
    """The file of a measure for an objection committee or the ombudsman (issue 19
    item 6), audit-logged: who made it, of which measure."""
    pdf = measure_file_pdf(measure)
    log_event(actor=actor, action=AuditAction.MEASURE_FILE_EXPORTED, target=measure, detail="pdf")
    return pdf


def letter_text_save(*, actor: User, letter_text: LetterText, text: str, version: int) -> LetterText:
    """Change a text every letter carries (the privacy notice). Its own merge fields are
    checked like a template's; it cannot hold its own merge field."""
    check_merge_fields(text)
    if PRIVACY_NOTICE in FIELD.findall(text):
        raise ValidationError(
            {"text": _("De privacyverklaring kan zichzelf niet bevatten: haal {{ privacyverklaring }} weg.")}
        )
    current = LetterText.objects.select_for_update().get(pk=letter_text.pk)
    if current.version != version:
        raise ConcurrentEditError
    current.text = text
    current.version += 1
    current.full_clean()
    current.save(update_fields=["text", "version", "updated_at"])
    log_event(actor=actor, action=AuditAction.TEMPLATE_CHANGED, target=current, detail=current.title)
    return current
