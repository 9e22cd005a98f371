"""The lifetime of incidents and their evidence (issue 19 item 4, ADR 0023), and the
coordinator's legal hold. Registered with ``gir.core.retention``; the periods are the
privacy app's rules.

An incident is anonymised, never deleted: what the dashboard counts (when, which team and
track, level, kind, setting, location, behaviours, its victims' function groups, steps,
police reports, measures and perpetrator links) stays, so the figures of a year whose
incidents passed their period do not change, even when counted again (ADR 0007). What
goes is what a person wrote and every name in it."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock
from gir.core.retention import Action, RecordKind, held, register_hold, register_kind, rows_and_files_delete

from .models import Evidence, Incident, LegalHold, Victim

# The free text and names of an incident, wiped when its period passed.
WIPED_FIELDS = {
    "description": "",
    "cause": "",
    "address_outside": "",
    "weapon_or_object": "",
    "digital_link_or_message": "",
    "perpetrator_name": "",
    "perpetrator_description": "",
    "witnesses": "",
}


def incidents_due(cutoff: dt.datetime) -> QuerySet[Any, Any]:
    """Closed before the cutoff, not anonymised yet, not held."""
    return (
        Incident.objects.filter(closed_at__lt=cutoff, anonymised_at=None)
        .exclude(held("pk"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def incidents_anonymise(ids: list[int]) -> int:
    """Wipe the text and the names of these incidents and of their victims (a victim who
    is an employee stays linked: the function group is counted, and a late claim of that
    employee needs the registration, 001 §7.4 stap 6). Call inside a transaction."""
    ids = list(
        Incident.objects.select_for_update()
        .filter(pk__in=ids, anonymised_at=None)
        .values_list("pk", flat=True)
    )
    Incident.objects.filter(pk__in=ids).update(
        **WIPED_FIELDS, anonymised_at=clock.now(), version=F("version") + 1
    )
    Victim.objects.filter(incident_id__in=ids).exclude(name="").update(name="")
    return len(ids)


def evidence_due(cutoff: dt.datetime) -> QuerySet[Any, Any]:
    """Evidence of incidents closed before the cutoff, unless the incident is held."""
    return (
        Evidence.objects.filter(incident__closed_at__lt=cutoff)
        .exclude(held())
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def evidence_delete(ids: list[int]) -> int:
    return rows_and_files_delete(Evidence, ids)


register_kind(
    RecordKind(
        key="incidents",
        label=_("Meldingen en hun feiten"),
        action=Action.ANONYMISE,
        due=incidents_due,
        erase=incidents_anonymise,
        order=10,
    )
)
register_kind(
    RecordKind(
        key="evidence",
        label=_("Bewijsstukken"),
        action=Action.DELETE,
        due=evidence_due,
        erase=evidence_delete,
        order=20,
    )
)
register_hold("legal_hold", lambda: LegalHold.objects.values("incident_id"))


# --- The coordinator's legal hold ------------------------------------------------------


@transaction.atomic
def legal_hold_set(*, actor: Any, incident: Incident, reason: str) -> LegalHold:
    """Hold the incident, its evidence and police files, whatever their age; a hold
    already there gets the new reason."""
    hold, created = LegalHold.objects.select_for_update().get_or_create(
        incident=incident, defaults={"reason": reason, "set_by": actor}
    )
    before = "" if created else hold.reason
    if not created:
        hold.reason, hold.set_by = reason, actor
        hold.save(update_fields=["reason", "set_by"])
    log_event(
        actor=actor,
        action=AuditAction.LEGAL_HOLD_SET,
        target=incident,
        changes={"reden": [before, reason]},
        detail=reason,
    )
    return hold


@transaction.atomic
def legal_hold_lift(*, actor: Any, incident: Incident, reason: str) -> None:
    """Lift the hold: from the next run on the incident's periods count again."""
    hold = LegalHold.objects.select_for_update().filter(incident=incident).first()
    if hold is None:
        return
    log_event(
        actor=actor,
        action=AuditAction.LEGAL_HOLD_LIFTED,
        target=incident,
        changes={"reden": [hold.reason, ""]},
        detail=reason,
    )
    hold.delete()
