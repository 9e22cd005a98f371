"""The reminders of improvement actions (issue 8 item 3): the owner hears a week before
the due date, the owner and the plan's keeper when it has passed, each once; nothing for
an action that is done."""

import datetime as dt

from django.core import mail
from django.utils import timezone

import pytest

from gir.core.tests.mail import mail_fails_once
from gir.learning import services
from gir.learning.constants import ActionStatus
from gir.learning.models import ImprovementAction
from gir.learning.notices import action_notices_send

from .plan_helpers import add_action

pytestmark = pytest.mark.django_db


def _due_in(action, days):
    ImprovementAction.objects.filter(pk=action.pk).update(
        due_on=timezone.localdate() + dt.timedelta(days=days)
    )


@pytest.fixture
def action(world):
    return add_action(world.users["team_manager"], team=world.team_a, owner=world.users["employee"], days=30)


def test_no_mail_long_before_the_due_date(action):
    assert action_notices_send() == 0
    assert mail.outbox == []


def test_reminder_a_week_before_the_due_date_once(world, action):
    _due_in(action, 7)
    assert action_notices_send() == 1
    assert action_notices_send() == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.users["employee"].email]
    assert "binnenkort klaar" in message.subject
    assert f"/verbeteren/acties/{action.pk}/" in message.body
    assert action.title not in message.body  # free text stays in GIR (issue 19 item 3)


def test_overdue_notice_to_owner_and_team_manager_once(world, action):
    _due_in(action, -1)
    now = timezone.now()
    assert action_notices_send(now=now) == 1
    assert action_notices_send(now=now + dt.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([world.users["employee"].email, world.users["team_manager"].email])
    assert "over de datum" in message.subject
    assert world.users["coordinator"].email not in message.to


def test_overdue_action_of_the_organisations_plan_goes_to_the_coordinator(world):
    action = add_action(world.users["coordinator"], team=None, owner=world.users["director"])
    _due_in(action, -2)
    action_notices_send()
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted(
        [world.users["director"].email, world.users["coordinator"].email]
    )


@pytest.mark.parametrize("status", [ActionStatus.DONE, ActionStatus.CANCELLED])
def test_no_mail_for_a_finished_action(world, action, status):
    services.action_update(actor=world.users["team_manager"], action=action, status=status, result="Gedaan.")
    for days in (7, -1):
        _due_in(action, days)
        assert action_notices_send() == 0
    assert mail.outbox == []


def test_a_new_due_date_reminds_again(world, action):
    _due_in(action, 3)
    action_notices_send()
    action.refresh_from_db()
    services.action_update(
        actor=world.users["team_manager"],
        action=action,
        status=action.status,
        due_on=timezone.localdate() + dt.timedelta(days=5),
        expected_version=action.version,
    )
    action_notices_send()
    assert len(mail.outbox) == 2


def test_owner_without_email_gets_no_reminder(world, action):
    world.users["employee"].email = ""
    world.users["employee"].save(update_fields=["email"])
    _due_in(action, 7)
    assert action_notices_send() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(("days", "field"), [(7, "reminded_at"), (-1, "overdue_noticed_at")])
def test_a_failed_mail_is_sent_on_the_next_round_exactly_once(world, action, days, field):
    _due_in(action, days)
    with mail_fails_once():
        assert action_notices_send() == 0
        assert getattr(ImprovementAction.objects.get(pk=action.pk), field) is None
        assert action_notices_send() == 1
        assert action_notices_send() == 0
    assert len(mail.outbox) == 1
    assert world.users["employee"].email in mail.outbox[0].to
    assert getattr(ImprovementAction.objects.get(pk=action.pk), field) is not None
