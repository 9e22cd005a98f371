# ruff: noqa: S608 -- the SQL is assembled from constants only; the periods are parameters.
"""Benchmark of the dashboard and the work list at scale (issue 7 "Scale").

Times gir.reports.figures.build for the last 12 months over all incidents (what the
dashboard computes for the coordinator), the same reads as hand-written SQL through a raw
cursor, recounting one month of one team after a change (what a write costs the
scheduler), and the paginated work list as the coordinator sees it. Prints one figure per
line as `name value unit`. Fill the database first with generate_scale.
"""

import statistics
import time
from argparse import ArgumentParser
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from gir.accounts.constants import Role
from gir.accounts.models import User, UserRole
from gir.core import clock
from gir.incidents.models import Incident
from gir.reports import figures, tallies
from gir.reports.figures import Period, add_months
from gir.reports.models import FigureCount
from gir.reports.policy import FigureScope

BENCH_USERNAME = "bench-coordinator"

# The same sums figures.build reads from the pre-counted figures (gir.reports.tallies), for
# the whole organisation: per dimension and key, per month and team, and the repeat people.
COUNTS = "FROM reports_figurecount c WHERE c.month >= %(start)s AND c.month <= %(end)s"
BY_KEY = (
    f"SELECT c.dimension, c.key, sum(c.count) {COUNTS} "
    "AND c.dimension NOT IN ('total', 'repeat_person') GROUP BY 1, 2"
)
BY_MONTH_AND_TEAM = (
    f"SELECT c.month, c.team_id, sum(c.count) {COUNTS} AND c.dimension = 'total' GROUP BY 1, 2"
)
REPEAT_PEOPLE = f"SELECT count(*) FROM (SELECT DISTINCT c.key {COUNTS} AND c.dimension = 'repeat_person') p"
UNITS = "SELECT id, parent_id, kind FROM accounts_organisationunit"
LABELS = [
    "SELECT id, name FROM accounts_organisationunit WHERE kind = 'department' ORDER BY name",
    "SELECT id, name FROM accounts_location ORDER BY name",
    "SELECT id, name FROM accounts_functiongroup ORDER BY name",
]


def hand_written(period: Period) -> list[tuple[str, dict[str, Any]]]:
    """The SQL of what figures.build reads, with its parameters."""
    current = {"start": period.start, "end": period.end}
    before = period.previous()
    previous = {"start": before.start, "end": before.end}
    queries = [(BY_KEY, current), (BY_MONTH_AND_TEAM, current), (BY_KEY, previous)]
    queries += [(BY_MONTH_AND_TEAM, previous), (REPEAT_PEOPLE, current), (UNITS, {})]
    return queries + [(sql, {}) for sql in LABELS]


def timed(action: Callable[[], Any], runs: int) -> list[float]:
    action()  # warm-up
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
        reset_queries()
    return timings


def coordinator() -> User:
    user = User.objects.filter(is_active=True, roles__role=Role.COORDINATOR).order_by("pk").first()
    if user is None:
        user, _created = User.objects.get_or_create(
            username=BENCH_USERNAME, defaults={"first_name": "Bench", "last_name": "Coördinator"}
        )
        UserRole.objects.get_or_create(user=user, role=Role.COORDINATOR)
    return user


class Command(BaseCommand):
    help = (
        "Meet de snelheid van het dashboard (figures.build tegen dezelfde cijfers in handgeschreven SQL) "
        "en van de werkvoorraad. Vul de database eerst met generate_scale."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--runs", type=int, default=7, help="Metingen per cijfer (na één opwarmronde).")

    def handle(self, *args: Any, runs: int, **options: Any) -> None:
        if connection.vendor != "postgresql":
            self.stderr.write("Let op: dit is geen PostgreSQL; de cijfers zeggen weinig over productie.")
        this_month = clock.today().replace(day=1)
        period = Period.of_months(add_months(this_month, -11), this_month)
        self.stdout.write(f"incidents {Incident.objects.count()} count")
        if not FigureCount.objects.exists():
            tallies.rebuild()
        tallies.refresh()  # what the scheduler would have done by now
        whole_organisation = FigureScope(None, restricted=True)

        def dashboard() -> None:
            figures.build(whole_organisation, period, None, suppress=False)

        queries = hand_written(period)

        def dashboard_sql() -> None:
            with connection.cursor() as cursor:
                for sql, params in queries:
                    cursor.execute(sql, params)
                    cursor.fetchall()

        app = statistics.median(timed(dashboard, runs))
        sql = statistics.median(timed(dashboard_sql, runs))
        self.stdout.write(f"dashboard_ms {app:.1f} ms")
        self.stdout.write(f"dashboard_sql_ms {sql:.1f} ms")
        self.stdout.write(f"dashboard_ratio {app / sql:.2f} ratio")

        latest = Incident.objects.exclude(occurred_at=None).order_by("-occurred_at").first()
        if latest is not None:

            def recount() -> None:
                tallies.mark_incident(latest.pk)
                tallies.refresh()

            recounted = statistics.median(timed(recount, runs))
            self.stdout.write(f"figures_refresh_ms {recounted:.1f} ms")

        client = Client(SERVER_NAME=(settings.ALLOWED_HOSTS or ["testserver"])[0].lstrip("."))
        client.force_login(coordinator())
        try:
            dashboard_url = reverse("reports:dashboard")
        except NoReverseMatch:
            dashboard_url = None
        if dashboard_url is not None:
            view = statistics.median(timed(lambda: self._get(client, dashboard_url), runs))
            self.stdout.write(f"dashboard_view_ms {view:.1f} ms")

        list_url = reverse("incidents:handled") + "?status=all"
        listed = statistics.median(timed(lambda: self._get(client, list_url), runs))
        with CaptureQueriesContext(connection) as captured:
            self._get(client, list_url)
        self.stdout.write(f"list_ms {listed:.1f} ms")
        self.stdout.write(f"list_queries {len(captured)} queries")

    def _get(self, client: Client, url: str) -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code}")
