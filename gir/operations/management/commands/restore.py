"""manage.py restore <archive>: an archive of `manage.py backup` back into an empty
database and an empty storage, every checksum checked first (gir/operations/backups.py)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gir.operations.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Zet een backup terug in een lege database en een lege bestandsopslag. Controleert "
        "eerst elk onderdeel van het archief; weigert een veranderd of onvolledig archief en "
        "een doel dat niet leeg is. Controleert daarna het auditlog."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="Het archief van manage.py backup.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = restore(options["archive"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Teruggezet: database {result.vendor} ({result.tables} tabellen, {result.rows} rijen, "
            f"gelijk aan het archief) en {result.files} bestanden, elk met de juiste SHA-256."
        )
        if result.migrations_to_apply:
            self.stdout.write(
                f"Het archief is van een oudere versie: voer nu manage.py migrate uit "
                f"({result.migrations_to_apply} migraties)."
            )
        verdict = result.verdict
        if verdict.first_break is not None:
            raise CommandError(
                f"Auditlog gebroken bij regel {verdict.first_break.pk}: {verdict.first_break.reason} "
                f"({verdict.checked} regels ervoor zijn intact).",
                returncode=1,
            )
        self.stdout.write(self.style.SUCCESS(f"Auditlog intact: {verdict.checked} regels gecontroleerd."))
