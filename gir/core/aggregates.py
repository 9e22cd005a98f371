"""Figures for readers without case access: no figure may point at one employee
(001 §1.2, §4.3). A count of 1 to 4 is shown as "<5". Within one breakdown, more
cells are hidden (shown as "*") where the page would otherwise let a reader work a
small count out: when the breakdown's total is shown and only one cell is hidden,
and when the total itself must stay hidden but every cell would be shown.
"""

from dataclasses import dataclass

SMALLEST_SHOWN = 5
SMALL = "<5"
HIDDEN = "*"


def shown(count: int) -> str:
    return SMALL if 0 < count < SMALLEST_SHOWN else str(count)


@dataclass(frozen=True)
class Cell:
    label: str
    count: int
    text: str


def breakdown(counts: list[tuple[str, int]], *, total_shown: bool, total_hidden: bool = False) -> list[Cell]:
    """The cells of one breakdown. total_shown: the page shows their total, so one small
    cell alone could be subtracted back. total_hidden: the total is itself hidden
    elsewhere, so the cells may not all be shown either (they would add up to it)."""
    small = {i for i, (_label, count) in enumerate(counts) if 0 < count < SMALLEST_SHOWN}
    extra: set[int] = set()
    others = sorted((count, i) for i, (_label, count) in enumerate(counts) if i not in small and count > 0)
    if total_shown and len(small) == 1 and others:
        extra.add(others[0][1])
    if total_hidden and not small and others:
        extra.add(others[0][1])
    return [
        Cell(label, count, SMALL if i in small else HIDDEN if i in extra else str(count))
        for i, (label, count) in enumerate(counts)
    ]


def is_hidden(text: str) -> bool:
    return text in (SMALL, HIDDEN)
