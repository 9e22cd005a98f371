"""The import writes in short transactions (issue 18 item 4, ADR 0018): others write
between its chunks, and an import cut off half-way leaves nothing behind."""

import datetime as dt
import signal
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.db import OperationalError, connection
from django.utils import timezone

import pytest

from gir.audit.models import AuditAction, AuditEvent
from gir.audit.services import log_event
from gir.audit.verify import chain_verify
from gir.imports import services
from gir.imports.constants import BatchStatus
from gir.imports.models import ImportBatch
from gir.incidents.models import Incident
from gir.protocol.models import Step, StepNotice
from gir.protocol.tests.test_workers import database_url

from .test_imports import assert_nothing_left, check, csv_bytes, row

ROWS = 40


def open_rows(count: int) -> bytes:
    recent = (timezone.localdate() - dt.timedelta(days=2)).strftime("%d-%m-%Y")
    return csv_bytes([row(day=recent, ref=str(n), what=f"Rij {n}", status="open") for n in range(count)])


def queued(coordinator, count: int) -> ImportBatch:
    batch, result = check(coordinator, open_rows(count))
    assert result.is_clean
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.QUEUED)
    return batch


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shipped_data")  # the protocol's rules: open rows get their steps
def test_another_connection_writes_between_the_chunks(demo_units, coordinator, monkeypatch):
    monkeypatch.setattr(services, "CHUNK_ROWS", 5)
    monkeypatch.setattr(services, "CHUNK_SECONDS", 60)
    batch = queued(coordinator, ROWS)
    stop = threading.Event()
    written_while_importing: list[int] = []
    failures: list[BaseException] = []

    def other_writer() -> None:
        """Another user's write (an audit entry, as every page view of an incident makes)
        on a connection of its own, again and again until the import is over. (SQLite's
        test database lives in memory with a shared cache: a writer there meets a lock
        at once instead of waiting, so both sides try again, as they would after the
        busy timeout of a database file.)"""
        try:
            while not stop.is_set():
                try:
                    log_event(actor=None, action=AuditAction.UPDATED, target=None, target_type="test")
                    state = ImportBatch.objects.values_list("status", "done").get(pk=batch.pk)
                except OperationalError:  # SQLite: locked by a chunk; PostgreSQL waits instead
                    time.sleep(0.01)
                    continue
                if state[0] == BatchStatus.IMPORTING and 0 < state[1] < ROWS:
                    written_while_importing.append(state[1])
                time.sleep(0.01)
        except BaseException as error:  # shown by the assertion below
            failures.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=other_writer)
    thread.start()
    try:
        assert services.batch_import_run(batch.pk) == "done"
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not failures, failures
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.done == ROWS
    assert services.imported_incidents(batch).count() == ROWS
    assert Step.objects.filter(incident__in=services.imported_incidents(batch)).exists()
    # The other writer got in while the import was half-way, more than once.
    assert len(set(written_while_importing)) >= 2, written_while_importing
    assert chain_verify().intact


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shipped_data")
def test_an_import_killed_half_way_is_undone_when_its_task_runs_again(demo_units, coordinator):
    if connection.vendor != "postgresql":
        pytest.skip("the import runs in another process: the SQLite test database lives in memory")
    batch = queued(coordinator, ROWS)
    before = Incident.objects.count()
    code = (
        "from gir.imports import services; services.CHUNK_ROWS = 5; services.CHUNK_SECONDS = 60; "
        "import time; real = services.incident_import_row\n"
        "def slow(**kwargs):\n"
        "    time.sleep(0.05)\n"
        "    return real(**kwargs)\n"
        "services.incident_import_row = slow\n"
        f"services.batch_import_run({batch.pk})"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "GIR_DEBUG": "1",
        "DATABASE_URL": database_url(),
        "GIR_MEDIA_ROOT": settings.STORAGES["default"]["OPTIONS"]["location"],  # the uploaded file
    }
    importer = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while ImportBatch.objects.get(pk=batch.pk).done < 10:
            assert importer.poll() is None, importer.communicate()[0].decode()
            assert time.monotonic() < deadline, "the import did not get going"
            time.sleep(0.05)
        importer.send_signal(signal.SIGKILL)  # as the out-of-memory killer would
    finally:
        importer.kill()
        importer.communicate(timeout=30)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.IMPORTING and 10 <= batch.done < ROWS
    assert Incident.objects.count() - before == batch.done  # the chunks that were committed
    assert Step.objects.exists()

    # The worker that took over the task runs it again: it undoes what was written.
    assert services.batch_import_run(batch.pk) == "failed"
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and "afgebroken" in batch.error and "niets" in batch.error
    assert_nothing_left(before)
    assert not StepNotice.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT_UNDONE).count() == batch.done
    assert chain_verify().intact
