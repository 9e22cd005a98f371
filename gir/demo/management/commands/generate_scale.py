"""Fill the database up to N realistic incidents with their steps, perpetrators, measures and
police reports (issue 7 "Scale"); see gir.demo.bulk for what is drawn and how it is written."""

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from gir.demo import bulk
from gir.demo.organisation import DEFAULT_SEED, DemoDataError
from gir.reports import tallies
from gir.reports.models import FigureCount


class Command(BaseCommand):
    help = (
        "Vult de database aan tot N meldingen met vervolgstappen, veroorzakers, maatregelen en "
        "aangiftes, voor prestatiemetingen. Wat er al is blijft staan; alleen het verschil komt erbij."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--count", type=int, required=True, help="Aantal meldingen in totaal.")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Startgetal voor het toeval.")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=bulk.DEFAULT_BATCH_SIZE,
            help="Meldingen per transactie (standaard %(default)s).",
        )

    def handle(
        self, *args: Any, count: int, seed: int, batch_size: int, verbosity: int, **options: Any
    ) -> None:
        if count < 1:
            raise CommandError("--count moet minstens 1 zijn.")
        if batch_size < 1:
            raise CommandError("--batch-size moet minstens 1 zijn.")
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            if verbosity >= 1:
                seconds = time.perf_counter() - started
                self.stdout.write(f"  {done} / {total} meldingen ({seconds:.0f} s)")

        try:
            result = bulk.generate_scale(count=count, seed=seed, batch_size=batch_size, progress=progress)
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        if result.demo_loaded:
            self.stdout.write("Er was nog geen organisatie: eerst is de demo-gemeente geladen.")
        added = result.added
        if not added.incidents:
            self.stdout.write(
                f"Er zijn al {result.existing} meldingen (gevraagd: {count}); niets toegevoegd."
            )
            if not FigureCount.objects.exists():
                self._count_figures(started)
            return
        loaded = time.perf_counter() - started
        self._count_figures(started)
        bulk.analyze()
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{added.incidents} meldingen toegevoegd ({added.steps} stappen, {added.perpetrators} "
                f"veroorzakers, {added.links} koppelingen, {added.measures} maatregelen, "
                f"{added.police_reports} politiemeldingen) in {loaded:.1f} s, "
                f"met de voorgetelde cijfers en VACUUM ANALYZE {seconds:.1f} s ({connection.vendor})."
            )
        )

    def _count_figures(self, started: float) -> None:
        """The dashboard reads counts per month (gir.reports.tallies): count them all once."""
        rows = tallies.rebuild()
        self.stdout.write(f"  cijfers voorgeteld: {rows} rijen ({time.perf_counter() - started:.0f} s)")
