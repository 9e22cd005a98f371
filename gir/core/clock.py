"""The time zone GIR lives in. Deadlines, day and month boundaries of figures and
filters, and times shown in mails and imports are all in Europe/Amsterdam."""

from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
