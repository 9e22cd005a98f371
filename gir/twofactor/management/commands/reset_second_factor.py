from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gir.accounts.models import User
from gir.twofactor.services import factors_reset


class Command(BaseCommand):
    help = (
        "Verwijder alle tweede factoren en herstelcodes van een gebruiker die ze kwijt is; "
        "bij de volgende keer inloggen stelt die een nieuwe in. Komt in het auditlog."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--reden", required=True, help="Waarom, voor het auditlog.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as error:
            raise CommandError(f"Geen gebruiker {options['username']!r}.") from error
        removed = factors_reset(user=user, actor=None, reason=options["reden"])
        self.stdout.write(self.style.SUCCESS(f"{removed} factor(en) van {user.username} verwijderd."))
