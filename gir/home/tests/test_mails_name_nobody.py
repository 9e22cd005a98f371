"""Mails that name nobody (issue 19 item 3): every kind of mail GIR sends, triggered for
real with every name and free text in the data carrying a marker (the employees, the
victim, the perpetrator, the teams, the location, the description, the goal, the reason),
and no marker in any subject, body, alternative, attachment or extra header. A mail holds
the kind of mail, a reference, a date and a link, no more.

What a mail may still say, by decision: the incident's reference (M-000123), the title
of a protocol step and the text of a duty (catalogue texts: the kind of task), the time,
form and room of an aftercare talk (needed to get there), and in the .ics the addresses
of the worker and the employee (needed to answer the invitation).

A guard fails when a module sends mail that this file does not cover."""

import datetime as dt
import re
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone

import pytest
import time_machine

from gir.access.grants import role_grant_confirm, role_grant_refuse
from gir.accounts.constants import Role
from gir.accounts.models import Location, OrganisationUnit, User
from gir.accounts.passwords import reset_link_mail
from gir.accounts.services import role_grant_request
from gir.aftercare import services as aftercare
from gir.aftercare.services import Employee
from gir.development import services as development
from gir.development.tests.helpers import hand_in, member
from gir.duties.notices import duty_notices_send
from gir.duties.tests.helpers import add_duty
from gir.incidents.constants import VictimKind
from gir.incidents.models import Incident, Victim
from gir.learning.models import ImprovementAction
from gir.learning.notices import action_notices_send
from gir.learning.tests.plan_helpers import add_action
from gir.perpetrators.constants import MeasureKind
from gir.perpetrators.tasks import notify_ban_active
from gir.perpetrators.tests.factories import MeasureFactory, PerpetratorFactory
from gir.police import services as police
from gir.police.constants import FiledBy, PoliceReportKind
from gir.police.tests.conftest import pdf_upload
from gir.protocol.constants import StepKind
from gir.protocol.notices import notices_plan, notices_send
from gir.protocol.tasks import notify_handler_assigned
from gir.protocol.tests.helpers import report

pytestmark = pytest.mark.django_db

MARK = "zzmarker"


# --- Reading a mail -----------------------------------------------------------------------


def texts_of(message: EmailMessage) -> Iterator[str]:
    """Everything of a mail a reader sees, but its addresses."""
    yield message.subject
    yield message.body
    for alternative in getattr(message, "alternatives", []):
        yield str(alternative[0])
    for attachment in message.attachments:
        if isinstance(attachment, Message):
            yield attachment.as_string()
            continue
        name, content, _mimetype = attachment
        yield name
        yield content.decode() if isinstance(content, bytes) else str(content)
    yield from (str(value) for value in message.extra_headers.values())
    yield message.message().get("Subject", "")


def assert_names_nobody(outbox: list[EmailMessage], *, at_least: int = 1) -> None:
    assert len(outbox) >= at_least, "the mail was not sent"
    for message in outbox:
        for text in texts_of(message):
            assert MARK not in text.lower(), f"{message.subject!r} names someone: {text!r}"


# --- Data that names everyone -------------------------------------------------------------


@pytest.fixture
def marked(world):
    """The world, with a marker in every name and free text a mail could pick up."""
    for persona, user in world.users.items():
        names = {"first_name": f"Zzmarker{persona}", "last_name": f"Zzmarkerlast{persona}"}
        User.objects.filter(pk=user.pk).update(username=f"zzmarker-{persona}", **names)
        user.refresh_from_db()
    for unit in OrganisationUnit.objects.all():
        OrganisationUnit.objects.filter(pk=unit.pk).update(name=f"Zzmarkerunit {unit.pk}")
    Location.objects.update(name="Zzmarkerlocation")
    Incident.objects.update(
        description="Zzmarkerdesc",
        perpetrator_name="Zzmarkerperp",
        perpetrator_description="Zzmarkerperpdesc",
        witnesses="Zzmarkerwitness",
        address_outside="Zzmarkeraddress",
        cause="Zzmarkercause",
        weapon_or_object="Zzmarkerweapon",
    )
    Victim.objects.create(incident=world.incident_a, name="Zzmarkervictim", kind=VictimKind.EMPLOYEE)
    world.team_a.refresh_from_db()
    world.perpetrator = PerpetratorFactory(full_name="Zzmarkerperp Zzmarkerson", incidents=[world.incident_a])
    mail.outbox.clear()
    return world


