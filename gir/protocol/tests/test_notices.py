"""Reminders and escalation of protocol steps (DESIGN §2.2; 001 §10.3), in frozen
time: each level at its moment, to the right people, once, and never with names
or facts in the mail."""

import datetime as dt
import io
from collections.abc import Iterator

from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
import time_machine

from conftest import World
from gir.accounts.constants import MembershipRole, Role
from gir.accounts.models import User
from gir.accounts.tests.factories import TeamMembershipFactory, UserFactory
from gir.core.tests.mail import mail_server_down
from gir.incidents.constants import IncidentStatus
from gir.incidents.models import Incident
from gir.incidents.tests.factories import IncidentFactory
from gir.protocol import services
from gir.protocol.constants import NoticeLevel, StepStatus
from gir.protocol.models import Step, StepNotice
from gir.protocol.notices import notice_times, notices_plan, notices_send
from gir.protocol.tasks import process_step_notices

from .helpers import local, steps_by_code

# A Monday in May: no switch of summer time within the weeks these tests span.
START = local(2027, 5, 10, 9, 0)
HOUR = dt.timedelta(hours=1)
MINUTE = dt.timedelta(minutes=1)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def w(clock: time_machine.Traveller, world: World) -> World:
    """The shared world, built at START; the incidents happened two hours before."""
    mail.outbox.clear()
    return world


def run_round() -> int:
    notices_plan()
    return notices_send()


def step_url(step: Step) -> str:
    return settings.SITE_URL + reverse("protocol:step", args=[step.pk])


def mails_for(step: Step) -> list[tuple[str, str]]:
    """(recipient, subject) of each mail about this step, in the order sent."""
    # The director's mail links to the home page (no case access), so match on the step.
    title, reference = f"Stap: {step.title}\n", step.incident.reference
    return [
        (address, m.subject)
        for m in mail.outbox
        if title in m.body and m.subject.endswith(reference)
        for address in m.to
    ]


def level_of(step: Step) -> set[int]:
    return set(StepNotice.objects.filter(step=step).values_list("level", flat=True))


def department_manager(world: World) -> User:
    """A manager of the department above team A: escalation level 1 for the handler's steps."""
    manager = UserFactory(username="afdelingsmanager", roles=[Role.EMPLOYEE, Role.TEAM_MANAGER])
    TeamMembershipFactory(user=manager, team=world.team_a.parent, role=MembershipRole.MANAGER)
    return manager


def test_notice_times() -> None:
    created = START
    # A step of 10 hours is reminded halfway, not 24 hours before (that is before it existed).
    times = notice_times(created + 10 * HOUR, created)
    assert times[NoticeLevel.REMINDER] == created + 5 * HOUR
    assert times[NoticeLevel.MANAGER] == created + 34 * HOUR
    assert times[NoticeLevel.COORDINATOR] == created + 82 * HOUR
    assert times[NoticeLevel.DIRECTOR] == created + 178 * HOUR
    # A long step is reminded GIR_REMINDER_HOURS_BEFORE ahead.
    assert notice_times(created + 42 * 24 * HOUR, created)[NoticeLevel.REMINDER] == created + 41 * 24 * HOUR
    # A step planned after its deadline: the reminder at once, escalation from planning.
    late = notice_times(created - 5 * HOUR, created)
    assert late[NoticeLevel.REMINDER] == created - 5 * HOUR
    assert late[NoticeLevel.MANAGER] == created + 24 * HOUR


def test_reminder_to_the_handler_before_the_deadline(w: World, clock: time_machine.Traveller) -> None:
    step = steps_by_code(w.incident_a)["manager-conversation"]
    # Due 24 hours after the incident (22 hours after it was planned): reminded halfway.
    assert step.due_at == START + 22 * HOUR
    clock.move_to(START + 11 * HOUR - MINUTE)
    run_round()
    assert mails_for(step) == []
    assert level_of(step) == set()

    clock.move_to(START + 11 * HOUR)
    run_round()
    reference = w.incident_a.reference
    assert mails_for(step) == [
        (w.users["team_manager"].email, f"GIR: herinnering — stap voor melding {reference}"),
    ]
    message = next(m for m in mail.outbox if step_url(step) in m.body)
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert "Opvanggesprek" in message.body  # the step's title
    assert "11-05-2027 07:00" in message.body  # the deadline, Amsterdam time
    notice = StepNotice.objects.get(step=step, level=NoticeLevel.REMINDER)
    assert notice.sent_at == START + 11 * HOUR
    assert notice.recipients == w.users["team_manager"].email


