"""The lifetime of imported files (issue 19 item 4, ADR 0023): the uploaded file and
its dry-run report hold the old registration's rows; once imported (or abandoned) they
are deleted after the period. The imported incidents stay, with their own lifetime."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gir.core.retention import Action, RecordKind, register_kind, rows_and_files_delete

from .constants import BatchStatus
from .models import ImportBatch


def batches_due(cutoff: dt.datetime) -> QuerySet[Any, Any]:
    return (
        ImportBatch.objects.filter(uploaded_at__lt=cutoff)
        .exclude(status__in=[BatchStatus.QUEUED, BatchStatus.IMPORTING])
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def batches_delete(ids: list[int]) -> int:
    return rows_and_files_delete(ImportBatch, ids)


register_kind(
    RecordKind(
        key="import_files",
        label=_("Importbestanden"),
        action=Action.DELETE,
        due=batches_due,
        erase=batches_delete,
        order=90,
    )
)
