"""manage.py prune_audit: remove audit rows older than GIR_AUDIT_RETENTION_DAYS (the
scheduler does this nightly, GIR_AUDIT_PRUNE_SCHEDULE)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from gir.audit.services import audit_prune


class Command(BaseCommand):
    help = "Remove audit rows older than GIR_AUDIT_RETENTION_DAYS, from the old end, with a checkpoint."

    def handle(self, *args: Any, **options: Any) -> None:
        checkpoint = audit_prune()
        if checkpoint is None:
            self.stdout.write(f"Nothing older than {settings.GIR_AUDIT_RETENTION_DAYS} days to remove.")
            return
        self.stdout.write(
            f"Removed {checkpoint.pruned} audit rows up to {checkpoint.pruned_through:%Y-%m-%d}; "
            f"the log now starts at row {checkpoint.first_kept_id}."
        )
