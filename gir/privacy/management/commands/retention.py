"""manage.py retention [--dry-run]: run the retention schedule once (the scheduler does
this nightly, GIR_RETENTION_SCHEDULE), or count what it would erase."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from gir.privacy.retention_selectors import label_of
from gir.privacy.retention_services import retention_run


class Command(BaseCommand):
    help = "Anonymise or delete what passed its retention period; --dry-run only counts."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count what would go; change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        logs = retention_run(dry_run=dry_run)
        verb = "would erase" if dry_run else "erased"
        for log in logs:
            note = " (left to its own nightly task)" if log.left_to_own_task else ""
            error = f" STOPPED: {log.error}" if log.error else ""
            self.stdout.write(
                f"{label_of(log.kind)}: {verb} {log.count} (older than {log.cutoff:%Y-%m-%d}, "
                f"{log.days} days){note}{error}"
            )
