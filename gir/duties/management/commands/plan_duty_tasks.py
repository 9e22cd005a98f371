"""Plan the duties calendar's tasks and send its reminders now, as the nightly and
background rounds do (gir/duties/tasks.py); for a manual run or a first fill."""

from typing import Any

from django.core.management.base import BaseCommand

from gir.duties.notices import duty_notices_send
from gir.duties.services import tasks_plan


class Command(BaseCommand):
    help = "Plan the tasks of the duty table through the end of next month and send due reminders."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-mail", action="store_true", help="Only plan; send no reminders.")

    def handle(self, *args: Any, no_mail: bool = False, **options: Any) -> None:
        planned = tasks_plan()
        self.stdout.write(f"Planned tasks: {planned}")
        if not no_mail:
            sent = duty_notices_send()
            self.stdout.write(f"Reminder mails sent: {sent}")
