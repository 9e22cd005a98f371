"""The lifetime of case-level exports (issue 19 item 4, ADR 0023): a copy of case data
made for one purpose, deleted with its file some weeks after it was asked for."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gir.core.retention import Action, RecordKind, register_kind, rows_and_files_delete

from .constants import ExportStatus
from .models import Export


def exports_due(cutoff: dt.datetime) -> QuerySet[Any, Any]:
    return (
        Export.objects.filter(requested_at__lt=cutoff)
        .exclude(status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING])
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def exports_delete(ids: list[int]) -> int:
    return rows_and_files_delete(Export, ids)


register_kind(
    RecordKind(
        key="exports",
        label=_("Exports van meldingen"),
        action=Action.DELETE,
        due=exports_due,
        erase=exports_delete,
        order=80,
    )
)
