"""A bounded load test against the production server (issue 18 item 5; make bench-load).

On the database this command runs on (a benchmark database: the name must hold
"bench"), it makes the bench accounts (employees, who need no second factor, and two
dashboard readers with the bench authenticator app), collects the static files, starts
gunicorn on 127.0.0.1 with GIR_DEBUG off, and runs locust headless twice against it
(gir/demo/locustfile.py):

1. the floor: FloorUser opens the log-in page (GIR's full middleware, no database work
   beyond the session) as fast as the server answers, for --floor-seconds;
2. the load: --users employees log in and report (form, report, Mijn meldingen) without
   pause, and 2 readers open the dashboard every 2 s, for --duration.

It prints one figure per line (`name value unit`) and fails when a request failed or
when the number of reports stored differs from the number the server accepted.
"""

import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from argparse import ArgumentParser
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from gir.accounts.constants import MembershipRole, Role, UnitKind
from gir.accounts.models import OrganisationUnit, TeamMembership, User
from gir.demo.bench import BENCH_PASSWORD, BENCH_TOTP_KEY, bench_accounts
from gir.incidents.models import Incident

LOCUSTFILE = Path(__file__).resolve().parents[2] / "locustfile.py"
EMPLOYEE_PREFIX = "bench.mw"
READERS = (("bench.coordinator", Role.COORDINATOR), ("bench.directie", Role.DIRECTOR))


class Stats:
    """Locust's final statistics (its --json-file): requests by name, and all together."""

    def __init__(self, path: Path) -> None:
        with open(path) as handle:
            self.entries = {entry["name"]: entry for entry in json.load(handle)}

    def _of(self, name: str | None) -> list[dict[str, Any]]:
        if name is None:
            return list(self.entries.values())
        return [self.entries[name]] if name in self.entries else []

    def requests(self, name: str | None = None) -> int:
        return sum(e["num_requests"] for e in self._of(name))

    def failures(self, name: str | None = None) -> int:
        return sum(e["num_failures"] for e in self._of(name))

    def rps(self) -> float:
        """Requests per second over the run, from the first request to the last answer."""
        entries = self._of(None)
        if not entries:
            return 0.0
        seconds = max(e["last_request_timestamp"] for e in entries) - min(e["start_time"] for e in entries)
        return self.requests() / seconds if seconds > 0 else 0.0

    def percentile(self, share: float, name: str | None = None) -> float:
        """From locust's histogram of response times (ms, rounded as locust keeps them)."""
        counts: Counter[float] = Counter()
        for entry in self._of(name):
            counts.update({float(ms): n for ms, n in entry["response_times"].items()})
        total = sum(counts.values())
        if not total:
            return 0.0
        seen = 0
        for ms in sorted(counts):
            seen += counts[ms]
            if seen >= share * total:
                return ms
        return max(counts)


