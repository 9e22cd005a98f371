"""Objections (bezwaar) against a decided measure and their outcome (001 §8.1)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gir.accounts.models import User
from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock
from gir.perpetrators.constants import FINAL_STATUSES, OBJECTABLE_KINDS, MeasureStatus, ObjectionOutcome
from gir.perpetrators.models import Measure, Objection

from .measures import _end, _lock, _save


@transaction.atomic
def objection_record(*, actor: User, measure: Measure, received_on: dt.date, grounds: str) -> Objection:
    measure = _lock(measure, None)
    if measure.kind not in OBJECTABLE_KINDS:
        raise ValidationError(_("Tegen deze maatregel staat geen bezwaar open."))
    if measure.status not in {MeasureStatus.DECIDED, MeasureStatus.COMMUNICATED, MeasureStatus.ACTIVE}:
        raise ValidationError(_("Bezwaar kan alleen tegen een besloten maatregel die nog loopt."))
    errors = {}
    if received_on is None:
        errors["received_on"] = _("Vul de datum van ontvangst in.")
    elif received_on > clock.today():
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
    actor: User,
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
        assert new_ends_on is not None  # required for a partly founded objection, checked above
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
        if new_ends_on < clock.today():
            _end(actor=actor, measure=measure, reason=_("Bezwaar deels gegrond."), status=MeasureStatus.ENDED)
    return objection
