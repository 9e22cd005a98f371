"""Deadlines as the protocol says them, in Europe/Amsterdam (DESIGN §2.2).

"72 uur" is 72 elapsed hours: across the switch to summer time the clock shows
one hour later. "5 dagen" and "6 weken" are calendar days: the clock time stays
the same whatever the switch does.
"""

import datetime as dt

from gir.core.clock import AMSTERDAM

from .constants import DeadlineUnit


def add_period(start: dt.datetime, amount: int, unit: str) -> dt.datetime:
    if start.tzinfo is None:
        raise ValueError("a deadline needs an aware start time")
    if unit == DeadlineUnit.HOURS:
        # Aware arithmetic in UTC counts real elapsed time.
        return (start.astimezone(dt.UTC) + dt.timedelta(hours=amount)).astimezone(AMSTERDAM)
    days = amount * 7 if unit == DeadlineUnit.WEEKS else amount
    # Wall-clock arithmetic on the local time keeps the clock time; a time that falls
    # in the spring gap (02:00–03:00) is read with the offset before the switch.
    local = start.astimezone(AMSTERDAM)
    return (local + dt.timedelta(days=days)).astimezone(dt.UTC).astimezone(AMSTERDAM)


# A clock a few minutes fast on the user's phone is no reason to refuse a moment
# as "in the future".
CLOCK_SLACK = dt.timedelta(minutes=10)
