"""The incident's lifecycle (DESIGN §2.2): the transition table, and the one module
that writes an incident's status, its handler and its earliest open deadline.

The protocol decides when an incident moves (its first step recorded, every required
step done, a reason to reopen) and whom it goes to; this module checks that the move
is in the table, writes it with `update_fields` or a conditional UPDATE, bumps the
version that guards concurrent edits, and writes the history entry.

    concept ──submit──▶ gemeld ──start──▶ in behandeling ──close──▶ afgehandeld
                          │                      ▲                      │
                          └────────close─────────┼──────────────────────┘
                                                 └────────reopen────────┘
"""

import datetime as dt
from typing import Any

from django.db.models import F
from django.utils.translation import gettext as _

from gir.accounts.models import User
from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock

from .constants import IncidentStatus
from .models import Incident

_S = IncidentStatus

TRANSITIONS: dict[tuple[str, str], str] = {
    (_S.DRAFT, _S.REPORTED): "submit",
    (_S.REPORTED, _S.IN_PROGRESS): "start",
    (_S.REPORTED, _S.CLOSED): "close",
    (_S.IN_PROGRESS, _S.CLOSED): "close",
    (_S.CLOSED, _S.IN_PROGRESS): "reopen",
}
OPEN_STATUSES = (_S.REPORTED, _S.IN_PROGRESS)


class TransitionNotAllowed(Exception):
    def __init__(self, current: str, target: str):
        super().__init__(f"{current} -> {target}")
        self.current, self.target = current, target


def _check(current: str, target: str) -> None:
    if (current, target) not in TRANSITIONS:
        raise TransitionNotAllowed(current, target)


def _status_entry(*, actor: User | None, incident: Incident, before: str, after: str, reason: str) -> None:
    log_event(
        actor=actor,
        action=AuditAction.STATUS_CHANGED,
        target=incident,
        changes={str(_("status")): [str(IncidentStatus(before).label), str(IncidentStatus(after).label)]},
        detail=reason,
    )


def submit(incident: Incident, *, at: dt.datetime) -> None:
    """A draft becomes a report, on the object only: the report's own save writes it,
    in the same UPDATE as its facts. Its history entry is "Verstuurd" (SUBMITTED)."""
    _check(incident.status, _S.REPORTED)
    incident.status, incident.submitted_at = _S.REPORTED, at


def imported(incident: Incident, *, closed: bool, at: dt.datetime) -> None:
    """An old registration enters as a report, or as closed when it was; on the object."""
    incident.status = _S.CLOSED if closed else _S.REPORTED
    incident.submitted_at, incident.closed_at = at, at if closed else None


def start(*, actor: User | None, incident: Incident) -> bool:
    """A reported incident moves to "in behandeling"; nothing happens otherwise."""
    updated = Incident.objects.filter(pk=incident.pk, status=_S.REPORTED).update(
        status=_S.IN_PROGRESS, version=F("version") + 1
    )
    if updated:
        _status_entry(actor=actor, incident=incident, before=_S.REPORTED, after=_S.IN_PROGRESS, reason="")
    return bool(updated)


def move(*, actor: User | None, incident: Incident, to: IncidentStatus, reason: str = "") -> Incident:
    """Close or reopen a locked incident (select_for_update): checked against the table."""
    before = incident.status
    _check(before, to)
    incident.status = to
    incident.closed_at = clock.now() if to == _S.CLOSED else None
    incident.version += 1
    incident.save(update_fields=["status", "closed_at", "version", "updated_at"])
    _status_entry(actor=actor, incident=incident, before=before, after=to, reason=reason)
    return incident


def handler_write(*, actor: Any, incident: Incident, handler: User | None) -> None:
    """Who handles the incident; the protocol chose them."""
    before = incident.handler
    incident.handler = handler
    Incident.objects.filter(pk=incident.pk).update(handler=handler, version=F("version") + 1)
    incident.version += 1
    handler_logged(actor=actor, incident=incident, before=before)


def handler_set(incident: Incident, handler: User | None) -> None:
    """The handler of a report about to be written, on the object only: the report's
    own save writes it. Log it with handler_logged once the incident is saved."""
    incident.handler = handler


def handler_logged(*, actor: Any, incident: Incident, before: User | None) -> None:
    after = incident.handler
    log_event(
        actor=actor,
        action=AuditAction.HANDLER_ASSIGNED,
        target=incident,
        changes={str(_("behandelaar")): [str(before) if before else None, str(after) if after else None]},
    )


def next_due_set(incident: Incident, due: dt.datetime | None) -> None:
    """The next deadline of a report about to be written, on the object only."""
    incident.next_due_at = due


def next_due_write(incident_id: int, due: dt.datetime | None) -> bool:
    """The earliest open deadline, which the work list sorts on; no history of its own
    (the step changes that move it have theirs). The row is written only when it
    changes; says whether it did."""
    return bool(Incident.objects.filter(pk=incident_id).exclude(next_due_at=due).update(next_due_at=due))
