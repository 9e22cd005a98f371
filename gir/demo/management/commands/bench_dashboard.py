"""Benchmark of the dashboard and the long lists at scale (issue 7 "Scale", issue 18).

Times gir.reports.figures.build for the last 12 months over all incidents (what the
dashboard computes for the coordinator), the same reads as hand-written SQL through a raw
cursor over the counts and the same figures over the raw rows (gir.demo.bench_sql),
recounting one month of one team after a change (what a write costs the worker), the
dashboard page as it is and with 12 months × every team marked as changed, the work list
(first and deepest page), the register, an incident page, and Mijn meldingen for an
employee with none and with 20,000 reports. Prints one figure per line as
`name value unit`. Fill the database first with generate_scale.

It changes the database a little: it adds bench users, and when no employee reported
20,000 incidents, makes one of them the reporter of 20,000 (which changes no figure).
"""

import datetime as dt
import statistics
import time
from argparse import ArgumentParser
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from gir.access.kernel import second_factor_required
from gir.accounts.constants import Role
from gir.accounts.models import OrganisationUnit, User, UserRole
from gir.core import clock
from gir.demo import bench_sql
from gir.incidents.models import Incident
from gir.reports import figures, tallies
from gir.reports.figures import Period, add_months
from gir.reports.models import FigureCount, StaleFigures
from gir.reports.policy import FigureScope

BENCH_USERNAME = "bench-coordinator"
# Mijn meldingen is timed for an employee with no reports and one with this many.
MINE_REPORTS = 20_000
BENCH_EMPTY = "bench-geen-meldingen"
BENCH_MANY = "bench-veel-meldingen"
# The work list's deepest page: the pager stops at CappedPaginator.cap rows.
DEEP_PAGE = 400
# The raw-rows SQL reads a year of incidents and millions of steps: fewer runs.
RAW_RUNS = 3
NOTICE = "De cijfers worden bijgewerkt."


def timed(action: Callable[[], Any], runs: int) -> list[float]:
    action()  # warm-up
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
        reset_queries()
    return timings


def employee(username: str) -> User:
    user, _created = User.objects.get_or_create(
        username=username, defaults={"first_name": "Bench", "last_name": "Medewerker"}
    )
    UserRole.objects.get_or_create(user=user, role=Role.EMPLOYEE)
    return user


def many_reports(count: int) -> tuple[User, int]:
    """An employee who reported at least `count` incidents (the one with the fewest such),
    or else the bench employee made the reporter of `count` bulk incidents."""
    row = (
        Incident.objects.order_by()
        .values("reporter")
        .annotate(n=Count("pk"))
        .filter(n__gte=count, reporter__roles__role=Role.EMPLOYEE, reporter__is_active=True)
        .order_by("n")
        .first()
    )
    if row is not None:
        return User.objects.get(pk=row["reporter"]), row["n"]
    user = employee(BENCH_MANY)
    return user, with_reports(user, count)


def with_reports(user: User, count: int) -> int:
    """Make `user` the reporter of `count` incidents (taken from the bulk data, which
    changes no figure: the figures count victims, not reporters); returns how many."""
    missing = count - Incident.objects.filter(reporter=user).count()
    if missing > 0:
        taken = Incident.objects.exclude(reporter=user).order_by("pk").values_list("pk", flat=True)[:missing]
        Incident.objects.filter(pk__in=list(taken)).update(reporter=user)
    return Incident.objects.filter(reporter=user).count()


def mark_every_team(months: list[dt.date]) -> int:
    """What an import or a merge leaves behind: these months of every team (and no
    team), both tracks, marked as changed. Returns the number of slots."""
    teams = [None, *OrganisationUnit.objects.values_list("pk", flat=True)]
    slots = [(month, team, restricted) for month in months for team in teams for restricted in (False, True)]
    tallies.mark_slots(slots)
    return len(slots)


