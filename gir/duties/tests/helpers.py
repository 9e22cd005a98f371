"""Shared set-up of the duties tests."""

import datetime as dt

from django.utils import timezone

from gir.duties.constants import Frequency, Holder
from gir.duties.services import DutyInput, duty_save


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def first_of_next_month(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def add_duty(
    actor,
    *,
    owner,
    first_due_on,
    text="Test de alarmknoppen",
    frequency=Frequency.MONTHLY,
    holder=Holder.FACILITIES,
    today=None,
    **kwargs,
):
    return duty_save(
        actor=actor,
        data=DutyInput(
            holder=holder,
            text=text,
            frequency=frequency,
            owner=owner,
            first_due_on=first_due_on,
            **kwargs,
        ),
        today=today,
    )
