"""The task worker carries on through database trouble (issue 18 item 1): a real
`manage.py task_worker` process whose PostgreSQL connection is killed, or whose SQLite
database another connection keeps locked, and the tasks still run."""

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.tasks.base import TaskResultStatus
from django.test import override_settings
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from gir.core.worker import MAX_ATTEMPTS, ResilientWorker, resilient_job
from gir.protocol.tests.test_workers import database_url

from .worker_tasks import wait_for

DB_TASKS_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def wait_until(check: Callable[[], Any], *, timeout: float = 40, what: str = "", process=None) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := check():
            return result
        if process is not None and process.poll() is not None:
            pytest.fail(f"the worker stopped while waiting for {what}:\n{output_of(process)}")
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def output_of(process: subprocess.Popen) -> str:
    if process.poll() is None:
        process.terminate()
    out, _ = process.communicate(timeout=20)
    return out.decode(errors="replace")


def start_worker(env: dict[str, str], command: str = "task_worker") -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", command, "--no-reload", "--no-startup-delay", "--interval", "0.2"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def worker_env(database: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "GIR_DEBUG": "1",
        "DATABASE_URL": database,
        "GIR_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        **extra,
    }


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_worker_carries_on_when_postgresql_kills_its_connection(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's")
    go = tmp_path / "go"
    with override_settings(TASKS=DB_TASKS_BACKEND):
        first = wait_for.enqueue(str(go))
    worker = start_worker(worker_env(database_url()))

    def status(result_id: str) -> str:
        return DBTaskResult.objects.get(pk=result_id).status

    def kill_worker_connections() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return len(cursor.fetchall())

    try:
        # Killed while a task runs: the task's next query fails, the task goes back to
        # the queue and runs again on a new connection.
        wait_until(lambda: status(first.id) == "RUNNING", what="the first task to start", process=worker)
        assert kill_worker_connections() >= 1
        go.touch()
        wait_until(lambda: status(first.id) == "SUCCESSFUL", what="the first task to finish", process=worker)
        # Killed while it waits for work.
        assert kill_worker_connections() >= 1
        with override_settings(TASKS=DB_TASKS_BACKEND):
            second = wait_for.enqueue(str(go))
        wait_until(lambda: status(second.id) == "SUCCESSFUL", what="the second task", process=worker)
        assert worker.poll() is None, "the worker stopped"
    finally:
        log = output_of(worker)
    first_row = DBTaskResult.objects.get(pk=first.id)
    assert len(first_row.worker_ids) == 2, log  # claimed, lost with its connection, claimed again
    assert first_row.return_value == "done"
    assert "goes back to the queue" in log, log


def sqlite_tasks(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult ORDER BY enqueued_at"
        ).fetchall()


def first_status(path: Path) -> str:
    return sqlite_tasks(path)[0][0]


@pytest.mark.slow
def test_worker_waits_out_a_locked_sqlite_database(tmp_path: Path) -> None:
    database = tmp_path / "gir.sqlite3"
    go = tmp_path / "go"
    # A busy timeout of 1 s: the lock below outlasts it several times.
    env = worker_env(f"sqlite:///{database}", GIR_SQLITE_TIMEOUT="1")
    manage = [sys.executable, "manage.py"]
    migrate = [*manage, "migrate", "django_tasks_database", "-v", "0"]
    subprocess.run(migrate, cwd=settings.BASE_DIR, env=env, check=True)  # noqa: S603
    enqueue = f"from gir.core.tests.worker_tasks import wait_for; wait_for.enqueue({str(go)!r}, write=True)"
    subprocess.run([*manage, "shell", "-c", enqueue], cwd=settings.BASE_DIR, env=env, check=True)  # noqa: S603
    worker = start_worker(env)
    locker = sqlite3.connect(database, timeout=10, isolation_level=None)
    try:
        wait_until(
            lambda: sqlite_tasks(database)[0][0] == "RUNNING", what="the task to start", process=worker
        )
        # Locked while the task writes: "database is locked" in the task; it runs again.
        locker.execute("BEGIN IMMEDIATE")
        go.touch()
        time.sleep(4)
        assert worker.poll() is None, output_of(worker)
        assert sqlite_tasks(database)[0][0] != "SUCCESSFUL"
        locker.execute("COMMIT")
        wait_until(
            lambda: sqlite_tasks(database)[0][0] == "SUCCESSFUL",
            what="the task after the lock",
            process=worker,
        )
        # Locked while the worker looks for work (its claim takes an exclusive lock).
        locker.execute("BEGIN IMMEDIATE")
        time.sleep(3)
        assert worker.poll() is None, output_of(worker)
        locker.execute("COMMIT")
        subprocess.run([*manage, "shell", "-c", enqueue], cwd=settings.BASE_DIR, env=env, check=True)  # noqa: S603
        wait_until(
            lambda: [s for s, _ in sqlite_tasks(database)] == ["SUCCESSFUL", "SUCCESSFUL"],
            what="the second task",
            process=worker,
        )
        assert worker.poll() is None
    finally:
        if locker.in_transaction:
            locker.execute("ROLLBACK")
        locker.close()
        log = output_of(worker)
    assert "database trouble" in log, log
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM worker_test_mark").fetchone() == (2,)


@pytest.mark.django_db
def test_tasks_lost_with_their_worker_run_again_or_fail_at_last() -> None:
    long_ago = timezone.now() - dt.timedelta(hours=2)

    def running(claims: int, started_at: dt.datetime) -> DBTaskResult:
        return DBTaskResult.objects.create(
            status=TaskResultStatus.RUNNING,
            args_kwargs={"args": ["x"], "kwargs": {}},
            task_path="gir.core.tests.worker_tasks.wait_for",
            backend_name="default",
            run_after=timezone.now(),
            started_at=started_at,
            worker_ids=[f"w{n}" for n in range(claims)],
        )

    lost = running(1, long_ago)
    lost_often = running(MAX_ATTEMPTS, long_ago)
    busy = running(1, timezone.now() - dt.timedelta(minutes=5))
    worker = ResilientWorker(
        stale_after=dt.timedelta(hours=1),
        queue_names=["default"],
        interval=1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="reclaimer",
        excluded_queue_names=[],
    )
    assert worker.reclaim_stale() == 2
    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert statuses == {lost.pk: "READY", lost_often.pk: "FAILED", busy.pk: "RUNNING"}
    assert "went away" in DBTaskResult.objects.get(pk=lost_often.pk).traceback


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_scheduled_job_gets_a_new_connection_after_the_old_one_was_killed() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's")
    import psycopg

    with connection.cursor() as cursor:  # the scheduler thread's connection, used once
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    dsn = database_url()
    with psycopg.connect(dsn, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])

    def job() -> int:
        return DBTaskResult.objects.count()

    assert resilient_job(job)() == 0
