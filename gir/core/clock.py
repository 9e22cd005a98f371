"""GIR's clock and the time zone it lives in.

Every service asks `now()` (or `today()`) for the time. It is the real time, unless a
caller runs code at another moment with `at(moment)`: the demo writes months of
history that way, through the same services, without patching Django. Timestamps
written by the models (`ClockDateTimeField` for auto_now and auto_now_add) follow the
same clock. Tests move time with time-machine, which this clock follows too.

Deadlines, day and month boundaries of figures and filters, and times shown in mails
and imports are all in Europe/Amsterdam."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from zoneinfo import ZoneInfo

from django.utils import timezone

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

_moment: ContextVar[dt.datetime | None] = ContextVar("gir_clock_moment", default=None)


def now() -> dt.datetime:
    return _moment.get() or timezone.now()


def today() -> dt.date:
    """Today in Amsterdam (the project's time zone)."""
    return timezone.localdate(now())


@contextmanager
def at(moment: dt.datetime) -> Iterator[None]:
    """Run the code inside as if it were `moment` (an aware datetime)."""
    if timezone.is_naive(moment):
        raise ValueError("the clock needs an aware datetime")
    token = _moment.set(moment)
    try:
        yield
    finally:
        _moment.reset(token)
