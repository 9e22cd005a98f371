"""Time passes: measures start and end by their dates, and personal data is
forgotten after the retention period. The daily task runs these (tasks.py)."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock
from gir.incidents.models import Incident
from gir.perpetrators.constants import FINAL_STATUSES, MeasureStatus
from gir.perpetrators.models import Measure, Perpetrator
from gir.perpetrators.signals import perpetrator_forgotten

from .measures import _activate_if_due, _end
from .register import PERSON_FIELDS, _erase_personal_data


def measures_refresh(*, today: dt.date | None = None) -> dict[str, int]:
    """Communicated measures whose start has come become active; measures past
    their end date end by themselves (001 §8.1: start- en einddatum)."""
    today = today or clock.today()
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


def forgettable_perpetrators(*, now: dt.datetime | None = None) -> QuerySet[Perpetrator]:
    """People whose retention period has passed: no measure still running or ended
    within the period, and every linked incident closed longer ago than the period."""
    now = now or clock.now()
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
    perpetrator.forgotten_at = clock.now()
    perpetrator.save()
    # The person's written answers to intended measures are theirs too (issue 19 item 6).
    answered = list(perpetrator.measures.exclude(answer_text="", answer_file=""))
    for measure in answered:
        if measure.answer_file:
            measure.answer_file.delete(save=False)
    if answered:
        Measure.objects.filter(pk__in=[m.pk for m in answered]).update(
            answer_text="", answer_file="", answer_file_name="", answer_file_type=""
        )
        removed.append("zienswijze")
    # What the reporter wrote about the person on the incident goes too.
    incident_ids = list(perpetrator.links.values_list("incident_id", flat=True))
    Incident.objects.filter(pk__in=incident_ids).update(perpetrator_name="", perpetrator_description="")
    perpetrator_forgotten.send(sender=Perpetrator, perpetrator=perpetrator)
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
