# ruff: noqa: S608 -- the SQL is assembled from constants only; the periods are parameters.
"""Benchmark of the dashboard and the work list at scale (issue 7 "Scale").

Times gir.reports.figures.build for the last 12 months over all incidents (what the
dashboard computes for the coordinator), the same figures as hand-written SQL through
a raw cursor, and the paginated work list as the coordinator sees it. Prints one figure
per line as `name value unit`. Fill the database first with generate_scale.
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
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from gir.accounts.constants import Role
from gir.accounts.models import User, UserRole
from gir.incidents.models import Incident
from gir.reports import figures
from gir.reports.figures import Period

BENCH_USERNAME = "bench-coordinator"

# Submitted incidents of a period, by when they happened (figures.in_scope without a unit).
SCOPE = "i.status <> 'draft' AND i.occurred_at >= %(start)s AND i.occurred_at < %(end)s"
IN_SCOPE = f"SELECT i.id FROM incidents_incident i WHERE {SCOPE}"
TOTAL = f"SELECT count(*) FROM incidents_incident i WHERE {SCOPE}"
MONTHS = (
    "SELECT date_trunc('month', i.occurred_at AT TIME ZONE 'Europe/Amsterdam'), count(*) "
    f"FROM incidents_incident i WHERE {SCOPE} GROUP BY 1"
)
# SQLite (the tests) has no time zones: months by the stored (UTC) text, near enough there.
MONTHS_SQLITE = (
    f"SELECT substr(i.occurred_at, 1, 7), count(*) FROM incidents_incident i WHERE {SCOPE} GROUP BY 1"
)
BY_COLUMN = "SELECT i.{column}, count(*) FROM incidents_incident i WHERE " + SCOPE + " GROUP BY 1"
BY_BEHAVIOUR = (
    "SELECT b.kind, count(DISTINCT i.id) FROM incidents_incident i "
    f"LEFT JOIN incidents_incidentbehaviour b ON b.incident_id = i.id WHERE {SCOPE} GROUP BY 1"
)
BY_FUNCTION_GROUP = (
    "SELECT u.function_group_id, count(DISTINCT i.id) FROM incidents_incident i "
    "LEFT JOIN incidents_victim v ON v.incident_id = i.id LEFT JOIN accounts_user u ON u.id = v.user_id "
    f"WHERE {SCOPE} GROUP BY 1"
)
MEASURES = (
    "SELECT m.kind, count(DISTINCT m.id) FROM perpetrators_measure m "
    "JOIN perpetrators_measure_incidents mi ON mi.measure_id = m.id "
    f"WHERE mi.incident_id IN ({IN_SCOPE}) GROUP BY 1"
)
# People in the period's incidents with another incident before its end; their incidents; all linked.
REPEAT = (
    "WITH linked AS ("
    " SELECT l.perpetrator_id, l.incident_id, EXISTS ("
    "  SELECT 1 FROM perpetrators_perpetratorincident e JOIN incidents_incident ei ON ei.id = e.incident_id"
    "  WHERE e.perpetrator_id = l.perpetrator_id AND e.id <> l.id AND ei.occurred_at < %(end)s"
    " ) AS repeat"
    " FROM perpetrators_perpetratorincident l JOIN incidents_incident i ON i.id = l.incident_id"
    f" WHERE {SCOPE}) "
    "SELECT count(DISTINCT perpetrator_id) FILTER (WHERE repeat), "
    "count(DISTINCT incident_id) FILTER (WHERE repeat), count(DISTINCT incident_id) FROM linked"
)
# Of the incidents where the protocol expected an aangifte, those with one filed.
AANGIFTE = (
    "SELECT count(*), count(*) FILTER (WHERE EXISTS ("
    " SELECT 1 FROM police_policereport p WHERE p.incident_id = i.id AND p.kind = 'aangifte')) "
    f"FROM incidents_incident i WHERE {SCOPE} AND EXISTS ("
    " SELECT 1 FROM protocol_step s WHERE s.incident_id = i.id AND s.kind = 'police_report'"
    " AND s.status <> 'lapsed')"
)
ON_TIME = (
    "SELECT count(*) FILTER (WHERE s.status IN ('done', 'waived')"
    " OR (s.status = 'open' AND s.due_at < %(now)s)),"
    " count(*) FILTER (WHERE s.status IN ('done', 'waived') AND s.completed_at <= s.due_at) "
    "FROM protocol_step s {join} WHERE {where} AND s.incident_id IN (" + IN_SCOPE + ")"
)
AFTERCARE_ON_TIME = ON_TIME.format(
    join="JOIN protocol_protocolrule r ON r.id = s.rule_id",
    where="s.kind = 'aftercare' AND r.code = 'aftercare-first'",
)
DEADLINES_MET = ON_TIME.format(join="", where="s.is_required")


def hand_written(period: Period, now: dt.datetime) -> list[tuple[str, dict[str, Any]]]:
    """One SQL string per figure figures.build computes, with its parameters."""
    current = {"start": period.start_at, "end": period.end_before, "now": now}
    before = period.previous()
    previous = {"start": before.start_at, "end": before.end_before, "now": now}
    both = (current, previous)
    months = MONTHS if connection.vendor == "postgresql" else MONTHS_SQLITE
    queries = [(TOTAL, p) for p in both] + [(months, current)]
    for p in both:
        queries.append((BY_BEHAVIOUR, p))
        queries += [
            (BY_COLUMN.format(column=c), p)
            for c in ("escalation_level", "aggression_type", "setting", "location_id", "team_id")
        ]
        queries.append((BY_FUNCTION_GROUP, p))
        queries.append((MEASURES, p))
        queries.append((AANGIFTE, p))
    queries += [(REPEAT, current), (AFTERCARE_ON_TIME, current), (DEADLINES_MET, current)]
    return queries


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
        now = timezone.now()
        today = timezone.localdate()
        period = Period(today - dt.timedelta(days=364), today)
        self.stdout.write(f"incidents {Incident.objects.count()} count")

        def dashboard() -> None:
            figures.build(Incident.objects.all(), period, None, suppress=False)

        queries = hand_written(period, now)

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
