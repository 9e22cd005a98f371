import getpass
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gir.accounts.services import administrator_create


class Command(BaseCommand):
    help = "Maak een beheerder aan (gebruikers en organisatie beheren; geen incidentinhoud)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("GIR_ADMIN_PASSWORD") or getpass.getpass("Wachtwoord: ")
        try:
            user = administrator_create(
                username=options["username"], email=options["email"], password=password
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Beheerder {user.username} is aangemaakt."))
