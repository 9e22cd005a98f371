"""Background work of the audit log: the nightly retention prune (issue 17 item 7).

With GIR_AUDIT_PRUNE_SCHEDULE empty the scheduler leaves it alone: for an installation
whose application account may not DELETE audit rows at all, where a system cron job runs
`manage.py prune_audit` as another database account (README "The audit log")."""

from django.conf import settings
from django.tasks import task

from crontask import cron


@task
def prune_audit_log() -> int:
    """Nightly: remove the rows older than GIR_AUDIT_RETENTION_DAYS from the old end."""
    from .services import audit_prune

    checkpoint = audit_prune()
    return checkpoint.pruned if checkpoint else 0


if settings.GIR_AUDIT_PRUNE_SCHEDULE:
    prune_audit_log = cron(settings.GIR_AUDIT_PRUNE_SCHEDULE)(prune_audit_log)