def log_in(client: Client, user: User) -> None:
    """Log the client in as `user`, past the second factor its role requires (ADR 0016),
    as the user works after the second step: a confirmed device of theirs in the session."""
    client.force_login(user)
    if second_factor_required(user):
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name="bench: log-in", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


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

        tally_queries = bench_sql.tally(period)
        raw_queries = bench_sql.raw(period, clock.now(), vendor=connection.vendor)

        def run_sql(queries: bench_sql.Queries) -> None:
            with connection.cursor() as cursor:
                for sql, params in queries:
                    cursor.execute(sql, params)
                    cursor.fetchall()

        app = statistics.median(timed(dashboard, runs))
        sql = statistics.median(timed(lambda: run_sql(tally_queries), runs))
        self.stdout.write(f"dashboard_ms {app:.1f} ms")
        self.stdout.write(f"dashboard_sql_ms {sql:.1f} ms")
        self.stdout.write(f"dashboard_ratio {app / sql:.2f} ratio")
        raw = statistics.median(timed(lambda: run_sql(raw_queries), min(runs, RAW_RUNS)))
        self.stdout.write(f"dashboard_raw_sql_ms {raw:.1f} ms")

        latest = Incident.objects.exclude(occurred_at=None).order_by("-occurred_at").first()
        if latest is not None:

            def recount() -> None:
                tallies.mark_incident(latest.pk)
                tallies.refresh()

            recounted = statistics.median(timed(recount, runs))
            self.stdout.write(f"figures_refresh_ms {recounted:.1f} ms")

        client = Client(SERVER_NAME=(settings.ALLOWED_HOSTS or ["testserver"])[0].lstrip("."))
        log_in(client, coordinator())
        dashboard_url = reverse("reports:dashboard")
        view = statistics.median(timed(lambda: self._get(client, dashboard_url), runs))
        self.stdout.write(f"dashboard_view_ms {view:.1f} ms")
        # After an import or a merge: 12 months × every team marked. The page does not
        # count them (ADR 0007); the worker's round does, timed apart.
        slots = mark_every_team(period.month_starts)
        if NOTICE not in self._get(client, dashboard_url):
            raise RuntimeError("The dashboard does not say that figures are being updated.")
        marked = statistics.median(timed(lambda: self._get(client, dashboard_url), runs))
        self.stdout.write(f"dashboard_view_marked_ms {marked:.1f} ms")
        self.stdout.write(f"figures_marked_slots {slots} slots")
        started = time.perf_counter()
        tallies.refresh()
        self.stdout.write(f"figures_refresh_marked_ms {(time.perf_counter() - started) * 1000:.1f} ms")
        if StaleFigures.objects.exists():
            raise RuntimeError("Marks are left after the worker's count.")

        list_url = reverse("incidents:handled") + "?status=all"
        listed = statistics.median(timed(lambda: self._get(client, list_url), runs))
        with CaptureQueriesContext(connection) as captured:
            self._get(client, list_url)
        self.stdout.write(f"list_ms {listed:.1f} ms")
        self.stdout.write(f"list_queries {len(captured)} queries")
        deep_url = f"{list_url}&pagina={DEEP_PAGE}"
        deep = statistics.median(timed(lambda: self._get(client, deep_url), runs))
        self.stdout.write(f"list_deep_ms {deep:.1f} ms")

        register_url = reverse("perpetrators:list")
        register = statistics.median(timed(lambda: self._get(client, register_url), runs))
        self.stdout.write(f"register_ms {register:.1f} ms")

        incident = Incident.objects.exclude(status="draft").order_by("-pk").first()
        if incident is not None:
            incident_url = reverse("incidents:detail", args=[incident.pk])
            shown = statistics.median(timed(lambda: self._get(client, incident_url), runs))
            with CaptureQueriesContext(connection) as captured:
                self._get(client, incident_url)
            self.stdout.write(f"incident_ms {shown:.1f} ms")
            self.stdout.write(f"incident_queries {len(captured)} queries")

        mine_url = reverse("incidents:mine")
        log_in(client, employee(BENCH_EMPTY))
        empty = statistics.median(timed(lambda: self._get(client, mine_url), runs))
        self.stdout.write(f"mine_empty_ms {empty:.1f} ms")
        many_user, reports = many_reports(MINE_REPORTS)
        log_in(client, many_user)
        many = statistics.median(timed(lambda: self._get(client, mine_url), runs))
        self.stdout.write(f"mine_reports {reports} count")
        self.stdout.write(f"mine_many_ms {many:.1f} ms")

    def _get(self, client: Client, url: str) -> str:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code}")
        return response.content.decode()
