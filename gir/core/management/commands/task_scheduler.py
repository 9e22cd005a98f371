"""`manage.py task_scheduler`: crontask's scheduler whose jobs survive database trouble.

Each job runs on a fresh connection and is tried again with back-off while the database
does not answer (gir.core.worker.resilient_job; issue 18 item 1)."""

from typing import Any

from crontask.management.commands import crontask

from gir.core.worker import resilient_job


class Command(crontask.Command):
    help = "Run the scheduler of periodic tasks; it reconnects after database trouble"

    def launch_scheduler(self, lock: Any, scheduler: Any) -> None:
        for job in scheduler.get_jobs():
            job.modify(func=resilient_job(job.func))
        super().launch_scheduler(lock, scheduler)
