"""The writes of the duties calendar (services.py): due dates on month ends, the planning
horizon, once duties, owner and rhythm changes, completion, and the policy evaluation."""

import datetime as dt

from django.core.exceptions import ValidationError

import pytest

from gir.core.exceptions import ConcurrentEditError
from gir.duties import services
from gir.duties.constants import DutyRecord, EvaluationStatus, Frequency, Holder, SafetyCulture, TaskStatus
from gir.duties.models import ChecklistItem, Duty, DutyTask, PolicyEvaluation
from gir.duties.services import ChecklistInput, DutyInput

from .helpers import add_duty

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 10)


def test_occurrence_keeps_the_day_or_takes_the_month_end():
    first = dt.date(2026, 1, 31)
    assert [services.occurrence(first, i, 1) for i in range(4)] == [
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 28),
        dt.date(2026, 3, 31),
        dt.date(2026, 4, 30),
    ]
    assert services.occurrence(dt.date(2027, 11, 30), 1, 3) == dt.date(2028, 2, 29)
    assert services.occurrence(dt.date(2026, 8, 31), 1, 6) == dt.date(2027, 2, 28)


def test_planning_horizon_is_the_end_of_next_month():
    assert services.planning_horizon(dt.date(2026, 1, 10)) == dt.date(2026, 2, 28)
    assert services.planning_horizon(dt.date(2026, 12, 31)) == dt.date(2027, 1, 31)
    assert services.planning_horizon(dt.date(2027, 11, 1)) == dt.date(2027, 12, 31)


def test_monthly_duty_planned_through_next_month_and_not_twice(world):
    duty = add_duty(
        world.users["coordinator"],
        owner=world.users["employee"],
        first_due_on=dt.date(2026, 1, 31),
        today=TODAY,
    )
    dates = list(duty.tasks.values_list("due_on", flat=True))
    assert dates == [dt.date(2026, 1, 31), dt.date(2026, 2, 28)]
    assert services.tasks_plan(today=TODAY) == 0
    assert services.tasks_plan(today=dt.date(2026, 2, 1)) == 1
    assert duty.tasks.order_by("due_on").last().due_on == dt.date(2026, 3, 31)
    assert set(duty.tasks.values_list("owner", flat=True)) == {world.users["employee"].pk}


def test_yearly_duty_gets_its_next_task_beyond_the_horizon(world):
    duty = add_duty(
        world.users["coordinator"],
        owner=world.users["coordinator"],
        first_due_on=dt.date(2026, 11, 30),
        frequency=Frequency.YEARLY,
        today=TODAY,
    )
    assert list(duty.tasks.values_list("due_on", flat=True)) == [dt.date(2026, 11, 30)]
    assert services.tasks_plan(today=dt.date(2026, 6, 1)) == 0


def test_once_duty_gets_one_task(world):
    duty = add_duty(
        world.users["coordinator"],
        owner=world.users["director"],
        first_due_on=dt.date(2026, 1, 20),
        frequency=Frequency.ONCE,
        today=TODAY,
    )
    assert duty.tasks.count() == 1
    assert services.tasks_plan(today=dt.date(2026, 5, 1)) == 0


def test_constant_and_unowned_duties_make_no_tasks(world):
    coordinator = world.users["coordinator"]
    constant = services.duty_save(
        actor=coordinator,
        data=DutyInput(
            holder=Holder.BOARD,
            text="Toont voorbeeldgedrag",
            frequency=Frequency.CONSTANT,
            owner=coordinator,
            first_due_on=dt.date(2026, 2, 1),
        ),
        today=TODAY,
    )
    assert constant.owner is None and constant.first_due_on is None
    services.tasks_plan(today=TODAY)
    assert not DutyTask.objects.exists()  # the shipped table has no owners yet


def test_owner_change_moves_open_tasks(world):
    coordinator, employee, other = (world.users[n] for n in ("coordinator", "employee", "employee_b"))
    duty = add_duty(coordinator, owner=employee, first_due_on=dt.date(2026, 1, 31), today=TODAY)
    done = duty.tasks.first()
    services.task_complete(actor=employee, task=done, note="Alle knoppen werken.", today=dt.date(2026, 1, 31))
    DutyTask.objects.filter(duty=duty, status=TaskStatus.OPEN).update(
        reminded_at=dt.datetime(2026, 2, 25, tzinfo=dt.UTC)
    )
    services.duty_save(
        actor=coordinator,
        duty=duty,
        expected_version=duty.version,
        data=DutyInput(
            holder=duty.holder,
            text=duty.text,
            frequency=duty.frequency,
            owner=other,
            first_due_on=duty.first_due_on,
        ),
        today=dt.date(2026, 2, 1),
    )
    open_tasks = DutyTask.objects.filter(duty=duty, status=TaskStatus.OPEN)
    assert set(open_tasks.values_list("owner", flat=True)) == {other.pk}
    assert not open_tasks.filter(reminded_at__isnull=False).exists()  # the new owner hears of it
    done.refresh_from_db()
    assert done.owner == employee  # the record stays whose it was


def test_rhythm_change_replans_open_tasks(world):
    coordinator, employee = world.users["coordinator"], world.users["employee"]
    duty = add_duty(coordinator, owner=employee, first_due_on=dt.date(2026, 1, 31), today=TODAY)
    services.duty_save(
        actor=coordinator,
        duty=duty,
        expected_version=duty.version,
        data=DutyInput(
            holder=duty.holder,
            text=duty.text,
            frequency=Frequency.QUARTERLY,
            owner=employee,
            first_due_on=dt.date(2026, 3, 15),
        ),
        today=TODAY,
    )
    assert list(duty.tasks.values_list("due_on", flat=True)) == [dt.date(2026, 3, 15)]


