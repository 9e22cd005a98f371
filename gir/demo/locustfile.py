"""The load test's users (issue 18 item 5), run by `manage.py bench_load` (make bench-load).

Plain locust, no Django: it talks HTTP to the production server like a browser does
(cookies, the CSRF token from each form). The accounts and the server are set up by
bench_load, which passes what the users need in the environment:

- BENCH_LOAD_EMPLOYEES: comma-separated user names of employees (no second factor);
- BENCH_LOAD_READERS: user names of dashboard readers (coordinator, director), who pass
  the second step with the code of the bench authenticator app (BENCH_LOAD_TOTP_KEY);
- BENCH_LOAD_PASSWORD: their password.

EmployeeUser logs in once, then reports over and over: open the form, send a minimal
valid report, open Mijn meldingen. A report counts as accepted only when the server
answers with the redirect to the new incident's page. ReaderUser (2 of them) logs in
with the second step and reads the dashboard every few seconds. FloorUser only opens
the log-in page: a cheap page through GIR's whole middleware, the server's floor.
"""

import itertools
import os
import re
import time
from binascii import unhexlify
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import gevent
from django_otp.oath import TOTP  # pure Python: no Django settings needed
from locust import FastHttpUser, constant, events, task

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
INCIDENT_PAGE = re.compile(r"/meldingen/\d+/$")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
WAIT = float(os.environ.get("BENCH_LOAD_WAIT", "0"))
PASSWORD = os.environ.get("BENCH_LOAD_PASSWORD", "")
EMPLOYEES = itertools.cycle([n for n in os.environ.get("BENCH_LOAD_EMPLOYEES", "").split(",") if n])
READERS = itertools.cycle([n for n in os.environ.get("BENCH_LOAD_READERS", "").split(",") if n])


@events.init.add_listener
def _clock_now(**kwargs: object) -> None:
    # gevent's loop keeps the time of its last turn; after a slow start (imports on a busy
    # machine) the --run-time timer would count from then and stop the test seconds early.
    gevent.get_hub().loop.update_now()


def csrf_token(html: str) -> str:
    found = CSRF.search(html)
    if not found:
        raise ValueError("no CSRF token on the page")
    return found.group(1)


def totp_code() -> str:
    totp = TOTP(unhexlify(os.environ["BENCH_LOAD_TOTP_KEY"]), step=30, digits=6)
    totp.time = time.time()
    return f"{totp.token():06d}"


class GirUser(FastHttpUser):
    abstract = True

    def get_form(self, path: str, name: str) -> str:
        """GET a page with a form; its CSRF token, or "" when the page failed."""
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
                return ""
            try:
                return csrf_token(response.text or "")
            except ValueError as error:
                response.failure(str(error))
                return ""

    def log_in(self, username: str) -> bool:
        token = self.get_form("/inloggen/", "log-in form")
        if not token:
            return False
        data = {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
        with self.client.post(
            "/inloggen/", data=data, name="log-in POST", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"log-in refused: {response.status_code}")
                return False
            location = response.headers.get("Location", "")
        if "tweede-stap" not in location:
            return True
        token = self.get_form(location, "second step form")
        if not token:
            return False
        with self.client.post(
            "/inloggen/tweede-stap/",
            data={"csrfmiddlewaretoken": token, "code": totp_code()},
            name="second step POST",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"second step refused: {response.status_code}")
                return False
        return True


class EmployeeUser(GirUser):
    wait_time = constant(WAIT)

    def on_start(self) -> None:
        self.logged_in = self.log_in(next(EMPLOYEES))

    @task
    def report(self) -> None:
        if not self.logged_in:
            self.stop()
            return
        token = self.get_form("/meldingen/nieuw/", "report form")
        if not token:
            return
        occurred = datetime.now(AMSTERDAM) - timedelta(hours=1)
        data = {
            "csrfmiddlewaretoken": token,
            "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M"),
            "setting": "counter",
            "description": "Een bezoeker schold mij uit aan de balie (belastingtest).",
            "behaviour_kinds": "verbal",
            "reporter_role": "victim",
        }
        with self.client.post(
            "/meldingen/nieuw/", data=data, name="report POST", allow_redirects=False, catch_response=True
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or not INCIDENT_PAGE.search(location):
                response.failure(f"report not accepted: {response.status_code} {location}")
                return
        with self.client.get("/meldingen/mijn/", name="Mijn meldingen", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")


class ReaderUser(GirUser):
    fixed_count = 2
    wait_time = constant(2)

    def on_start(self) -> None:
        self.logged_in = self.log_in(next(READERS))

    @task
    def dashboard(self) -> None:
        if not self.logged_in:
            self.stop()
            return
        with self.client.get("/rapportages/", name="dashboard", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")


class FloorUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def login_page(self) -> None:
        with self.client.get("/inloggen/", name="floor: log-in page", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
