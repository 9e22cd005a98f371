"""Reminders of the duties calendar arrive (notices.py): the owner hears the duty's number of
days before the due date, owner and coordinators once the date has passed; each once."""

import datetime as dt

from django.utils import timezone

import pytest

from gir.core.tests.mail import mail_fails_once
from gir.duties.models import DutyTask
from gir.duties.notices import duty_notices_send
from gir.duties.services import task_complete

from .helpers import add_duty

pytestmark = pytest.mark.django_db


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(7, 0)))


@pytest.fixture
def task(world):
    today = dt.date(2026, 3, 1)
    duty = add_duty(
        world.users["coordinator"],
        owner=world.users["employee"],
        first_due_on=dt.date(2026, 3, 20),
        reminder_days=5,
        today=today,
    )
    return duty.tasks.get(due_on=dt.date(2026, 3, 20))


def test_no_reminder_before_the_reminder_days(task, mailoutbox):
    assert duty_notices_send(now=at(dt.date(2026, 3, 14))) == 0
    assert mailoutbox == []


def test_reminder_reaches_the_owner_once(world, task, mailoutbox):
    assert duty_notices_send(now=at(dt.date(2026, 3, 15))) == 1
    assert duty_notices_send(now=at(dt.date(2026, 3, 16))) == 0
    [mail] = mailoutbox
    assert mail.to == [world.users["employee"].email]
    assert "binnenkort" in mail.subject
    assert "Test de alarmknoppen" in mail.body
    assert f"http://testserver/takenkalender/taken/{task.pk}/" in mail.body
    task.refresh_from_db()
    assert task.reminded_at == at(dt.date(2026, 3, 15))


def test_overdue_notice_reaches_owner_and_coordinators_once(world, task, mailoutbox):
    DutyTask.objects.filter(pk=task.pk).update(reminded_at=at(dt.date(2026, 3, 15)))
    assert duty_notices_send(now=at(dt.date(2026, 3, 20))) == 0  # due today: not late yet
    assert duty_notices_send(now=at(dt.date(2026, 3, 21))) == 1
    assert duty_notices_send(now=at(dt.date(2026, 3, 22))) == 0
    [mail] = mailoutbox
    assert sorted(mail.to) == sorted([world.users["employee"].email, world.users["coordinator"].email])
    assert "over de datum" in mail.subject


def test_done_tasks_send_nothing(world, task, mailoutbox):
    task_complete(actor=world.users["employee"], task=task, note="Getest.", today=dt.date(2026, 3, 10))
    assert duty_notices_send(now=at(dt.date(2026, 3, 25))) == 0
    assert mailoutbox == []


def test_inactive_owner_gets_no_mail_but_coordinators_do(world, task, mailoutbox):
    world.users["employee"].is_active = False
    world.users["employee"].save(update_fields=["is_active"])
    assert duty_notices_send(now=at(dt.date(2026, 3, 15))) == 0  # claimed, no one to mail
    assert duty_notices_send(now=at(dt.date(2026, 3, 21))) == 1
    assert mailoutbox[0].to == [world.users["coordinator"].email]


@pytest.mark.parametrize(
    ("day", "field"), [(dt.date(2026, 3, 15), "reminded_at"), (dt.date(2026, 3, 21), "overdue_noticed_at")]
)
def test_a_failed_mail_is_sent_on_the_next_round_exactly_once(world, task, mailoutbox, day, field):
    if field == "overdue_noticed_at":
        DutyTask.objects.filter(pk=task.pk).update(reminded_at=at(dt.date(2026, 3, 15)))
    with mail_fails_once():
        assert duty_notices_send(now=at(day)) == 0
        assert getattr(DutyTask.objects.get(pk=task.pk), field) is None
        assert duty_notices_send(now=at(day) + dt.timedelta(minutes=15)) == 1
        assert duty_notices_send(now=at(day) + dt.timedelta(minutes=30)) == 0
    [mail] = mailoutbox
    assert world.users["employee"].email in mail.to
    assert getattr(DutyTask.objects.get(pk=task.pk), field) == at(day) + dt.timedelta(minutes=15)
