"""manage.py verify_audit: check the audit log's hash chain; names the first broken row."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gir.audit.verify import chain_verify


class Command(BaseCommand):
    help = "Check the hash chain of the audit log; exit code 1 and the first broken row if it is broken."

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = chain_verify()
        if verdict.first_break is not None:
            broken = verdict.first_break
            raise CommandError(
                f"Audit log broken at row {broken.pk}: {broken.reason} "
                f"({verdict.checked} rows before it are intact).",
                returncode=1,
            )
        self.stdout.write(f"Audit log intact: {verdict.checked} rows checked.")
