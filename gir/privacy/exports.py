"""The filtered audit log as a file (CSV or XLSX), for the privacy officer, written by
`gir.core.spreadsheets` (a text that could start a formula is escaped)."""

from collections.abc import Iterator, Sequence

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gir.audit.models import AuditEvent
from gir.core import spreadsheets

from .selectors import Row, describe

CHUNK = 2000


def header() -> list[str]:
    return [_("Regel"), _("Tijdstip"), _("Door"), _("Handeling"), _("Object"), _("Toelichting"), _("Hash")]


def _cells(row: Row) -> list[str | int]:
    at = timezone.localtime(row.at).strftime("%Y-%m-%d %H:%M:%S")
    return [row.pk, at, row.actor, row.action, row.target, row.detail, row.hash]


def _rows(events: QuerySet[AuditEvent]) -> Iterator[Row]:
    chunk: list[AuditEvent] = []
    for event in events.iterator(chunk_size=CHUNK):
        chunk.append(event)
        if len(chunk) == CHUNK:
            yield from describe(chunk)
            chunk = []
    yield from describe(chunk)


class _Counted:
    """The header and the rows of the events, counting the rows as they are written."""

    def __init__(self, events: QuerySet[AuditEvent]) -> None:
        self.events = events
        self.count = 0

    def __iter__(self) -> Iterator[Sequence[str | int]]:
        yield header()
        for row in _rows(self.events):
            self.count += 1
            yield _cells(row)


def csv_bytes(events: QuerySet[AuditEvent]) -> tuple[bytes, int]:
    rows = _Counted(events)
    return spreadsheets.csv_bytes(rows), rows.count


def xlsx_bytes(events: QuerySet[AuditEvent]) -> tuple[bytes, int]:
    rows = _Counted(events)
    return spreadsheets.xlsx_bytes({_("Auditlog"): rows}), rows.count
