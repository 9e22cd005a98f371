"""Tasks for the worker tests (gir/core/tests/test_worker.py), run by a real worker process."""

import time
from pathlib import Path

from django.db import connection, transaction
from django.tasks import task


@task
def wait_for(go_file: str, write: bool = False) -> str:
    """Use the connection, wait until the test says go, then use it again (and write)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    deadline = time.monotonic() + 60
    while not Path(go_file).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if write:
            cursor.execute("CREATE TABLE IF NOT EXISTS worker_test_mark (note varchar(20))")
            cursor.execute("INSERT INTO worker_test_mark (note) VALUES ('done')")
    return "done"
