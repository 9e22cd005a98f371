"""Test helpers of the reports."""

import datetime as dt

from gir.incidents.models import Incident
from gir.reports import tallies
from gir.reports.tasks import count_changed_figures


def counted() -> int:
    """What the worker does after a change: count the marked figures (the task that a
    mark queues and the scheduler runs). A page never counts (ADR 0007)."""
    return count_changed_figures.call()


def incidents_so_far_at(moment: dt.datetime) -> None:
    """Move the incidents made so far (the world's, reported 'now') to one fixed moment
    and count everything again: a test whose figures add up across periods then holds on
    whatever day the suite runs (GIR_TEST_NOW)."""
    Incident.objects.update(occurred_at=moment)
    tallies.rebuild()
