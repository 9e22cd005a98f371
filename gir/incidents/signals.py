"""Upward notifications: the one way a lower app tells the apps above it that something
happened (docs/architecture.md, ADR 0010). A signal is declared in the sending app's
`signals.py`, sent inside the writing transaction, and connected in the receiving app's
`AppConfig.ready()`; nothing else in a lower app reaches up."""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.dispatch import Signal

from .models import Incident

# What the dashboard's figures count of these incidents changed: their facts, steps,
# police reports, measures or perpetrator links. Sent inside the writing transaction, so
# the note that figures are out of date commits with the change, or not at all.
# Arguments: incidents, a QuerySet or the saved Incident objects; counted_before, where
# one edited incident was counted before, (occurred_at, team_id, is_restricted) or
# None; moved, whether when it happened changed, which changes the figures of the
# incidents of the same perpetrators and measures too.
incidents_changed = Signal()


def incidents_changed_send(
    incidents: QuerySet[Incident] | Iterable[Incident],
    *,
    counted_before: tuple[object, int | None, bool] | None = None,
    moved: bool = False,
) -> None:
    incidents_changed.send(sender=Incident, incidents=incidents, counted_before=counted_before, moved=moved)
