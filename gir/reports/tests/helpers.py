"""Test helpers of the reports."""

from gir.reports.tasks import count_changed_figures


def counted() -> int:
    """What the worker does after a change: count the marked figures (the task that a
    mark queues and the scheduler runs). A page never counts (ADR 0007)."""
    return count_changed_figures.call()
