"""The registry of kinds of record that have a lifetime (issue 19 item 4, ADR 0023).

The retention schedule (``gir.privacy``, the top layer) reaches records of many apps,
which may not import each other. Each app therefore declares its own kinds of record in
``gir/<app>/retention.py`` (collected by ``PrivacyConfig.ready()`` with
``autodiscover_modules("retention")``):

- ``register_kind(RecordKind(...))``: a key, a label, which rows are due given a cutoff
  (``due``), and how to anonymise or delete one batch of them (``erase``), each in the
  app that owns the rows;
- ``register_hold(key, incidents)``: incidents whose evidence and police files stay,
  whatever their age (a legal hold, a running aangifte, an open damage claim): the query
  of the app that knows it, read by the apps that delete.

The periods and legal grounds are data (``privacy.RetentionRule``); a kind here says
only what is due *before a cutoff*. Core imports no GIR app.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.functional import Promise

# Rows due: a query of primary keys (``values_list("pk", flat=True)``) or a list of names.
Due = QuerySet[Any, Any] | Sequence[Any]


class Action:
    """What the run does to a due record."""

    ANONYMISE = "anonymise"
    DELETE = "delete"


@dataclass(frozen=True)
class RecordKind:
    """One kind of record on the retention schedule.

    ``due(cutoff)``: the records whose period ended before ``cutoff`` (the run passes
    now minus the rule's period) and that are not held, as primary keys; once erased a
    record is no longer due, so a run that stopped half-way simply goes on next night.
    ``erase(keys)``: anonymise or delete those records (their files too); returns how
    many. ``fixed_days``: for a kind whose period is set elsewhere and that its own
    nightly task erases (the audit log, the perpetrator register): the schedule shows it,
    the dry run counts it, the run leaves it to that task."""

    key: str
    label: str | Promise
    action: str
    due: Callable[[dt.datetime], Due]
    erase: Callable[[list[Any]], int] | None = None
    fixed_days: Callable[[], int] | None = None
    order: int = 100

    def count(self, cutoff: dt.datetime) -> int:
        rows = self.due(cutoff)
        return rows.count() if isinstance(rows, QuerySet) else len(rows)


_kinds: dict[str, RecordKind] = {}
_holds: dict[str, Callable[[], QuerySet[Any, Any]]] = {}


def register_kind(kind: RecordKind) -> None:
    if kind.key in _kinds and _kinds[kind.key] != kind:
        raise ValueError(f"record kind {kind.key!r} is registered twice")
    if (kind.erase is None) == (kind.fixed_days is None):
        raise ValueError(f"record kind {kind.key!r}: give erase, or fixed_days for a kind erased elsewhere")
    _kinds[kind.key] = kind


def kinds() -> list[RecordKind]:
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.key))


def kind_of(key: str) -> RecordKind | None:
    return _kinds.get(key)


def register_hold(key: str, incidents: Callable[[], QuerySet[Any, Any]]) -> None:
    """``incidents()``: a query of the ids of incidents held for this reason."""
    if key in _holds and _holds[key] is not incidents:
        raise ValueError(f"hold {key!r} is registered twice")
    _holds[key] = incidents


def held(field: str = "incident_id") -> Q:
    """A filter on ``field`` (an incident id) matching every held incident; exclude it."""
    condition = Q(pk__in=[])
    for incidents in _holds.values():
        condition |= Q(**{f"{field}__in": incidents()})
    return condition


def rows_and_files_delete(model: type[Any], ids: list[int], field: str = "file") -> int:
    """Delete the rows' files from the store (the storage API), then the rows. A file
    already gone is no error, so a batch that failed half-way is simply done again."""
    rows = list(model.objects.filter(pk__in=ids))
    for row in rows:
        stored = getattr(row, field)
        if stored.name:
            stored.storage.delete(stored.name)
    model.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)
