"""Several web servers behind one database (issue 18): two gunicorn processes with GIR's
production configuration (config/gunicorn.conf.py) on the test database. A log-in through
one is a log-in on the other (sessions live in the database), reports sent through both are
stored, and both read an import's progress, which the worker commits on its batch."""

import datetime as dt
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.utils import timezone

import pytest
import requests

from gir.accounts.constants import Role
from gir.accounts.tests.factories import TeamFactory, TeamMembershipFactory, UserFactory
from gir.imports.constants import BatchStatus
from gir.imports.models import ImportBatch
from gir.incidents.models import Incident
from gir.protocol.tests.test_workers import database_url

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shipped_data"),
]

PASSWORD = "twee-servers-2026"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def database_for_other_processes() -> str:
    if connection.vendor == "postgresql":
        return database_url()
    name = str(connection.settings_dict["NAME"])
    if "memory" in name or not Path(name).is_file():
        pytest.skip("the SQLite test database lives in this process's memory: no other process can open it")
    return f"sqlite:///{name}"


def start_server(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"]
    return subprocess.Popen(  # noqa: S603 - our own interpreter and gunicorn
        command,
        cwd=settings.BASE_DIR,
        env={**env, "GIR_BIND": f"127.0.0.1:{port}"},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )


def wait_until_alive(base: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn stopped: {log.read_text()}")
        try:
            if requests.get(f"{base}/gezond/", timeout=10).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or the worker still starting
            pass
        time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer /gezond/ in 60 s: {log.read_text()}")


def csrf_of(browser: requests.Session, url: str) -> str:
    response = browser.get(url, timeout=10)
    assert response.status_code == 200, response.text[:500]
    return CSRF.search(response.text).group(1)


def log_in(browser: requests.Session, base: str, username: str) -> None:
    token = csrf_of(browser, f"{base}/inloggen/")
    response = browser.post(
        f"{base}/inloggen/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        headers={"Referer": f"{base}/inloggen/"},
        timeout=10,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:2000]


def report(browser: requests.Session, base: str, description: str) -> requests.Response:
    url = f"{base}/meldingen/nieuw/"
    occurred = timezone.localtime(timezone.now() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    return browser.post(
        url,
        data={
            "csrfmiddlewaretoken": csrf_of(browser, url),
            "action": "submit",
            "occurred_at": occurred,
            "setting": "counter",
            "description": description,
            "behaviour_kinds": ["verbal"],
            "reporter_role": "victim",
        },
        headers={"Referer": url},
        timeout=20,
        allow_redirects=False,
    )


def test_two_web_servers_share_sessions_reports_and_progress(tmp_path: Path) -> None:
    url = database_for_other_processes()
    # Passwords as production hashes them (the test settings' MD5 is not in its list).
    encoded = PBKDF2PasswordHasher().encode(PASSWORD, "tweeservers")
    team = TeamFactory(name="Publiekszaken")
    employee = UserFactory(username="medewerker", roles=[Role.EMPLOYEE], password=None)
    coordinator = UserFactory(username="cag", roles=[Role.COORDINATOR], password=None)
    type(employee).objects.filter(pk__in=[employee.pk, coordinator.pk]).update(password=encoded)
    TeamMembershipFactory(user=employee, team=team)

    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIR_", "DJANGO_", "DATABASE_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=url,
        GIR_DEBUG="1",  # plain static files: no collectstatic needed for the test
        GIR_ALLOWED_HOSTS="127.0.0.1",
        GIR_LOG_FORMAT="json",
        GIR_WEB_WORKERS="1",
        GIR_WEB_THREADS="2",
        GIR_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        GIR_2FA_EXEMPT_ROLES="employee,coordinator",
        # What several web servers share besides the database: the files.
        GIR_MEDIA_ROOT=settings.STORAGES["default"]["OPTIONS"]["location"],
    )
    ports = [free_port(), free_port()]
    logs = [tmp_path / f"web-{n}.log" for n in (1, 2)]
    servers = [start_server(port, env, log) for port, log in zip(ports, logs, strict=True)]
    try:
        first, second = (f"http://127.0.0.1:{port}" for port in ports)
        for base, server, log in zip((first, second), servers, logs, strict=True):
            wait_until_alive(base, server, log)

        # The containers' health checks (docker/healthcheck) pass against these servers.
        for check in (["http", "/gezond/"], ["database"]):
            probe = subprocess.run(  # noqa: S603 - our own script
                [sys.executable, "docker/healthcheck", *check],
                cwd=settings.BASE_DIR,
                env={**env, "GIR_BIND": f"0.0.0.0:{ports[0]}"},
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
            assert probe.returncode == 0, probe.stderr

        # Logged in through the first, the session goes on at the second.
        browser = requests.Session()
        log_in(browser, first, "medewerker")
        mine = browser.get(f"{second}/meldingen/mijn/?q=Jansen", timeout=10, allow_redirects=False)
        assert mine.status_code == 200, mine.headers.get("Location")

        # A report through each server: both stored.
        descriptions = ("Via de eerste server gemeld.", "Via de tweede server gemeld.")
        for base, description in zip((first, second), descriptions, strict=True):
            response = report(browser, base, description)
            assert response.status_code == 302, response.text[:2000]
        stored = Incident.objects.filter(description__in=descriptions, reporter=employee)
        assert sorted(stored.values_list("description", flat=True)) == sorted(descriptions)
        assert all(incident.submitted_at for incident in stored)  # sent, not drafts

        # The progress an import's chunks commit on its batch (ADR 0018) reaches both.
        batch = ImportBatch.objects.create(
            uploaded_by=coordinator,
            original_name="groot.xlsx",
            kind="xlsx",
            sha256="0" * 64,
            status=BatchStatus.IMPORTING,
            total=5000,
            done=1200,
        )
        reader = requests.Session()
        log_in(reader, second, "cag")
        for base in (first, second):
            page = reader.get(f"{base}/import/{batch.pk}/", timeout=10)
            assert page.status_code == 200
            status = re.search(r'id="import-status".*?</progress>', page.text, re.DOTALL)
            assert status and "1200 van 5000 rijen verwerkt." in status.group(0), page.text[-3000:]
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
    # Both servers logged in JSON, each request with its id.
    access = [line for log in logs for line in log.read_text().splitlines() if '"gunicorn.access"' in line]
    assert access and all('"request_id": "' in line for line in access)
    # A search's query string (names) is in no log line.
    assert not [line for log in logs for line in log.read_text().splitlines() if "Jansen" in line]
