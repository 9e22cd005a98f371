"""The duties calendar pages (DESIGN §2.8): who reaches which page, the calendar showing next
month's tasks with their reminders, completing a task, the duty table and its editing, and a
constant number of queries as the calendar and the table grow."""

import datetime as dt

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from gir.duties.constants import DutyRecord, Frequency, Holder, TaskStatus
from gir.duties.models import Duty, DutyTask
from gir.duties.notices import duty_notices_send
from gir.duties.services import tasks_plan

from . import url_matrix
from .helpers import add_duty, first_of_next_month, in_days

pytestmark = pytest.mark.django_db

CALENDAR = reverse("duties:calendar")
TABLE = reverse("duties:table")
ADD = reverse("duties:duty_add")


@pytest.mark.parametrize("persona", sorted(url_matrix.ALL))
def test_duties_pages_per_role(client, world, persona):
    """The duties part of the project's access matrix, on its own."""
    client.force_login(world.users[persona])
    for key, allowed in url_matrix.MATRIX.items():
        response = client.get(reverse(key, kwargs=url_matrix.url_kwargs(key, world)))
        assert (response.status_code == 200) is (persona in allowed), (key, response.status_code)


def test_calendar_shows_next_months_tasks_and_their_reminders(client, world, mailoutbox):
    coordinator, employee = world.users["coordinator"], world.users["employee"]
    next_month = first_of_next_month()
    duty = add_duty(coordinator, owner=employee, first_due_on=next_month + dt.timedelta(days=14))
    Duty.objects.filter(pk=duty.pk).update(reminder_days=0)
    tasks_plan()
    task = duty.tasks.get()
    client.force_login(employee)
    content = client.get(CALENDAR).content.decode()
    assert "Test de alarmknoppen" in content
    assert reverse("duties:task", args=[task.pk]) in content
    assert "herinnering verstuurd" not in content
    # On the reminder day the mail arrives, and the calendar says so.
    Duty.objects.filter(pk=duty.pk).update(reminder_days=(task.due_on - timezone.localdate()).days)
    assert duty_notices_send() == 1
    assert mailoutbox[0].to == [employee.email]
    assert "herinnering verstuurd" in client.get(CALENDAR).content.decode()


def test_calendar_puts_overdue_tasks_on_top_and_filters_mine(client, world):
    coordinator, employee = world.users["coordinator"], world.users["employee"]
    add_duty(coordinator, owner=employee, first_due_on=in_days(1), text="Alarmknoppen testen")
    add_duty(coordinator, owner=coordinator, first_due_on=in_days(2), text="Kwartaaloverzicht maken")
    first = DutyTask.objects.filter(duty__text="Alarmknoppen testen").order_by("due_on").first()
    DutyTask.objects.filter(pk=first.pk).update(due_on=in_days(-40))
    client.force_login(coordinator)
    content = client.get(CALENDAR).content.decode()
    assert "Over de datum" in content
    assert content.index("Alarmknoppen testen") < content.index("Kwartaaloverzicht maken")
    assert "Alleen mijn taken" in content
    mine = client.get(CALENDAR, {"mijn": "on"}).content.decode()
    assert "Kwartaaloverzicht maken" in mine and "Alarmknoppen testen" not in mine
    client.force_login(world.users["employee_b"])
    content = client.get(CALENDAR).content.decode()
    assert "Alarmknoppen testen" not in content
    assert "Alleen mijn taken" not in content
    assert "geen taken uit de takenkalender" in content
    assert TABLE in content


def test_calendar_month_navigation_and_bad_month(client, world):
    coordinator = world.users["coordinator"]
    client.force_login(coordinator)
    later = first_of_next_month(first_of_next_month() + dt.timedelta(days=40))
    add_duty(
        coordinator, owner=coordinator, first_due_on=later + dt.timedelta(days=2), frequency=Frequency.ONCE
    )
    assert "Test de alarmknoppen" not in client.get(CALENDAR).content.decode()
    response = client.get(CALENDAR, {"maand": later.strftime("%Y-%m")})
    assert "Test de alarmknoppen" in response.content.decode()
    bad = client.get(CALENDAR, {"maand": "maart"})
    assert bad.status_code == 400
    assert "Vul een maand in als jaar-maand" in bad.content.decode()


def _many_tasks(world, count):
    coordinator = world.users["coordinator"]
    owners = [world.users[name] for name in ("employee", "employee_b", "team_manager", "director")]
    for index in range(count):
        add_duty(
            coordinator,
            owner=owners[index % len(owners)],
            first_due_on=in_days(index % 20),
            text=f"Taak {index}",
            holder=Holder.values[index % len(Holder.values)],
        )


@pytest.mark.parametrize("url", [CALENDAR, TABLE])
def test_constant_queries(client, world, url):
    client.force_login(world.users["coordinator"])
    _many_tasks(world, 3)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _many_tasks(world, 12)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


# --- A task --------------------------------------------------------------------------------


@pytest.fixture
def task(world):
    duty = add_duty(world.users["coordinator"], owner=world.users["employee"], first_due_on=in_days(2))
    return duty.tasks.get(due_on=in_days(2))


