import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gir.demo.load import generate_incidents
from gir.demo.organisation import DEFAULT_BATCH_SIZE, DEFAULT_SEED, DemoDataError


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


class Command(BaseCommand):
    help = (
        "Maakt in bulk meldingen aan (met soorten gedrag, slachtoffers en een behandelaar) voor "
        "prestatietests, nog zonder vervolgplan. Laadt eerst de demo-gemeente als er nog geen "
        "organisatie is."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--count", type=int, required=True, help="Aantal meldingen.")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Startgetal voor het toeval.")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH_SIZE,
            help="Meldingen per bulk-insert (standaard %(default)s).",
        )

    def handle(
        self, *args: Any, count: int, seed: int, batch_size: int, verbosity: int, **options: Any
    ) -> None:
        if count < 1:
            raise CommandError("--count moet minstens 1 zijn.")
        if batch_size < 1:
            raise CommandError("--batch-size moet minstens 1 zijn.")

        def progress(done: int) -> None:
            if verbosity >= 1 and count > batch_size:
                self.stdout.write(f"  {_number(done)} / {_number(count)}")

        started = time.perf_counter()
        try:
            result = generate_incidents(count=count, seed=seed, batch_size=batch_size, progress=progress)
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started

        if result.demo_loaded:
            self.stdout.write("Er was nog geen organisatie: eerst is de demo-gemeente geladen.")
        counts = result.counts
        rate = _number(round(counts.incidents / seconds)) if seconds else "-"
        self.stdout.write(
            self.style.SUCCESS(
                f"{_number(counts.incidents)} meldingen aangemaakt "
                f"({_number(counts.behaviours)} soorten gedrag, "
                f"{_number(counts.victims)} slachtoffers) in "
                f"{_seconds(seconds)} s ({rate} per seconde)."
            )
        )
