"""Records on the retention schedule that no GIR app owns (issue 19 item 4, ADR 0023):
the mails and other work in the task queue (django-tasks-db's rows: a finished task
keeps its arguments and result), and in development the mails the file backend writes
to var/outbox. The other kinds are registered by their own apps (``gir/<app>/retention.py``)."""

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.tasks.base import TaskResultStatus
from django.utils.translation import gettext_lazy as _

from django_tasks_db.models import DBTaskResult

from gir.core.retention import Action, RecordKind, register_kind

FINISHED = [TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]


def tasks_due(cutoff: dt.datetime) -> QuerySet[Any, Any]:
    return (
        DBTaskResult.objects.filter(status__in=FINISHED, finished_at__lt=cutoff)
        .order_by("finished_at", "pk")
        .values_list("pk", flat=True)
    )


def tasks_delete(ids: list[Any]) -> int:
    deleted, _per_model = DBTaskResult.objects.filter(pk__in=ids).delete()
    return deleted


def outbox_dir() -> Path | None:
    """The directory of the file mail backend (development), or None."""
    mailer = getattr(settings, "MAILERS", {}).get("default", {})
    if not str(mailer.get("BACKEND", "")).endswith("filebased.EmailBackend"):
        return None
    path = mailer.get("OPTIONS", {}).get("file_path")
    return Path(path) if path else None


def outbox_due(cutoff: dt.datetime) -> list[str]:
    folder = outbox_dir()
    if folder is None or not folder.is_dir():
        return []
    limit = cutoff.timestamp()
    return sorted(
        entry.name for entry in folder.iterdir() if entry.is_file() and entry.stat().st_mtime < limit
    )


def outbox_delete(names: list[str]) -> int:
    folder = outbox_dir()
    if folder is None:
        return 0
    count = 0
    for name in names:
        path = folder / Path(name).name
        if path.is_file():
            path.unlink()
            count += 1
    return count


register_kind(
    RecordKind(
        key="task_queue",
        label=_("E-mails en ander werk in de takenwachtrij"),
        action=Action.DELETE,
        due=tasks_due,
        erase=tasks_delete,
        order=120,
    )
)
register_kind(
    RecordKind(
        key="outbox_files",
        label=_("E-mails als bestand (outbox van de ontwikkelomgeving)"),
        action=Action.DELETE,
        due=outbox_due,
        erase=outbox_delete,
        order=130,
    )
)
