"""Exactly once with real workers: two `manage.py db_worker` processes run the
notice round side by side on PostgreSQL, as in production (DESIGN §3), and every
reminder and escalation is mailed once."""

import datetime as dt
import email
import email.policy
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection, transaction
from django.tasks import task_backends
from django.test import override_settings
from django.utils import timezone

import pytest
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from gir.accounts.constants import MembershipRole, Role
from gir.accounts.tests.factories import TeamFactory, TeamMembershipFactory, UserFactory
from gir.incidents.tests.factories import IncidentFactory
from gir.protocol import services
from gir.protocol.constants import NoticeLevel, StepOwner
from gir.protocol.models import Step, StepNotice
from gir.protocol.tasks import process_step_notices

# Committed data (the workers are other processes); the shipped protocol rules are put
# back by the shipped_data fixture, as for the browser tests. (A serialized rollback
# restored them before, but clashed with content types other transactional tests re-made.)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shipped_data"),
]

INCIDENTS = 30
ROUNDS = 4  # the scheduler enqueued the round four times before a worker got to it
DB_TASKS_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def database_url() -> str:
    """The test database, for processes started outside this one."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or "5432"
    return f"postgres://{credentials}@{host}:{port}/{quote(db['NAME'], safe='')}"


def read_outbox(folder: Path) -> list[email.message.EmailMessage]:
    """The messages the file backend wrote: one file per connection, separated by dashes."""
    return [
        email.message_from_bytes(raw, policy=email.policy.default)
        for path in sorted(folder.glob("*.log"))
        for raw in path.read_bytes().split(SEPARATOR)
        if raw.strip()
    ]


def test_two_concurrent_workers_send_every_notice_once(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite lets one writer in at a time")

    team = TeamFactory(name="Publiekszaken")
    reporter = UserFactory(username="medewerker", roles=[Role.EMPLOYEE])
    manager = UserFactory(username="teammanager", roles=[Role.EMPLOYEE, Role.TEAM_MANAGER])
    department = UserFactory(username="afdelingsmanager", roles=[Role.EMPLOYEE, Role.TEAM_MANAGER])
    coordinator = UserFactory(username="cag", roles=[Role.COORDINATOR])
    director = UserFactory(username="directeur", roles=[Role.DIRECTOR])
    aftercare = UserFactory(username="bot", roles=[Role.AFTERCARE])
    TeamMembershipFactory(user=reporter, team=team)
    TeamMembershipFactory(user=manager, team=team, role=MembershipRole.MANAGER)
    TeamMembershipFactory(user=department, team=team.parent, role=MembershipRole.MANAGER)
    for _n in range(INCIDENTS):
        with transaction.atomic():  # plan_update locks the incident's steps
            incident = IncidentFactory(reporter=reporter, team=team)
            services.handler_ensure(actor=None, incident=incident)
            services.plan_update(actor=None, incident=incident)
    # Every step planned three weeks ago and ten days overdue: all four levels are due.
    now = timezone.now()
    Step.objects.update(created_at=now - dt.timedelta(days=21), due_at=now - dt.timedelta(days=10))

    # Who must get a mail about which step: owner, then manager, coordinator, director.
    expected = Counter()
    steps = list(Step.objects.all())
    for step in steps:
        assert step.owner in (StepOwner.HANDLER, StepOwner.AFTERCARE)
        owner, above = (manager, department) if step.owner == StepOwner.HANDLER else (aftercare, manager)
        for person in (owner, above, coordinator, director):
            expected[(person.email, step.pk)] += 1
    assert len(steps) >= 4 * INCIDENTS

    # Enqueue into the database queue, as `manage.py crontask` does.
    with override_settings(TASKS=DB_TASKS_BACKEND):
        assert isinstance(task_backends["default"], DatabaseBackend)
        for _n in range(ROUNDS):
            process_step_notices.enqueue()
    assert DBTaskResult.objects.count() == ROUNDS

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "GIR_DEBUG": "1",
        "DATABASE_URL": database_url(),
        "GIR_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "GIR_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
    }
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay"]
    # Each worker takes at most half the rounds, so both must run some.
    command += ["--max-tasks", str(ROUNDS // 2)]
    workers = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
            [*command, "--worker-id", f"worker-{n}"],
            cwd=settings.BASE_DIR,
            env={**env, "GIR_EMAIL_FILE_PATH": str(tmp_path / f"worker-{n}")},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for n in (1, 2)
    ]
    started = time.monotonic()
    outputs = []
    for worker in workers:
        try:
            output, _ = worker.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            for other in workers:
                other.kill()
            raise
        outputs.append(output.decode(errors="replace"))
    elapsed = time.monotonic() - started
    log = "\n".join(outputs)
    assert [w.returncode for w in workers] == [0, 0], log

    # Every expected mail exactly once, and nothing else.
    by_worker = {n: read_outbox(tmp_path / f"worker-{n}") for n in (1, 2)}
    # The director's mail has no link to the step (aggregates only): find it by reference and title.
    step_by_title = {(s.incident.reference, s.title): s.pk for s in Step.objects.select_related("incident")}
    sent = Counter()
    for messages in by_worker.values():
        for message in messages:
            body = message.get_content()
            match = re.search(r"/taken/(\d+)/", body)
            if match:
                step_pk = int(match.group(1))
            else:
                title = re.search(r"^Stap: (.+)$", body, re.MULTILINE).group(1)
                step_pk = step_by_title[(str(message["Subject"]).rsplit(" ", 1)[-1], title)]
            sent[(str(message["To"]), step_pk)] += 1
    assert sent == expected, log
    assert all(count == 1 for count in sent.values())

    notices = StepNotice.objects.all()
    assert notices.count() == len(steps) * len(NoticeLevel)
    assert not notices.filter(sent_at__isnull=True).exists()

    # Both workers ran rounds, and their first rounds overlapped in time.
    results = list(DBTaskResult.objects.order_by("started_at"))
    assert [r.status for r in results] == ["SUCCESSFUL"] * ROUNDS, log
    assert Counter(worker_id for r in results for worker_id in r.worker_ids) == {"worker-1": 2, "worker-2": 2}
    assert sum(r.return_value for r in results) == sum(expected.values())
    first = {r.worker_ids[0]: r for r in reversed(results)}
    one, two = first["worker-1"], first["worker-2"]
    assert one.started_at < two.finished_at and two.started_at < one.finished_at, log
    print(  # shown with -s: how the work was shared
        f"{sum(expected.values())} mails, worker-1 {len(by_worker[1])}, worker-2 {len(by_worker[2])}, "
        f"{elapsed:.1f} s"
    )
