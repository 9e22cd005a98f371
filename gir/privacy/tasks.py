"""Background work of the privacy app: the nightly retention run (issue 19 item 4, ADR
0019). With GIR_RETENTION_SCHEDULE empty the scheduler leaves it alone (then run
`manage.py retention` from a system cron job, or not at all)."""

from django.conf import settings
from django.tasks import task

from crontask import cron


@task
def apply_retention() -> dict[str, int]:
    """Nightly: anonymise or delete what passed its period; the counts per kind."""
    from .retention_services import retention_run

    return {log.kind: log.count for log in retention_run(dry_run=False) if not log.left_to_own_task}


if settings.GIR_RETENTION_SCHEDULE:
    apply_retention = cron(settings.GIR_RETENTION_SCHEDULE)(apply_retention)
