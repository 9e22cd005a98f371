"""/gezond/ and /gereed/: open without log-in, no data, a status per check (issue 18)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult, get_date_max

pytestmark = pytest.mark.django_db


def use_storage_at(settings, location) -> None:
    default = {**settings.STORAGES["default"], "OPTIONS": {"location": str(location)}}
    settings.STORAGES = {**settings.STORAGES, "default": default}


def test_alive_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("core:health_alive"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_ready_checks_database_storage_and_queue(client, settings, tmp_path):
    use_storage_at(settings, tmp_path)
    response = client.get(reverse("core:health_ready"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "storage": "ok",
        "queue": "ok",
    }
    assert list(tmp_path.iterdir()) == []  # the probe file is gone again


def test_ready_fails_when_the_storage_folder_is_missing(client, settings, tmp_path):
    missing = tmp_path / "bestaat-niet"
    use_storage_at(settings, missing)
    response = client.get(reverse("core:health_ready"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    storage = body["checks"]["storage"]
    assert storage["status"] == "fail"
    assert "missing folder or bucket" in storage["reason"]
    assert storage["error"] == "FileNotFoundError"
    assert str(tmp_path) not in response.content.decode()  # no paths or details in the answer
    assert body["checks"]["database"]["status"] == "ok"
    assert not missing.exists()  # the check did not make the folder


def test_ready_fails_when_tasks_wait_too_long(client, settings):
    settings.GIR_READY_QUEUE_MINUTES = 10
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="gir.protocol.tasks.process_step_notices",
        backend_name="default",
        run_after=get_date_max(),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - dt.timedelta(minutes=9))
    assert client.get(reverse("core:health_ready")).status_code == 200  # waiting, not late yet
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - dt.timedelta(minutes=11))
    response = client.get(reverse("core:health_ready"))
    assert response.status_code == 503
    queue = response.json()["checks"]["queue"]
    assert queue == {
        "status": "fail",
        "reason": "tasks wait longer than 10 minutes: is a worker (manage.py task_worker) running?",
        "waiting": 1,
        "late": 1,
    }


@pytest.mark.second_factor
def test_health_is_open_to_a_user_who_owes_the_second_factor(client, world):
    # A coordinator's session before the second step still reaches the health pages.
    client.force_login(world.users["coordinator"])
    assert client.get(reverse("home:home")).status_code == 302  # the second step first
    assert client.get(reverse("core:health_alive")).status_code == 200
    assert client.get(reverse("core:health_ready")).status_code == 200
