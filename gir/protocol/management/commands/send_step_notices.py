"""Run one round of reminders and escalations now, without the worker.

For installations without the scheduler (a system cron job every few minutes)
and for operations. Safe beside a running worker: every notice goes out once.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from gir.protocol.tasks import process_step_notices


class Command(BaseCommand):
    help = "Verstuur nu de herinneringen en escalaties van protocolstappen die aan de beurt zijn (één ronde)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = process_step_notices.call()
        self.stdout.write(
            self.style.SUCCESS(
                _("Herinneringen en escalaties: %(count)d e-mail(s) verstuurd.") % {"count": sent}
            )
        )
