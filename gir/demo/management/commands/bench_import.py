"""Time the import of a large registration (issue 7 item 4): a workbook of N rows like
the example's, through upload, dry run and the import in chunks (ADR 0018), as the pages
and the task run them, while another connection writes an audit entry every 50 ms.
Prints `name value unit` per line. Needs the demo organisation (its team names); the
rows it adds are real incidents, so use a database of its own."""

import datetime as dt
import threading
import time
from argparse import ArgumentParser
from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection

from gir.accounts.constants import Role
from gir.accounts.models import User
from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import spreadsheets
from gir.imports import services
from gir.imports.constants import BatchStatus
from gir.imports.management.commands.make_import_example import HEADERS, example_rows


def large_workbook(rows: int) -> bytes:
    """The example's rows over and over, each with its own number, day, time and text."""
    examples = example_rows()
    first_day = dt.date(2024, 1, 1)

    def rows_of() -> Iterator[list[Any]]:
        yield list(HEADERS)
        for n in range(rows):
            row = list(examples[n % len(examples)])
            row[0] = first_day + dt.timedelta(days=n % 700)
            row[1] = f"{8 + n % 10:02d}:{n % 60:02d}"
            row[4] = f"{row[4]} (registratie {n + 1})"
            row[9] = 100000 + n
            yield row

    return spreadsheets.xlsx_bytes({"Incidenten": rows_of()})


class Command(BaseCommand):
    help = "Meet een grote import: uploaden, controleren en importeren van N rijen (in een eigen database)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--rows", type=int, default=50_000, help="Aantal rijen (standaard %(default)s).")

    def handle(self, *args: Any, rows: int, **options: Any) -> None:
        coordinator = User.objects.filter(is_active=True, roles__role=Role.COORDINATOR).order_by("pk").first()
        if coordinator is None:
            raise CommandError("Geen coördinator gevonden: laad eerst de demo (manage.py load_demo).")
        data = large_workbook(rows)
        self.stdout.write(f"import_rows {rows} rows")
        self.stdout.write(f"import_file_kb {len(data) // 1024} kB")

        started = time.perf_counter()
        batch = services.batch_upload(actor=coordinator, name="groot.xlsx", data=data)
        self.stdout.write(f"import_upload_s {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        result = services.batch_check(actor=coordinator, batch=batch, mapping=batch.mapping)
        self.stdout.write(f"import_dry_run_s {time.perf_counter() - started:.1f} s")
        if not result.is_clean:
            raise CommandError(f"De controle vond {len(result.error_rows)} rijen met fouten.")

        services.batch_import_start(actor=coordinator, batch=batch)
        other = OtherWriter()
        other.start()
        started = time.perf_counter()
        try:
            outcome = services.batch_import_run(batch.pk)
        finally:
            seconds = time.perf_counter() - started
            other.stop()
        batch.refresh_from_db()
        if outcome != "done" or batch.status != BatchStatus.DONE:
            raise CommandError(f"De import is niet gelukt: {batch.error}")
        self.stdout.write(f"import_s {seconds:.1f} s")
        self.stdout.write(f"import_rows_per_s {rows / seconds:.0f} rows/s")
        # Another user's writes during the import (ADR 0018): how long the longest waited.
        waits = sorted(other.waits) or [0.0]
        self.stdout.write(f"import_other_writes {len(other.waits)} writes ({other.failed} failed)")
        self.stdout.write(f"import_other_write_p95_ms {waits[int(len(waits) * 0.95)] * 1000:.0f} ms")
        self.stdout.write(f"import_other_write_max_ms {waits[-1] * 1000:.0f} ms")


class OtherWriter(threading.Thread):
    """An audit entry every 50 ms on a connection of its own, as page views write them."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.waits: list[float] = []
        self.failed = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        try:
            while not self._stop_event.is_set():
                started = time.perf_counter()
                try:
                    log_event(actor=None, action=AuditAction.UPDATED, target=None, target_type="bench")
                    self.waits.append(time.perf_counter() - started)
                except OperationalError:
                    self.failed += 1
                self._stop_event.wait(0.05)
        finally:
            connection.close()

    def stop(self) -> None:
        self._stop_event.set()
        self.join()