def test_reminder_to_every_owner_of_a_role_step(w: World, clock: time_machine.Traveller) -> None:
    step = steps_by_code(w.incident_a)["aftercare-first"]
    second = UserFactory(username="bot2", roles=[Role.AFTERCARE])
    UserFactory(username="bot_weg", roles=[Role.AFTERCARE], is_active=False)
    UserFactory(username="bot_zonder_mail", roles=[Role.AFTERCARE], email="")
    clock.move_to(step.due_at - 24 * HOUR)
    run_round()
    assert sorted(to for to, _subject in mails_for(step)) == sorted(
        [w.users["aftercare"].email, second.email]
    )
    # One mail per recipient: nobody sees who else was told.
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)


def test_each_escalation_level_at_its_time_to_the_right_people(
    w: World, clock: time_machine.Traveller
) -> None:
    manager = department_manager(w)
    step = steps_by_code(w.incident_a)["manager-conversation"]
    due = step.due_at
    reference = w.incident_a.reference
    late = f"GIR: stap te laat — melding {reference}"
    expected = [
        (NoticeLevel.MANAGER, due + 24 * HOUR, manager),
        (NoticeLevel.COORDINATOR, due + 72 * HOUR, w.users["coordinator"]),
        (NoticeLevel.DIRECTOR, due + 168 * HOUR, w.users["director"]),
    ]
    clock.move_to(due)
    run_round()
    assert [to for to, _subject in mails_for(step)] == [w.users["team_manager"].email]
    for level, moment, person in expected:
        clock.move_to(moment - MINUTE)
        run_round()
        assert level not in level_of(step)
        before = len(mails_for(step))
        clock.move_to(moment)
        run_round()
        assert mails_for(step)[before:] == [(person.email, late)], NoticeLevel(level).label
    message = [m for m in mail.outbox if w.users["director"].email in m.to][-1]
    assert "escalatie naar de directie" in message.body
    assert step_url(step) not in message.body  # directors see aggregates only (DESIGN §1)


def test_level_one_goes_to_the_handler_when_someone_else_owns_the_step(
    w: World, clock: time_machine.Traveller
) -> None:
    department_manager(w)
    step = steps_by_code(w.incident_a)["aftercare-first"]
    clock.move_to(step.due_at + 24 * HOUR)
    run_round()
    assert [to for to, _subject in mails_for(step)] == [
        w.users["aftercare"].email,  # the reminder, late
        w.users["team_manager"].email,  # the incident's handler
    ]


def test_nobody_to_escalate_to_sends_nothing_but_marks_the_notice(
    w: World, clock: time_machine.Traveller
) -> None:
    # Team B has no manager, so incident B has no handler: its steps fall to the
    # coordinator, and level 1 finds nobody above the (absent) handler.
    assert w.incident_b.handler is None
    step = steps_by_code(w.incident_b)["manager-conversation"]
    clock.move_to(step.due_at + 24 * HOUR)
    run_round()
    assert [to for to, _subject in mails_for(step)] == [w.users["coordinator"].email]
    notice = StepNotice.objects.get(step=step, level=NoticeLevel.MANAGER)
    assert notice.sent_at is not None
    assert notice.recipients == ""


def test_users_without_mail_or_inactive_are_skipped(w: World, clock: time_machine.Traveller) -> None:
    User.objects.filter(pk=w.users["coordinator"].pk).update(email="")
    UserFactory(username="oud_cag", roles=[Role.COORDINATOR], is_active=False)
    step = steps_by_code(w.incident_a)["manager-conversation"]
    clock.move_to(step.due_at + 72 * HOUR)
    run_round()
    assert StepNotice.objects.get(step=step, level=NoticeLevel.COORDINATOR).recipients == ""
    assert all(to != "oud_cag@gemeente.example" for m in mail.outbox for to in m.to)
    assert [to for to, _subject in mails_for(step) if to != w.users["team_manager"].email] == []


def test_nothing_for_finished_steps_or_closed_incidents(w: World, clock: time_machine.Traveller) -> None:
    steps = steps_by_code(w.incident_a)
    done = services.step_complete(actor=w.users["team_manager"], step=steps["manager-conversation"])
    waived = services.step_waive(
        actor=w.users["team_manager"], step=steps["measure-decision"], reason="Veroorzaker onbekend."
    )
    Step.objects.filter(pk=steps["aftercare-first"].pk).update(status=StepStatus.LAPSED)
    Incident.objects.filter(pk=w.incident_b.pk).update(status=IncidentStatus.CLOSED)
    closed_steps = list(w.incident_b.steps.all())
    clock.move_to(START + 100 * 24 * HOUR)
    assert run_round() > 0
    for step in [done, waived, steps["aftercare-first"], *closed_steps]:
        assert mails_for(step) == [], step
        assert level_of(step) == set(), step
    # The other steps of incident A do escalate.
    assert mails_for(steps["aftercare-second"])


