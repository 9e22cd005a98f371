"""GIR's clock: the real time unless code runs at another moment, and model
timestamps that follow it (gir.core.clock, gir.core.fields)."""

import datetime as dt

from django.utils import timezone

import pytest

from gir.audit.models import AuditAction, AuditEvent
from gir.audit.services import log_event
from gir.core import clock

MOMENT = dt.datetime(2025, 3, 30, 1, 30, tzinfo=dt.UTC)  # 03:30 in Amsterdam, summer time


def test_now_is_the_real_time_outside_at():
    assert abs(clock.now() - timezone.now()) < dt.timedelta(seconds=1)


def test_at_sets_now_and_today_inside_and_restores_them_after():
    with clock.at(MOMENT):
        assert clock.now() == MOMENT
        assert clock.today() == dt.date(2025, 3, 30)
        with clock.at(MOMENT + dt.timedelta(days=1)):
            assert clock.today() == dt.date(2025, 3, 31)
        assert clock.now() == MOMENT
    assert clock.now() != MOMENT


def test_at_refuses_a_naive_moment():
    with pytest.raises(ValueError, match="aware"), clock.at(dt.datetime(2025, 3, 30, 12, 0)):  # noqa: DTZ001
        pass


@pytest.mark.django_db
def test_model_timestamps_follow_the_clock(world):
    with clock.at(MOMENT):
        event = log_event(
            actor=world.users["coordinator"], action=AuditAction.UPDATED, target=world.incident_a
        )
    assert AuditEvent.objects.get(pk=event.pk).at == MOMENT


def test_a_clock_field_is_a_plain_datetime_field_to_migrations():
    from gir.core.fields import ClockDateTimeField

    _name, path, _args, kwargs = ClockDateTimeField(auto_now_add=True).deconstruct()
    assert (path, kwargs) == ("django.db.models.DateTimeField", {"auto_now_add": True})