def test_owner_completes_a_task(client, world, task):
    employee = world.users["employee"]
    client.force_login(employee)
    url = reverse("duties:task", args=[task.pk])
    page = client.get(url).content.decode()
    assert "Taak is gedaan" in page
    refused = client.post(url, {"note": " ", "completed_on": "", "version": task.version})
    assert refused.status_code == 400
    assert "Schrijf kort op wat er is gedaan" in refused.content.decode()
    later = timezone.localdate() + dt.timedelta(days=3)
    future = client.post(
        url, {"note": "Getest", "completed_on": later.strftime("%d-%m-%Y"), "version": task.version}
    )
    assert "Getest" in future.content.decode()  # nothing typed lost
    assert "Kies vandaag of eerder" in future.content.decode()
    response = client.post(url, {"note": "Alle knoppen werken.", "completed_on": "", "version": task.version})
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.completed_by, task.completed_on) == (
        TaskStatus.DONE,
        employee,
        timezone.localdate(),
    )
    page = client.get(url).content.decode()
    assert "Alle knoppen werken." in page and "Taak is gedaan" not in page


def test_stale_completion_is_refused(client, world, task):
    client.force_login(world.users["coordinator"])
    url = reverse("duties:task", args=[task.pk])
    response = client.post(url, {"note": "Getest", "version": task.version + 1})
    assert response.status_code == 409
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()


def test_director_reads_a_task_but_cannot_complete_it(client, world, task):
    client.force_login(world.users["director"])
    url = reverse("duties:task", args=[task.pk])
    assert "Taak is gedaan" not in client.get(url).content.decode()
    assert client.post(url, {"note": "Gedaan", "version": task.version}).status_code == 403
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_policy_evaluation_task_links_to_the_evaluation(client, world):
    coordinator = world.users["coordinator"]
    duty = Duty.objects.get(record=DutyRecord.POLICY_EVALUATION)
    duty.owner, duty.first_due_on = coordinator, in_days(10)
    duty.save(update_fields=["owner", "first_due_on"])
    tasks_plan()
    task = duty.tasks.get()
    client.force_login(coordinator)
    content = client.get(reverse("duties:task", args=[task.pk])).content.decode()
    year = task.due_on.year - 1 if task.due_on.month <= 3 else task.due_on.year
    assert reverse("duties:policy_evaluation", args=[year]) in content
    assert "Taak is gedaan" not in content


# --- The duty table ----------------------------------------------------------------------


def test_table_groups_by_role_and_offers_editing_to_the_coordinator(client, world):
    client.force_login(world.users["employee"])
    content = client.get(TABLE).content.decode()
    assert "Facilitaire zaken" in content and "Initieert de jaarlijkse evaluatie van het beleid" in content
    assert ADD not in content
    client.force_login(world.users["coordinator"])
    content = client.get(TABLE).content.decode()
    assert ADD in content
    assert reverse("duties:duty", args=[Duty.objects.first().pk]) in content


def duty_data(world, **changes):
    data = {
        "holder": Holder.FACILITIES,
        "text": "Test de alarmknoppen in alle spreekkamers",
        "frequency": Frequency.MONTHLY,
        "owner": str(world.users["employee"].pk),
        "first_due_on": in_days(5).strftime("%d-%m-%Y"),
        "reminder_days": "",
        "is_active": "on",
    }
    return {**data, **changes}


def test_coordinator_adds_a_duty_that_becomes_tasks(client, world):
    client.force_login(world.users["coordinator"])
    refused = client.post(ADD, duty_data(world, frequency=""))
    content = refused.content.decode()
    assert refused.status_code == 400
    assert "Kies hoe vaak de taak terugkomt" in content
    assert "Test de alarmknoppen in alle spreekkamers" in content  # nothing typed lost
    response = client.post(ADD, duty_data(world))
    assert response.status_code == 302
    duty = Duty.objects.get(text="Test de alarmknoppen in alle spreekkamers")
    assert duty.reminder_days == 3  # the monthly default
    assert duty.tasks.filter(due_on=in_days(5), owner=world.users["employee"]).exists()


def test_coordinator_edits_a_duty_and_stale_edit_is_refused(client, world):
    client.force_login(world.users["coordinator"])
    duty = Duty.objects.filter(frequency=Frequency.QUARTERLY).first()
    url = reverse("duties:duty", args=[duty.pk])
    assert client.get(url).status_code == 200
    data = duty_data(
        world, holder=duty.holder, text=duty.text, frequency=duty.frequency, version=duty.version
    )
    assert client.post(url, data).status_code == 302
    duty.refresh_from_db()
    assert duty.owner == world.users["employee"] and duty.tasks.exists()
    stale = client.post(url, {**data, "version": duty.version - 1})
    assert stale.status_code == 409


def test_only_the_coordinator_edits_the_table(client, world):
    client.force_login(world.users["director"])
    assert client.post(ADD, duty_data(world)).status_code == 403
    assert not Duty.objects.filter(text="Test de alarmknoppen in alle spreekkamers").exists()


def test_management_command_plans_and_reports(world, capsys):
    add_duty(world.users["coordinator"], owner=world.users["employee"], first_due_on=in_days(1))
    DutyTask.objects.all().delete()
    call_command("plan_duty_tasks")
    out = capsys.readouterr().out
    assert "Planned tasks: " in out and "Planned tasks: 0" not in out
    assert "Reminder mails sent: 1" in out
