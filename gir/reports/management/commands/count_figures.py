"""Count the dashboard's figures again (gir.reports.tallies): the marked months only, or
with --all everything, as the nightly round does."""

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from gir.reports import tallies


class Command(BaseCommand):
    help = (
        "Telt de cijfers van het dashboard opnieuw: de gewijzigde maanden, of met --all alles "
        "(bijvoorbeeld na het rechtstreeks wijzigen van gegevens in de database)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--all", action="store_true", help="Alles opnieuw tellen.")

    def handle(self, *args: Any, all: bool, **options: Any) -> None:  # noqa: A002
        started = time.perf_counter()
        if all:
            rows = tallies.rebuild()
            self.stdout.write(
                f"Alle cijfers opnieuw geteld: {rows} rijen ({time.perf_counter() - started:.1f} s)."
            )
        else:
            slots = tallies.refresh()
            self.stdout.write(
                f"{slots} maand(en) per team opnieuw geteld ({time.perf_counter() - started:.1f} s)."
            )
