"""Health endpoints for the container, the load balancer and monitoring (issue 18).

`/gezond/` (liveness): the process answers; it touches nothing else, so a database
outage does not get every web server restarted. `/gereed/` (readiness): the database
answers, the file storage can be listed and written (through Django's storage API, so
local disk and S3 alike), and no task has waited longer than GIR_READY_QUEUE_MINUTES
for a worker. Both are open without log-in and say nothing about the data: a status per
check and, for a failure, the kind of error; the details go to the log."""

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.tasks import TaskResultStatus
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from django_tasks_db.models import DBTaskResult, get_date_max

from gir.core import clock

logger = logging.getLogger(__name__)

Check = dict[str, Any]


def _failed(name: str, error: Exception, reason: str) -> Check:
    logger.warning("readiness check %s failed: %s", name, reason, exc_info=error)
    return {"status": "fail", "reason": reason, "error": type(error).__name__}


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure means not ready
        return _failed("database", error, "database not reachable")
    return {"status": "ok"}


def check_storage() -> Check:
    """List the storage's top level (a missing folder or bucket fails here; saving would
    quietly make a folder), then write and delete a small probe file."""
    try:
        default_storage.listdir("")
    except Exception as error:  # noqa: BLE001
        return _failed("storage", error, "file storage cannot be read (missing folder or bucket?)")
    try:
        name = default_storage.save(f"gereed-{uuid.uuid4().hex}.probe", ContentFile(b"ok"))
        default_storage.delete(name)
    except Exception as error:  # noqa: BLE001
        return _failed("storage", error, "file storage cannot be written")
    return {"status": "ok"}


def check_queue() -> Check:
    """Tasks that could have run for longer than GIR_READY_QUEUE_MINUTES and still wait."""
    minutes = settings.GIR_READY_QUEUE_MINUTES
    cutoff = clock.now() - dt.timedelta(minutes=minutes)
    try:
        waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        late = waiting.filter(Q(run_after__lte=cutoff) | Q(run_after=get_date_max(), enqueued_at__lte=cutoff))
        counts = {"waiting": waiting.count(), "late": late.count()}
    except Exception as error:  # noqa: BLE001
        return _failed("queue", error, "task queue cannot be read")
    if counts["late"]:
        reason = f"tasks wait longer than {minutes} minutes: is a worker (manage.py task_worker) running?"
        logger.warning("readiness check queue failed: %s (%d late)", reason, counts["late"])
        return {"status": "fail", "reason": reason, **counts}
    return {"status": "ok", **counts}


CHECKS: dict[str, Callable[[], Check]] = {
    "database": check_database,
    "storage": check_storage,
    "queue": check_queue,
}


@login_not_required
@require_safe
@never_cache
def alive(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@login_not_required
@require_safe
@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    checks = {name: check() for name, check in CHECKS.items()}
    healthy = all(check["status"] == "ok" for check in checks.values())
    body = {"status": "ok" if healthy else "fail", "checks": checks}
    return JsonResponse(body, status=200 if healthy else 503)