class Command(BaseCommand):
    help = (
        "Belastingtest: start gunicorn (zonder debug) en laat locust medewerkers laten melden en "
        "het dashboard lezen. Alleen voor een testdatabase met ‘bench’ in de naam."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--users", type=int, default=50, help="Medewerkers die tegelijk melden.")
        parser.add_argument("--spawn-rate", type=float, default=10, help="Nieuwe gebruikers per seconde.")
        parser.add_argument("--duration", default="2m", help="Duur van de belasting (locust: 2m, 90s).")
        parser.add_argument("--floor-seconds", type=int, default=20, help="Duur van de vloermeting.")
        parser.add_argument("--workers", type=int, default=5, help="Aantal gunicorn-workers.")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--any-database", action="store_true")

    def handle(
        self,
        *args: Any,
        users: int,
        spawn_rate: float,
        duration: str,
        floor_seconds: int,
        workers: int,
        port: int,
        any_database: bool,
        **options: Any,
    ) -> None:
        name = str(connection.settings_dict["NAME"])
        if "bench" not in name and not any_database:
            raise CommandError(
                f"Database ‘{name}’ heeft geen ‘bench’ in de naam. Deze opdracht maakt accounts en "
                "meldingen aan; gebruik een aparte database (make bench-load) of --any-database."
            )
        if connection.vendor != "postgresql":
            self.stderr.write("Let op: dit is geen PostgreSQL; de cijfers zeggen weinig over productie.")
        employees = self._accounts(users)
        readers = [bench_accounts([u], roles=(role,))[0].username for u, role in READERS]
        url = f"http://127.0.0.1:{port}"
        env = self._server_env(url)
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
        )
        reporters = User.objects.filter(username__startswith=EMPLOYEE_PREFIX)
        before = Incident.objects.filter(reporter__in=reporters).count()
        with tempfile.TemporaryDirectory(prefix="gir-bench-load-") as tmp:
            server = self._start_server(env, url, workers, Path(tmp) / "gunicorn.log")
            try:
                locust_env = {
                    **os.environ,
                    "BENCH_LOAD_EMPLOYEES": ",".join(employees),
                    "BENCH_LOAD_READERS": ",".join(readers),
                    "BENCH_LOAD_PASSWORD": BENCH_PASSWORD,
                    "BENCH_LOAD_TOTP_KEY": BENCH_TOTP_KEY,
                }
                self.stderr.write(f"Vloer: {floor_seconds} s de inlogpagina met {users} gebruikers …")
                floor = self._locust(
                    Path(tmp) / "floor", url, locust_env, ["FloorUser"], users, spawn_rate, f"{floor_seconds}"
                )
                self.stderr.write(f"Belasting: {users} medewerkers en {len(readers)} lezers, {duration} …")
                load = self._locust(
                    Path(tmp) / "load",
                    url,
                    locust_env,
                    ["EmployeeUser", "ReaderUser"],
                    users + len(readers),
                    spawn_rate,
                    duration,
                )
            finally:
                self._stop_server(server)
            stored = Incident.objects.filter(reporter__in=reporters).count() - before
            self._report(floor, load, stored, workers)

    def _accounts(self, count: int) -> list[str]:
        """count employees with the bench password, each a member of one of the teams."""
        usernames = [f"{EMPLOYEE_PREFIX}{n:03d}" for n in range(1, count + 1)]
        users = bench_accounts(usernames, roles=(Role.EMPLOYEE,))
        teams = list(OrganisationUnit.objects.filter(kind=UnitKind.TEAM).order_by("pk")[:10])
        if teams:
            for n, user in enumerate(users):
                TeamMembership.objects.get_or_create(
                    user=user, team=teams[n % len(teams)], defaults={"role": MembershipRole.MEMBER}
                )
        return usernames

    def _server_env(self, url: str) -> dict[str, str]:
        """Production settings (GIR_DEBUG off), on plain HTTP at 127.0.0.1: no TLS redirect
        and no secure-only cookies, which a client over http:// would not send back."""
        env = {
            **os.environ,
            "GIR_DEBUG": "0",
            "GIR_SECRET_KEY": secrets.token_urlsafe(50),
            "GIR_ALLOWED_HOSTS": "127.0.0.1",
            "GIR_SITE_URL": url,
            "GIR_SSL_REDIRECT": "0",
            "GIR_SECURE_COOKIES": "0",
            "GIR_HSTS_SECONDS": "0",
            # No mail leaves a benchmark (the new-report mails are queued tasks; no worker runs).
            "GIR_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "GIR_LOG_LEVEL": "WARNING",
        }
        env["DATABASE_URL"] = os.environ.get("DATABASE_URL", "")
        if not env["DATABASE_URL"]:
            raise CommandError("Zet DATABASE_URL: de server moet dezelfde database gebruiken.")
        return env

    def _start_server(self, env: dict[str, str], url: str, workers: int, log: Path) -> subprocess.Popen:
        """gunicorn with the production config when the repository has one
        (config/gunicorn.conf.py: its worker class, timeouts and limits), else with
        explicit flags; the address and the number of workers are the benchmark's."""
        command = [sys.executable, "-m", "gunicorn", "config.wsgi"]
        config = Path(settings.BASE_DIR) / "config" / "gunicorn.conf.py"
        if config.exists():
            command += ["--config", str(config)]
        else:
            command += ["--worker-class", "sync", "--timeout", "30"]
        command += ["--bind", url.removeprefix("http://"), "--workers", str(workers)]
        self.stderr.write(" ".join(command[2:]))
        with open(log, "w") as output:
            server = subprocess.Popen(  # noqa: S603
                command, cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                tail = log.read_text()[-3000:]
                raise CommandError(f"gunicorn stopte meteen (code {server.returncode}):\n{tail}")
            try:
                with urllib.request.urlopen(f"{url}/inloggen/", timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return server
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        self._stop_server(server)
        raise CommandError(f"gunicorn antwoordde niet binnen 60 s:\n{log.read_text()[-3000:]}")

    def _stop_server(self, server: subprocess.Popen) -> None:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()

    def _locust(
        self,
        prefix: Path,
        url: str,
        env: dict[str, str],
        classes: list[str],
        users: int,
        spawn_rate: float,
        duration: str,
    ) -> Stats:
        command = [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(spawn_rate),
            "--run-time",
            duration,
            "--host",
            url,
            "--json-file",
            str(prefix),  # locust adds .json
            # A user finishes the task it is in when the time is up: a report sent is answered.
            "--stop-timeout",
            "60",
            "--loglevel",
            "WARNING",
            *classes,
        ]
        # Exit code 1 only says that some request failed: the figures below say which.
        with open(prefix.with_suffix(".log"), "w") as log:
            subprocess.run(command, cwd=settings.BASE_DIR, env=env, check=False, stdout=log, stderr=log)  # noqa: S603
        if not prefix.with_suffix(".json").exists():
            raise CommandError("locust schreef geen uitkomst:\n" + prefix.with_suffix(".log").read_text())
        return Stats(prefix.with_suffix(".json"))

    def _report(self, floor: Stats, load: Stats, stored: int, workers: int) -> None:
        requests, errors, rps, floor_rps = load.requests(), load.failures(), load.rps(), floor.rps()
        accepted = load.requests("report POST") - load.failures("report POST")
        out = self.stdout.write
        out(f"load_workers {workers} processes")
        out(f"load_requests {requests} requests")
        out(f"load_errors {errors} requests")
        out(f"load_rps {rps:.1f} req/s")
        for name, key in (
            ("log-in POST", "login"),
            ("report form", "form"),
            ("report POST", "report"),
            ("Mijn meldingen", "mine"),
            ("dashboard", "dashboard"),
        ):
            out(f"load_{key}_p50_ms {load.percentile(0.50, name):.0f} ms")
            out(f"load_{key}_p95_ms {load.percentile(0.95, name):.0f} ms")
        out(f"floor_rps {floor_rps:.1f} req/s")
        out(f"floor_p50_ms {floor.percentile(0.50):.0f} ms")
        out(f"load_vs_floor {rps / floor_rps if floor_rps else 0.0:.2f} ratio")
        out(f"load_reports_accepted {accepted} reports")
        out(f"load_reports_stored {stored} reports")
        problems = []
        if errors or floor.failures():
            problems.append(f"{errors + floor.failures()} verzoeken mislukten")
        if accepted != stored:
            problems.append(f"{accepted} meldingen aangenomen maar {stored} opgeslagen")
        if not requests or not floor.requests():
            problems.append("geen verzoeken gemeten")
        if problems:
            raise CommandError("; ".join(problems) + ".")
