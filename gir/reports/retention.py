"""The lifetime of case-level exports (issue 19 item 4, ADR 0023): a copy of case data
made for one purpose, deleted with its file some weeks after it was asked for."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gir.core.retention import Action, RecordKind, register_kind

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
    """The files from the store first (a file already gone is no error), then the rows."""
    exports = list(Export.objects.filter(pk__in=ids))
    for export in exports:
        if export.file.name:
            export.file.storage.delete(export.file.name)
    Export.objects.filter(pk__in=[export.pk for export in exports]).delete()
    return len(exports)


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
