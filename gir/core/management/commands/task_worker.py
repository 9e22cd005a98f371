"""`manage.py task_worker`: django-tasks-db's `db_worker` that survives database trouble.

The same options as db_worker, plus --stale-after. See gir.core.worker for what it does
when the connection drops or SQLite stays locked (issue 18 item 1)."""

import datetime as dt
import os
from argparse import ArgumentParser
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader

from django_tasks_db.management.commands import db_worker

from gir.core.worker import STALE_AFTER, ResilientWorker


class Command(db_worker.Command):
    help = "Run the task worker; it reconnects after database trouble instead of stopping"

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--stale-after",
            type=int,
            default=int(STALE_AFTER.total_seconds() // 60),
            help="Minutes a task may run before it counts as lost with its worker (default: %(default)s)",
        )

    def handle(self, *, stale_after: int, **options: Any) -> None:
        # db_worker's handle builds its Worker from the options; build ours from the same.
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise db_worker.CommandError("--exclude-queues can only be used with --queue-name=*")
        reload = options["reload"] and not options["batch"]
        worker = ResilientWorker(
            stale_after=dt.timedelta(minutes=stale_after),
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
