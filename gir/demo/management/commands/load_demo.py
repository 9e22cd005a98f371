from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gir.demo.load import load_demo, login_table
from gir.demo.organisation import DEFAULT_INCIDENT_COUNT, DEFAULT_SEED, DEMO_URL, DemoDataError
from gir.demo.second_factor import demo_totp_secret


class Command(BaseCommand):
    help = (
        "Laadt een demo-gemeente met medewerkers, één login per rol en een paar honderd "
        "meldingen met hun vervolgplan. Doet niets als de demo al geladen is."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Startgetal voor het toeval.")
        parser.add_argument(
            "--incidents",
            type=int,
            default=DEFAULT_INCIDENT_COUNT,
            help="Aantal meldingen (standaard %(default)s).",
        )

    def handle(self, *args: Any, seed: int, incidents: int, **options: Any) -> None:
        if incidents < 0:
            raise CommandError("--incidents kan niet negatief zijn.")
        try:
            result = load_demo(seed=seed, incident_count=incidents)
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo-gegevens geladen: {result.users} gebruikers en {result.incidents} meldingen, "
                    f"met {result.steps} stappen in de vervolgplannen; "
                    f"{result.closed} meldingen zijn afgehandeld; "
                    f"{result.perpetrators} veroorzakers in het register met {result.measures} maatregelen; "
                    f"{result.claims} schadeverhalen en {result.appointments} geplande nazorggesprekken."
                )
            )
        else:
            self.stdout.write("De demo-gegevens bestaan al; er is niets toegevoegd.")
        self.stdout.write(login_overview())


def login_overview() -> str:
    rows = [("Rol", "Gebruikersnaam", "Wachtwoord"), *login_table()]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["", f"Inloggen op {DEMO_URL} met:", ""]
    for n, row in enumerate(rows):
        lines.append("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
        if n == 0:
            lines.append("  " + "  ".join("-" * w for w in widths))
    lines += [
        "",
        "Elke rol behalve medewerker vraagt na het wachtwoord een code (de tweede stap).",
        f"In de demo staat die al in een authenticator-app met sleutel {demo_totp_secret()};",
        "de code van dit moment geeft: make demo-code",
    ]
    return "\n".join(line.rstrip() for line in lines)