def test_a_step_done_after_planning_sends_nothing(w: World, clock: time_machine.Traveller) -> None:
    step = steps_by_code(w.incident_a)["manager-conversation"]
    clock.move_to(step.due_at)
    notices_plan()
    assert level_of(step) == {NoticeLevel.REMINDER}
    services.step_complete(actor=w.users["team_manager"], step=step)
    notices_send()
    assert mails_for(step) == []
    notice = StepNotice.objects.get(step=step)
    assert notice.sent_at is not None
    assert notice.recipients == ""


def test_no_personal_details_in_any_mail(w: World, clock: time_machine.Traveller) -> None:
    department_manager(w)
    clock.move_to(START + 100 * 24 * HOUR)
    assert run_round() > 0
    assert len(mail.outbox) > 20
    forbidden = [
        *(i.description for i in Incident.objects.all()),
        *(u.first_name for u in User.objects.all()),
        *(u.last_name for u in User.objects.all()),
        *(str(u) for u in User.objects.all()),
        "raadslid",
        w.team_a.name,
        w.team_b.name,
        "Stadskantoor",
    ]
    for message in mail.outbox:
        for text in forbidden:
            assert text not in message.subject
            assert text not in message.body
        assert "Deze e-mail bevat bewust geen namen of details." in message.body


def test_a_second_round_sends_nothing_new(w: World, clock: time_machine.Traveller) -> None:
    department_manager(w)
    clock.move_to(START + 100 * 24 * HOUR)
    first = run_round()
    assert first == len(mail.outbox) > 0
    notices = list(StepNotice.objects.order_by("pk").values_list("pk", "sent_at", "recipients"))
    assert all(sent_at is not None for _pk, sent_at, _recipients in notices)
    clock.move_to(START + 101 * 24 * HOUR)
    assert run_round() == 0
    assert len(mail.outbox) == first
    assert list(StepNotice.objects.order_by("pk").values_list("pk", "sent_at", "recipients")) == notices


def test_the_restricted_track_never_mails_the_director(w: World, clock: time_machine.Traveller) -> None:
    clock.move_to(START + 100 * 24 * HOUR)
    run_round()
    director = w.users["director"].email
    restricted_steps = list(w.restricted.steps.all())
    assert restricted_steps
    for step in restricted_steps:
        assert director not in [to for to, _subject in mails_for(step)]
        assert w.users["aftercare"].email not in [to for to, _subject in mails_for(step)]
        # The mayor (handler) is reminded, the coordinator gets the escalation.
        assert w.users["mayor"].email in [to for to, _subject in mails_for(step)]
        assert w.users["coordinator"].email in [to for to, _subject in mails_for(step)]
        notice = StepNotice.objects.get(step=step, level=NoticeLevel.DIRECTOR)
        assert notice.sent_at is not None and notice.recipients == ""
    # The director does hear of the ordinary incidents.
    assert any(director in m.to for m in mail.outbox)


def test_a_failing_mail_is_retried_next_round(w: World, clock: time_machine.Traveller) -> None:
    step = steps_by_code(w.incident_a)["manager-conversation"]
    clock.move_to(step.due_at)

    with mail_server_down():
        assert run_round() == 0
    assert StepNotice.objects.filter(sent_at__isnull=False).count() == 0
    assert StepNotice.objects.get(step=step).recipients == ""
    assert run_round() > 0
    assert run_round() == 0
    assert mails_for(step) == [
        (w.users["team_manager"].email, f"GIR: herinnering — stap voor melding {w.incident_a.reference}")
    ]


def test_planning_takes_the_same_queries_for_more_steps(w: World, clock: time_machine.Traveller) -> None:
    clock.move_to(START + 100 * 24 * HOUR)
    with CaptureQueriesContext(connection) as few:
        notices_plan()
    for _n in range(4):
        incident = IncidentFactory(reporter=w.users["employee"], team=w.team_a)
        services.handler_ensure(actor=None, incident=incident)
        services.plan_update(actor=None, incident=incident)
    clock.move_to(START + 200 * 24 * HOUR)
    with CaptureQueriesContext(connection) as more:
        notices_plan()
    assert StepNotice.objects.count() == 4 * Step.objects.filter(status=StepStatus.OPEN).count()
    assert len(few) == len(more) == 3


def test_the_task_and_the_command_run_one_round(w: World, clock: time_machine.Traveller) -> None:
    clock.move_to(START + 11 * HOUR)
    result = process_step_notices.enqueue()  # the immediate backend in tests
    assert result.return_value == len(mail.outbox) > 0
    clock.move_to(START + 100 * 24 * HOUR)
    before = len(mail.outbox)
    out = io.StringIO()
    call_command("send_step_notices", stdout=out)
    assert len(mail.outbox) > before
    assert f"{len(mail.outbox) - before} e-mail(s) verstuurd" in out.getvalue()
