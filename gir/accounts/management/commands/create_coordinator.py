import getpass
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gir.accounts.models import User
from gir.accounts.services import coordinator_create


class Command(BaseCommand):
    help = (
        "Maak de eerste coördinator agressie en geweld aan, op de server (geen tweede persoon "
        "nodig; vastgelegd in het auditlog). Een bestaand account krijgt de rol erbij."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        exists = User.objects.filter(username=username).exists()
        password = ""
        if not exists:
            if not options["email"]:
                raise CommandError("Geef --email voor een nieuw account.")
            password = os.environ.get("GIR_COORDINATOR_PASSWORD") or getpass.getpass("Wachtwoord: ")
        try:
            user = coordinator_create(username=username, email=options["email"], password=password)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        if exists:
            self.stdout.write(self.style.SUCCESS(f"{user.username} is nu coördinator."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Coördinator {user.username} is aangemaakt."))