def test_deactivated_duty_drops_its_future_tasks(world):
    coordinator, employee = world.users["coordinator"], world.users["employee"]
    duty = add_duty(coordinator, owner=employee, first_due_on=dt.date(2026, 1, 31), today=TODAY)
    services.duty_save(
        actor=coordinator,
        duty=duty,
        expected_version=duty.version,
        data=DutyInput(
            holder=duty.holder,
            text=duty.text,
            frequency=duty.frequency,
            owner=employee,
            first_due_on=duty.first_due_on,
            is_active=False,
        ),
        today=TODAY,
    )
    assert not duty.tasks.exists()


def test_duty_without_frequency_is_refused_with_the_message(world):
    with pytest.raises(ValidationError) as error:
        services.duty_save(
            actor=world.users["coordinator"],
            data=DutyInput(holder=Holder.FACILITIES, text="Test de alarmknoppen", frequency=""),
        )
    assert "Kies hoe vaak de taak terugkomt" in error.value.message_dict["frequency"][0]


def test_duty_edit_with_old_version_is_refused(world):
    duty = Duty.objects.first()
    with pytest.raises(ConcurrentEditError):
        services.duty_save(
            actor=world.users["coordinator"],
            duty=duty,
            expected_version=duty.version + 1,
            data=DutyInput(holder=duty.holder, text="Anders", frequency=duty.frequency),
        )


def test_task_complete_records_who_when_and_what(world):
    employee = world.users["employee"]
    duty = add_duty(
        world.users["coordinator"], owner=employee, first_due_on=dt.date(2026, 1, 31), today=TODAY
    )
    task = duty.tasks.first()
    with pytest.raises(ValidationError) as error:
        services.task_complete(
            actor=employee, task=task, note=" ", completed_on=dt.date(2026, 1, 11), today=TODAY
        )
    assert set(error.value.message_dict) == {"note", "completed_on"}
    done = services.task_complete(
        actor=employee, task=task, note="Knop 3 kapot, gemeld.", expected_version=task.version, today=TODAY
    )
    assert (done.status, done.completed_by, done.completed_on) == (TaskStatus.DONE, employee, TODAY)
    assert done.completion_note == "Knop 3 kapot, gemeld."
    with pytest.raises(ConcurrentEditError):
        services.task_complete(
            actor=employee, task=task, note="Nog eens", expected_version=task.version, today=TODAY
        )
    with pytest.raises(ValidationError):
        services.task_complete(actor=employee, task=task, note="Nog eens", today=TODAY)


def _evaluation_duty(world, first_due_on):
    duty = Duty.objects.get(record=DutyRecord.POLICY_EVALUATION)
    coordinator = world.users["coordinator"]
    return services.duty_save(
        actor=coordinator,
        duty=duty,
        expected_version=duty.version,
        data=DutyInput(
            holder=duty.holder,
            text=duty.text,
            frequency=duty.frequency,
            owner=coordinator,
            first_due_on=first_due_on,
        ),
        today=first_due_on - dt.timedelta(days=20),
    )


def full_checklist(**changes):
    return [
        ChecklistInput(item_id=pk, is_done=True, notes="")
        for pk in ChecklistItem.objects.values_list("pk", flat=True)
    ]


def test_policy_evaluation_task_refuses_completion_by_hand(world):
    duty = _evaluation_duty(world, dt.date(2027, 1, 31))
    with pytest.raises(ValidationError) as error:
        services.task_complete(actor=world.users["coordinator"], task=duty.tasks.get(), note="Gedaan")
    assert "beleidsevaluatie" in error.value.messages[0]


def test_policy_evaluation_finish_needs_every_point_and_the_level(world):
    coordinator = world.users["coordinator"]
    duty = _evaluation_duty(world, dt.date(2027, 1, 31))
    checklist = full_checklist()
    draft = services.policy_evaluation_save(
        actor=coordinator, year=2026, checklist=checklist[:3], culture_level=None, conclusions=""
    )
    assert draft.status == EvaluationStatus.DRAFT and draft.answers.count() == 3
    with pytest.raises(ValidationError) as error:
        services.policy_evaluation_save(
            actor=coordinator,
            year=2026,
            checklist=checklist[:3],
            culture_level=None,
            conclusions="",
            finish=True,
            expected_version=draft.version,
        )
    messages = error.value.messages
    assert len(messages) == len(checklist) - 3 + 2
    assert any("veiligheidscultuur" in m for m in messages)
    final = services.policy_evaluation_save(
        actor=coordinator,
        year=2026,
        checklist=checklist,
        culture_level=SafetyCulture.MANAGED,
        conclusions="Meer aandacht voor nazorg.",
        finish=True,
        expected_version=draft.version,
    )
    assert final.status == EvaluationStatus.FINAL and final.finished_at
    task = duty.tasks.get()
    assert task.status == TaskStatus.DONE and task.completed_by == coordinator
    with pytest.raises(ValidationError):
        services.policy_evaluation_save(actor=coordinator, year=2026, checklist=checklist, culture_level=3)
    assert PolicyEvaluation.objects.count() == 1
