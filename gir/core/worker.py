"""The task worker and the scheduler keep going through database trouble (issue 18 item 1).

django-tasks-db's worker (`manage.py db_worker`) dies on any database error but a
locked SQLite database met while it claims a row: a connection that PostgreSQL drops
(a restart, a fail-over, `pg_terminate_backend`) or a "database is locked" that
outlasts SQLite's busy timeout. A task whose connection drops is recorded as failed
when that write still works, or stays RUNNING forever when it does not, and nothing
runs the queue until someone restarts the process. crontask's scheduler survives, but
each of its threads keeps its connection for good, so after a drop every periodic
enqueue from that thread fails.

`ResilientWorker` is the same worker with three changes:
- database trouble in its loop closes the connections, waits (1 s, doubling, at most
  `BACKOFF_MAX`; logged) and carries on;
- a task stopped by database trouble goes back to the queue (READY) instead of being
  recorded as failed, up to `MAX_ATTEMPTS` claims; a task may therefore run again after
  it had done part of its work (at least once: GIR's tasks are written to be repeated);
- a row left RUNNING by a worker that died (killed, out of memory, its host gone) goes
  back to the queue once it has run longer than `stale_after`.

`resilient_job` wraps a scheduled job the same way: a fresh connection before each run,
and a few tries with back-off when the database does not answer.
"""

import datetime as dt
import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import InterfaceError, OperationalError, close_old_connections, connections, transaction
from django.tasks.base import TaskResultStatus
from django.utils import timezone

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("gir.worker")

# What a lost connection or a locked database raises (psycopg's AdminShutdown, "the
# connection is closed", sqlite3's "database is locked"), as Django wraps it.
DATABASE_TROUBLE = (OperationalError, InterfaceError)
BACKOFF_MIN = 1.0
BACKOFF_MAX = 30.0
# Claims of one task before database trouble counts as the task's own failure.
MAX_ATTEMPTS = 5
# How long a task may be RUNNING before it counts as lost with its worker.
STALE_AFTER = dt.timedelta(hours=1)
# How often a busy worker looks for lost tasks.
RECLAIM_EVERY = 60.0


def is_database_trouble(error: BaseException | None) -> bool:
    """The error, or one it was raised from, is a lost connection or a locked database."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, DATABASE_TROUBLE):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def connections_close() -> None:
    """Drop every connection of this thread; the next query opens a new one."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DATABASE_TROUBLE:
            # A broken connection may fail to close; Django forgets it all the same.
            connection.connection = None


class _RunAgain(Exception):
    """Raised from set_failed: the task met database trouble and goes back to the queue."""


class TaskLostError(Exception):
    """The worker that ran the task went away (recorded on the row as its failure)."""


