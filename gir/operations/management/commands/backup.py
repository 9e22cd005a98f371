"""manage.py backup <archive>: the database and every stored file in one archive, with a
manifest of SHA-256 sums (gir/operations/backups.py; README "Backup and restore")."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gir.operations.backups import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Schrijf een backup: de database en alle opgeslagen bestanden in één archief (tar; "
        "gzip als de naam eindigt op .gz of .tgz), met de SHA-256 van elk onderdeel. "
        "Overschrijft nooit een bestaand bestand."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "archive", help="Het pad van het nieuwe archief, bijvoorbeeld gir-2026-12-05.tar.gz."
        )
        parser.add_argument(
            "--gzip", action="store_true", help="Comprimeer, ook als de naam niet op .gz eindigt."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_write(options["archive"], compress=True if options["gzip"] else None)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup geschreven: {result.path} ({result.size / 1_000_000:.1f} MB; database "
                f"{result.vendor}, {result.files} bestanden)."
            )
        )
        self.stdout.write(f"SHA-256 van het archief: {result.sha256} (bewaar die apart van het archief).")
