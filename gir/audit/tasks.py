"""Background work of the audit log: the nightly retention prune (issue 17 item 7)."""

from django.conf import settings
from django.tasks import task

from crontask import cron


@cron(settings.GIR_AUDIT_PRUNE_SCHEDULE)
@task
def prune_audit_log() -> int:
    """Nightly: remove the rows older than GIR_AUDIT_RETENTION_DAYS from the old end."""
    from .services import audit_prune

    checkpoint = audit_prune()
    return checkpoint.pruned if checkpoint else 0