class ResilientWorker(Worker):
    def __init__(self, *, stale_after: dt.timedelta = STALE_AFTER, **options: Any) -> None:
        super().__init__(**options)
        self.stale_after = stale_after
        self._last_reclaim = 0.0

    # --- the loop -----------------------------------------------------------------------

    def run(self) -> None:
        delay = BACKOFF_MIN
        while True:
            started = time.monotonic()
            try:
                self.reclaim_stale()
                super().run()
                return
            except DATABASE_TROUBLE as error:
                if time.monotonic() - started > 2 * BACKOFF_MAX:
                    delay = BACKOFF_MIN  # it ran well for a while: a new spell of trouble
                logger.warning(
                    "Worker %s: database trouble (%s: %s); reconnecting in %.0f s",
                    self.worker_id,
                    type(error).__name__,
                    str(error).strip().splitlines()[0] if str(error).strip() else "",
                    delay,
                )
                connections_close()
                self.startup_delay = False
                time.sleep(delay)
                delay = min(delay * 2, BACKOFF_MAX)
            if not self.running:
                return

    # --- one task -----------------------------------------------------------------------

    def run_task(self, db_task_result: DBTaskResult[Any, Any]) -> None:
        record_failure = db_task_result.set_failed

        def set_failed(error: BaseException) -> None:
            if is_database_trouble(error) and len(db_task_result.worker_ids) < MAX_ATTEMPTS:
                raise _RunAgain from error
            record_failure(error)

        db_task_result.set_failed = set_failed
        try:
            super().run_task(db_task_result)
        except _RunAgain as again:
            self._requeue(db_task_result, again.__cause__)
        except DATABASE_TROUBLE as error:
            # Even recording the outcome failed: whether the task finished is unknown,
            # so it runs again (at least once).
            self._requeue(db_task_result, error)
        if time.monotonic() - self._last_reclaim > RECLAIM_EVERY:
            self.reclaim_stale()

    def _requeue(self, db_task_result: DBTaskResult[Any, Any], error: BaseException | None) -> None:
        """Put the task back in the queue, waiting for the database as long as it takes
        (a shutdown leaves it RUNNING: the next worker reclaims it)."""
        delay = BACKOFF_MIN
        logger.warning(
            "Task %s (%s) stopped by database trouble (%s); it goes back to the queue",
            db_task_result.id,
            db_task_result.task_path,
            type(error).__name__,
        )
        while self.running:
            connections_close()
            try:
                with transaction.atomic():
                    DBTaskResult.objects.filter(pk=db_task_result.pk, status=TaskResultStatus.RUNNING).update(
                        status=TaskResultStatus.READY,
                        run_after=timezone.now() + dt.timedelta(seconds=delay),
                    )
                return
            except DATABASE_TROUBLE:
                logger.warning(
                    "Task %s: database still unavailable; trying again in %.0f s", db_task_result.id, delay
                )
                time.sleep(delay)
                delay = min(delay * 2, BACKOFF_MAX)

    # --- tasks of workers that went away ------------------------------------------------------

    def reclaim_stale(self) -> int:
        """Tasks RUNNING for longer than stale_after go back to the queue, or fail after
        MAX_ATTEMPTS claims. Returns how many rows changed."""
        self._last_reclaim = time.monotonic()
        cutoff = timezone.now() - self.stale_after
        stale = DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, started_at__lt=cutoff, backend_name=self.backend_name
        )
        changed = 0
        for row in stale.only("pk", "worker_ids", "task_path"):
            with transaction.atomic():
                still = DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING)
                if len(row.worker_ids) < MAX_ATTEMPTS:
                    changed += still.update(status=TaskResultStatus.READY)
                    logger.warning(
                        "Task %s (%s) was lost with its worker; it runs again", row.pk, row.task_path
                    )
                else:
                    changed += still.update(
                        status=TaskResultStatus.FAILED,
                        finished_at=timezone.now(),
                        exception_class_path=f"{TaskLostError.__module__}.{TaskLostError.__qualname__}",
                        traceback=f"The worker running this task went away {len(row.worker_ids)} times.",
                    )
                    logger.error(
                        "Task %s (%s) was lost too often; it is recorded as failed", row.pk, row.task_path
                    )
        return changed


def resilient_job(func: Callable[..., Any], *, attempts: int = 8) -> Callable[..., Any]:
    """A scheduled job (crontask runs it in a thread of its own) on a fresh connection,
    tried again with back-off when the database is away: at most about two minutes."""

    @wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        delay = BACKOFF_MIN
        for attempt in range(1, attempts + 1):
            close_old_connections()
            try:
                return func(*args, **kwargs)
            except DATABASE_TROUBLE as error:
                connections_close()
                if attempt == attempts:
                    logger.error("Scheduled job %s given up after %s tries: %s", func, attempts, error)
                    raise
                logger.warning("Scheduled job %s: database trouble (%s); again in %.0f s", func, error, delay)
                time.sleep(delay)
                delay = min(delay * 2, BACKOFF_MAX)
            finally:
                close_old_connections()
        return None

    return run