# --- Every mail ---------------------------------------------------------------------------


def test_new_report(marked, django_capture_on_commit_callbacks):
    """incidents.tasks.notify_new_report (and the handler's mail when one is chosen)."""
    with django_capture_on_commit_callbacks(execute=True):
        report(marked.users["employee"], description="Zzmarkerdesc", perpetrator_name="Zzmarkerperp")
    assert_names_nobody(mail.outbox)


def test_handler_assigned(marked):
    assert notify_handler_assigned.call(marked.incident_a.pk) == 1
    assert_names_nobody(mail.outbox)


def test_step_reminders_and_every_escalation(marked):
    """protocol.notices: the reminder and the escalations up to the director."""
    with time_machine.travel(timezone.now() + dt.timedelta(days=60), tick=False):
        notices_plan()
        assert notices_send() >= 4
    assert_names_nobody(mail.outbox, at_least=4)


def test_ban_active(marked):
    measure = MeasureFactory(perpetrator=marked.perpetrator, kind=MeasureKind.BUILDING_BAN)
    assert notify_ban_active.call(measure.pk) >= 1
    assert_names_nobody(mail.outbox)


def test_copy_of_the_aangifte(marked, django_capture_on_commit_callbacks):
    manager = marked.users["team_manager"]
    filed = police.police_report_record(
        actor=manager,
        incident=marked.incident_a,
        kind=PoliceReportKind.AANGIFTE,
        filed_by=FiledBy.EMPLOYER,
        vpt_code=True,
        domicile=police.organisation_addresses()[0],
        police_unit="Basisteam Centrum",
        reported_at=timezone.now(),
        notes="Zzmarkernotes",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        police.police_copy_add(actor=manager, report=filed, upload=pdf_upload())
    assert_names_nobody(mail.outbox)


def test_aftercare_invitation_cancellation_and_request(marked, django_capture_on_commit_callbacks):
    """aftercare.tasks: the invitation with its .ics, the cancellation with its .ics, and
    the request that reaches the aftercare team."""
    worker, employee = marked.users["aftercare"], marked.users["employee"]
    step = marked.incident_a.steps.filter(kind=StepKind.AFTERCARE).order_by("due_at").first()
    when = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
    planned = aftercare.conversation_schedule(
        actor=worker,
        incident=marked.incident_a,
        step=step,
        employee=Employee(employee, ""),
        scheduled_at=when,
        place="Kamer 2.14",
    )
    with django_capture_on_commit_callbacks(execute=True):
        aftercare.conversation_invite(actor=worker, conversation=planned)
    with django_capture_on_commit_callbacks(execute=True):
        aftercare.conversation_record(
            actor=worker,
            incident=marked.incident_a,
            conversation=planned,
            held_at=timezone.now() - dt.timedelta(minutes=5),
            content={"secondary_victimisation": "none", "referral": "none", "facts": "Zzmarkerfacts"},
        )
    with django_capture_on_commit_callbacks(execute=True):
        aftercare.aftercare_request(actor=employee, incident=marked.incident_a, message="Zzmarkermessage")
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 3 and "vervalt" in subjects[1], subjects
    assert all(m.attachments for m in mail.outbox[:2])  # the two .ics files are checked too
    assert_names_nobody(mail.outbox, at_least=3)


def test_aftercare_request_on_the_restricted_track(marked, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        aftercare.aftercare_request(actor=marked.users["councillor"], incident=marked.restricted)
    assert_names_nobody(mail.outbox)


def test_role_grants_asked_confirmed_and_refused(marked, django_capture_on_commit_callbacks):
    """access.tasks: who may confirm hears of a request; who asked and who it was for
    hear the decision."""
    users = marked.users
    with django_capture_on_commit_callbacks(execute=True):
        refused = role_grant_request(actor=users["administrator"], user=users["employee"], role=Role.LEGAL)
        team = role_grant_request(actor=users["administrator"], user=users["employee_b"], team=marked.team_a)
    with django_capture_on_commit_callbacks(execute=True):
        role_grant_refuse(actor=users["coordinator"], grant=refused, reason="Zzmarkerreason")
        role_grant_confirm(actor=users["coordinator"], grant=team)
    assert_names_nobody(mail.outbox, at_least=4)


def test_password_link(marked):
    reset_link_mail(marked.users["employee"])
    assert_names_nobody(mail.outbox)


def test_learning_goal_proposed_and_reviewed(marked, django_capture_on_commit_callbacks):
    """development.notices: the goal that waits for the manager, and its answer."""
    employee = member(marked.team_a, first_name="Zzmarkerivo", last_name="Zzmarkervroemen")
    with django_capture_on_commit_callbacks(execute=True):
        assessment = hand_in(employee, goal="Zzmarkergoal")
    with django_capture_on_commit_callbacks(execute=True):
        manager = marked.users["team_manager"]
        development.goal_review(actor=manager, assessment=assessment, confirm=False, comment="Zzmarkertalk")
    assert_names_nobody(mail.outbox, at_least=2)


def test_duty_reminder_and_overdue(marked):
    today = timezone.localdate()
    duty = add_duty(
        marked.users["coordinator"],
        owner=marked.users["employee"],
        first_due_on=today + dt.timedelta(days=3),
        reminder_days=5,
        today=today,
    )
    task = duty.tasks.order_by("due_on").first()
    assert duty_notices_send() == 1
    after = timezone.make_aware(dt.datetime.combine(task.due_on + dt.timedelta(days=1), dt.time(7)))
    assert duty_notices_send(now=after) >= 1
    assert_names_nobody(mail.outbox, at_least=2)


def test_improvement_action_reminder_and_overdue(marked):
    action = add_action(
        marked.users["team_manager"],
        team=marked.team_a,
        owner=marked.users["employee"],
        title="Zzmarkeraction",
        expected_result="Zzmarkerresult",
        days=3,
    )
    assert action_notices_send() == 1
    ImprovementAction.objects.filter(pk=action.pk).update(due_on=timezone.localdate() - dt.timedelta(days=1))
    assert action_notices_send() == 1
    assert_names_nobody(mail.outbox, at_least=2)


# --- The guard ----------------------------------------------------------------------------

# A call that sends mail (a method definition of the same name is not one).
SENDS = re.compile(
    r"(?<!def )\b(send_mail|send_mass_mail|EmailMessage|EmailMultiAlternatives|mail_admins|mail_managers)\("
)
# Every module that sends mail, and the tests above that trigger it.
COVERED = {
    "gir/incidents/tasks.py": "test_new_report",
    "gir/protocol/tasks.py": "test_handler_assigned",
    "gir/protocol/notices.py": "test_step_reminders_and_every_escalation",
    "gir/perpetrators/tasks.py": "test_ban_active",
    "gir/police/tasks.py": "test_copy_of_the_aangifte",
    "gir/aftercare/tasks.py": "test_aftercare_invitation_cancellation_and_request, _on_the_restricted_track",
    "gir/access/tasks.py": "test_role_grants_asked_confirmed_and_refused",
    "gir/accounts/passwords.py": "test_password_link",
    "gir/development/notices.py": "test_learning_goal_proposed_and_reviewed",
    "gir/duties/notices.py": "test_duty_reminder_and_overdue",
    "gir/learning/notices.py": "test_improvement_action_reminder_and_overdue",
}


def test_every_module_that_sends_mail_is_covered_here():
    root = Path(settings.BASE_DIR)
    senders = set()
    for path in (root / "gir").rglob("*.py"):
        relative = path.relative_to(root).as_posix()
        if "/tests/" in relative or "/migrations/" in relative:
            continue
        if SENDS.search(path.read_text(encoding="utf-8")):
            senders.add(relative)
    assert senders == set(COVERED), "A new kind of mail: add a test above that names nobody, and COVERED"
