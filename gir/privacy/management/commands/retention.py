"""manage.py retention [--dry-run]: run the retention schedule once (the scheduler does
this nightly, GIR_RETENTION_SCHEDULE), or count what it would erase."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from gir.privacy.retention_selectors import label_of
from gir.privacy.retention_services import retention_run


class Command(BaseCommand):
    help = "Anonymise or delete what passed its retention period; --dry-run only counts."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count what would go; change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        logs = retention_run(dry_run=dry_run)
        line = (
            _("%(kind)s: %(count)s zou weg gaan (ouder dan %(cutoff)s, %(days)s dagen)")
            if dry_run
            else _("%(kind)s: %(count)s verwijderd of geanonimiseerd (ouder dan %(cutoff)s, %(days)s dagen)")
        )
        for log in logs:
            text = line % {
                "kind": label_of(log.kind),
                "count": log.count,
                "cutoff": f"{log.cutoff:%d-%m-%Y}",
                "days": log.days,
            }
            if log.left_to_own_task:
                text += " " + _("(dit doet de eigen nachtelijke taak)")
            if log.error:
                text += " " + _("GESTOPT: %(error)s") % {"error": log.error}
            self.stdout.write(text)
