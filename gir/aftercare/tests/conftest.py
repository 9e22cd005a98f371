"""Helpers of the aftercare tests: the aftercare steps of incident_a and form data."""

import datetime as dt

from django.utils import timezone

import pytest

from gir.aftercare.services import Employee, conversation_schedule
from gir.protocol.constants import StepKind

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


def local_input(moment: dt.datetime) -> str:
    """A moment as a datetime-local field sends it."""
    return timezone.localtime(moment).strftime(LOCAL_INPUT)


def aftercare_steps(incident) -> list:
    return list(incident.steps.filter(kind=StepKind.AFTERCARE).order_by("due_at", "pk"))


def record_data(step, employee, *, held_at: dt.datetime | None = None, **extra: str) -> dict[str, str]:
    data = {
        "step": str(step.pk),
        "employee": str(employee.pk),
        "held_at": local_input(held_at or timezone.now() - dt.timedelta(minutes=30)),
        "secondary_victimisation": "none",
        "referral": "none",
    }
    data.update(extra)
    return data


@pytest.fixture
def steps(world) -> list:
    found = aftercare_steps(world.incident_a)
    assert len(found) == 3, "the shipped protocol plans three aftercare conversations"
    return found


@pytest.fixture
def planned(world, steps):
    """The first conversation with "employee", planned tomorrow at 10:00."""
    when = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
    return conversation_schedule(
        actor=world.users["aftercare"],
        incident=world.incident_a,
        step=steps[0],
        employee=Employee(world.users["employee"], ""),
        scheduled_at=when,
        place="Kamer 2.14",
    )
