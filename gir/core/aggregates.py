"""Figures for readers without case access: no figure may point at one employee
(001 §1.2, §4.3). A count of 1 to 4 is shown as "<5"; when a breakdown has its
total shown, a second cell is hidden too, so nobody can subtract back to the first.
"""

from dataclasses import dataclass

SMALLEST_SHOWN = 5
HIDDEN = "<5"


def shown(count: int) -> str:
    return HIDDEN if 0 < count < SMALLEST_SHOWN else str(count)


@dataclass(frozen=True)
class Cell:
    label: str
    count: int
    text: str


def breakdown(counts: list[tuple[str, int]], *, total_shown: bool) -> list[Cell]:
    """The cells of one breakdown, small ones hidden. With the total on the page a
    single hidden cell could be worked out, so the next smallest is hidden as well."""
    hidden = {i for i, (_label, count) in enumerate(counts) if 0 < count < SMALLEST_SHOWN}
    if total_shown and len(hidden) == 1:
        others = [(count, i) for i, (_label, count) in enumerate(counts) if i not in hidden and count > 0]
        if others:
            hidden.add(min(others)[1])
    return [
        Cell(label, count, HIDDEN if i in hidden else str(count)) for i, (label, count) in enumerate(counts)
    ]
