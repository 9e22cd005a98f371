"""Writes of the rights of the person in the register: a request recorded, a request
decided, and the art. 15 overview made. Each in a transaction with an audit entry that
carries no content (the privacy officer reads the log)."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gir.accounts.models import User
from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock
from gir.core.exceptions import ConcurrentEditError
from gir.perpetrators.models import Perpetrator

from ..models import SubjectRequest

DECISION_FIELDS = ("decision", "decided_on", "grounds")


@transaction.atomic
def subject_request_record(
    *, actor: User, perpetrator: Perpetrator, kind: str, received_on: dt.date, request: str
) -> SubjectRequest:
    """Record a request the person made about their own data (AVG art. 15-21); its term
    of one month runs from ``received_on`` (art. 12(3))."""
    if received_on > clock.today():
        raise ValidationError({"received_on": _("De datum van ontvangst ligt in de toekomst.")})
    record = SubjectRequest(
        perpetrator=perpetrator, kind=kind, received_on=received_on, request=request, recorded_by=actor
    )
    record.full_clean()
    record.save()
    log_event(
        actor=actor,
        action=AuditAction.CREATED,
        target=record,
        changes={"soort": kind, "ontvangen_op": received_on.isoformat(), "veroorzaker": perpetrator.pk},
    )
    return record


@transaction.atomic
def subject_request_decide(
    *, actor: User, subject_request: SubjectRequest, data: dict[str, Any], version: int
) -> SubjectRequest:
    """Record (or correct) the decision on a request: granted, partly or refused, on
    which day and on what grounds. A stale form is refused (ConcurrentEditError)."""
    record = SubjectRequest.objects.select_for_update().get(pk=subject_request.pk)
    if record.version != version:
        raise ConcurrentEditError
    errors: dict[str, str] = {}
    decision, decided_on, grounds = data.get("decision", ""), data.get("decided_on"), data.get("grounds", "")
    if not decision:
        errors["decision"] = _("Kies de beslissing.")
    if decided_on is None:
        errors["decided_on"] = _("Vul de datum van de beslissing in.")
    elif decided_on < record.received_on:
        errors["decided_on"] = _("De beslissing kan niet vóór de ontvangst van het verzoek liggen.")
    if decision and decision != "granted" and not grounds.strip():
        errors["grounds"] = _("Schrijf op waarom het verzoek (deels) is afgewezen.")
    if errors:
        raise ValidationError(errors)
    changed = [name for name in DECISION_FIELDS if getattr(record, name) != data[name]]
    record.decision, record.decided_on, record.grounds = decision, decided_on, grounds
    record.decided_by = actor
    record.version += 1
    record.full_clean()
    record.save(update_fields=[*DECISION_FIELDS, "decided_by", "version", "updated_at"])
    log_event(
        actor=actor,
        action=AuditAction.UPDATED,
        target=record,
        changes={"velden": changed, "beslissing": decision},
    )
    return record


@transaction.atomic
def subject_access_exported(*, actor: User, perpetrator: Perpetrator) -> None:
    """Making the art. 15 overview is a read of everything GIR holds about the person."""
    log_event(actor=actor, action=AuditAction.SUBJECT_ACCESS_EXPORTED, target=perpetrator)


@transaction.atomic
def subject_request_extend(
    *, actor: User, subject_request: SubjectRequest, reason: str, version: int
) -> SubjectRequest:
    """Extend the term by two months (AVG art. 12(3)): only once, only for an open
    request, only within the first month, and with the reason the person is told."""
    record = SubjectRequest.objects.select_for_update().get(pk=subject_request.pk)
    if record.version != version:
        raise ConcurrentEditError
    today = clock.today()
    if record.decision:
        raise ValidationError(_("Over dit verzoek is al beslist; verlengen kan niet meer."))
    if record.extended_on:
        raise ValidationError(_("De termijn is al verlengd. Dat kan maar één keer."))
    if today > record.first_term_ends_on:
        raise ValidationError(
            _("De eerste maand is voorbij. Verlengen kan alleen binnen een maand na ontvangst.")
        )
    if not reason.strip():
        raise ValidationError({"extension_reason": _("Schrijf op waarom u meer tijd nodig heeft.")})
    record.extended_on, record.extension_reason = today, reason
    record.version += 1
    record.full_clean()
    record.save(update_fields=["extended_on", "extension_reason", "version", "updated_at"])
    log_event(
        actor=actor,
        action=AuditAction.UPDATED,
        target=record,
        changes={"termijn_verlengd_tot": record.due_on.isoformat()},
    )
    return record


# What stays of a request when the register forgets the person: the kind, the dates and the
# decision (proof that it was answered in time, AVG art. 5(2)); not their words or ours.
FORGOTTEN_TEXT = "(verwijderd: de bewaartermijn van de persoon is voorbij)"


def requests_on_forgotten(sender: object, *, perpetrator: Perpetrator, **kwargs: object) -> None:
    """Receiver of perpetrators.signals.perpetrator_forgotten, inside the forgetting
    transaction: the requests' free texts go with the person's data."""
    records = SubjectRequest.objects.filter(perpetrator=perpetrator)
    ids = list(records.values_list("pk", flat=True))
    if not ids:
        return
    records.update(request=FORGOTTEN_TEXT, grounds="", extension_reason="", updated_at=clock.now())
    log_event(
        actor=None,
        action=AuditAction.UPDATED,
        target=None,
        target_type="privacy.subjectrequest",
        changes={"verzoeken": ids, "velden": ["request", "grounds", "extension_reason"]},
        detail=_("Bewaartermijn verstreken"),
    )
