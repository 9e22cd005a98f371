"""The filtered audit log as a file (CSV or XLSX), for the privacy officer."""

import csv
import io
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from openpyxl import Workbook

from gir.audit.models import AuditEvent

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


def csv_bytes(events: QuerySet[AuditEvent]) -> tuple[bytes, int]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header())
    count = 0
    for row in _rows(events):
        writer.writerow(_cells(row))
        count += 1
    return ("\ufeff" + buffer.getvalue()).encode(), count


def xlsx_bytes(events: QuerySet[AuditEvent]) -> tuple[bytes, int]:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Auditlog"))
    sheet.append(header())
    count = 0
    for row in _rows(events):
        sheet.append(_cells(row))
        count += 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), count
