"""Statistical disclosure control of counts for readers without case access: no figure may
point at one employee (001 §1.2, §4.3). ADR 0022 describes the method; in short:

- A table set is every count a reader can see together (all tables of a page, of every
  period they can ask for), with the linear relations between them: a total is the sum
  of its parts (`add_sum`), a part is at most a total (`add_bound`, overlapping rows).
- Primary suppression: a count of 1 to 4 is hidden (0 may show).
- Complementary suppression, with an LP audit (Hundepool et al., Statistical Disclosure
  Control, Wiley 2012, chapters 4 and 5; the "attacker problem" of the CBS/Eurostat handbook):
  for each hidden cell the smallest and largest value it can have, given every shown
  cell, every relation and every hidden cell being at least 1, is solved as a linear
  programme (HiGHS). Where that interval is narrower than THRESHOLD, one more cell is
  hidden (`_complement`: from a relation where a hidden cell is alone, else from the
  cell's relations; the least aggregated, then the smallest), and the cell is audited
  again. Hiding a cell only widens the other intervals, so one pass over the hidden
  cells suffices.
- Every hidden cell is shown with the one symbol HIDDEN: the reader learns "hidden, at
  least 1", never whether a cell was small or hidden to protect another.

The result is a function of the table set alone, so a table looks the same wherever it
is shown.
"""

import hashlib
import heapq
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import highspy

THRESHOLD = 5
HIDDEN = "*"


def is_hidden(text: str) -> bool:
    return text == HIDDEN


def primary(count: int) -> bool:
    return 0 < count < THRESHOLD


def shown(count: int) -> str:
    """One count on its own, in no relation with another shown count."""
    return HIDDEN if primary(count) else str(count)


@dataclass(frozen=True)
class Cell:
    label: str
    count: int
    text: str


@dataclass
class TableSet:
    """Cells (counts) and the linear relations a reader can use between them."""

    values: list[int] = field(default_factory=list)
    # How aggregated a cell is: complementary suppression hides the least aggregated first.
    ranks: list[int] = field(default_factory=list)
    # (total, parts): total == sum(parts)
    sums: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)
    # (part, total): part <= total
    bounds: list[tuple[int, int]] = field(default_factory=list)
    # Cells shown or hidden together (a rate shows its part and whole, or neither).
    groups: list[tuple[int, ...]] = field(default_factory=list)
    # What a reader knows of a hidden cell: at least 1 (0 is always shown), or at least 0
    # for a cell hidden with its group (a hidden rate's part may be 0).
    floors: list[int] = field(default_factory=list)

    def add(self, value: int, rank: int = 0) -> int:
        if value < 0:
            raise ValueError("counts are not negative")
        self.values.append(value)
        self.ranks.append(rank)
        self.floors.append(1)
        return len(self.values) - 1

    def add_sum(self, total: int, parts: Iterable[int]) -> None:
        parts = tuple(parts)
        if self.values[total] != sum(self.values[p] for p in parts):
            raise ValueError("a total is the sum of its parts")
        self.sums.append((total, parts))

    def add_bound(self, part: int, total: int) -> None:
        if self.values[part] > self.values[total]:
            raise ValueError("a part is at most its total")
        self.bounds.append((part, total))

    def together(self, cells: Iterable[int], floor: int = 0) -> None:
        """Show or hide these cells together; hidden, each is at least `floor`."""
        self.groups.append(tuple(cells))
        for cell in self.groups[-1]:
            self.floors[cell] = floor

    def fingerprint(self) -> str:
        """The same for the same counts and relations: a key for a cache."""
        text = repr((self.values, self.ranks, self.sums, self.bounds, self.groups, self.floors))
        return hashlib.sha256(text.encode()).hexdigest()


class _Relations:
    """Which linear relations each cell is in, as rows of coefficients."""

    def __init__(self, cells: TableSet):
        self.cells = cells
        # (coefficients by cell, is an equality): sum(coef * x) == 0, or <= 0
        self.rows: list[tuple[dict[int, int], bool]] = []
        for total, parts in cells.sums:
            row = {total: -1}
            for part in parts:
                row[part] = row.get(part, 0) + 1
            self.rows.append((row, True))
        for part, total in cells.bounds:
            self.rows.append(({part: 1, total: -1}, False))
        self.of: dict[int, list[int]] = {}
        for r, (row, _eq) in enumerate(self.rows):
            for cell in row:
                self.of.setdefault(cell, []).append(r)
        self.group_of: dict[int, tuple[int, ...]] = {}
        for group in cells.groups:
            for cell in group:
                self.group_of[cell] = group

    def component(self, cell: int, hidden: set[int]) -> tuple[list[int], list[int]]:
        """The hidden cells linked to `cell` through relations, and those relations."""
        seen, rows, todo = {cell}, set(), [cell]
        while todo:
            current = todo.pop()
            for r in self.of.get(current, ()):
                if r in rows:
                    continue
                rows.add(r)
                for other in self.rows[r][0]:
                    if other in hidden and other not in seen:
                        seen.add(other)
                        todo.append(other)
        return sorted(seen), sorted(rows)


class _Attacker:
    """The attacker's linear programme over the whole table set, built once: a shown cell
    is fixed at its count, a hidden one free from its floor up. Hiding a cell loosens its
    bounds; each interval is two solves that start from the last basis (HiGHS)."""

    def __init__(self, relations: _Relations):
        cells = relations.cells
        self.floors = cells.floors
        self.h = highspy.Highs()  # type: ignore[no-untyped-call]  # highspy has no stubs
        self.h.setOptionValue("output_flag", False)
        # Each solve starts from the last one's basis: presolve would only redo work.
        self.h.setOptionValue("presolve", "off")
        inf = highspy.kHighsInf
        n = len(cells.values)
        values = [float(v) for v in cells.values]
        self.h.addVars(n, values, values)
        for row, equality in relations.rows:
            cols = list(row)
            self.h.addRow(0.0 if equality else -inf, 0.0, len(cols), cols, [float(row[c]) for c in cols])
        self.target: int | None = None

    def hide(self, cell: int) -> None:
        self.h.changeColBounds(cell, float(self.floors[cell]), highspy.kHighsInf)

    SETTLED = (
        highspy.HighsModelStatus.kOptimal,
        highspy.HighsModelStatus.kUnbounded,
        highspy.HighsModelStatus.kUnboundedOrInfeasible,
    )

    def _solve(self) -> Any:
        """Solve from the last basis; a warm start that ends undecided ("Unknown", which
        HiGHS's simplex can give after many changed bounds) is solved again from scratch,
        then with presolve."""
        self.h.run()
        status = self.h.getModelStatus()
        if status in self.SETTLED:
            return status
        self.h.clearSolver()
        self.h.run()
        status = self.h.getModelStatus()
        if status in self.SETTLED:
            return status
        self.h.setOptionValue("presolve", "on")
        self.h.clearSolver()
        self.h.run()
        self.h.setOptionValue("presolve", "off")
        return self.h.getModelStatus()

    def interval(self, cell: int) -> tuple[float, float]:
        """The smallest and largest value of a hidden cell given every shown cell, the
        relations and every hidden cell at least its floor (the LP relaxation)."""
        if self.target is not None:
            self.h.changeColCost(self.target, 0.0)
        self.h.changeColCost(cell, 1.0)
        self.target = cell
        bounds = []
        for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
            self.h.changeObjectiveSense(sense)
            status = self._solve()
            if status == highspy.HighsModelStatus.kOptimal:
                bounds.append(self.h.getInfo().objective_function_value)
            elif status in (
                highspy.HighsModelStatus.kUnbounded,
                highspy.HighsModelStatus.kUnboundedOrInfeasible,
            ):
                # Feasible always (the true counts are a solution), so unbounded.
                bounds.append(math.inf if sense == highspy.ObjSense.kMaximize else -math.inf)
            else:
                raise RuntimeError(f"disclosure audit: {self.h.modelStatusToString(status)}")
        return bounds[0], bounds[1]


def audit(cells: TableSet, hidden: Iterable[int]) -> dict[int, tuple[float, float]]:
    """Every hidden cell's interval, given what is shown."""
    attacker = _Attacker(_Relations(cells))
    hidden = sorted(set(hidden))
    for cell in hidden:
        attacker.hide(cell)
    return {cell: attacker.interval(cell) for cell in hidden}


def protected(low: float, high: float) -> bool:
    return high - low >= THRESHOLD - 1e-6


def protect(cells: TableSet) -> frozenset[int]:
    """The cells to hide: primary suppression, then complementary suppression until every
    hidden cell's interval is at least THRESHOLD wide."""
    relations = _Relations(cells)
    attacker = _Attacker(relations)
    values = cells.values
    hidden: set[int] = set()
    queue: list[int] = []

    def hide(cell: int) -> None:
        for member in relations.group_of.get(cell, (cell,)):
            if member not in hidden:
                hidden.add(member)
                attacker.hide(member)
                heapq.heappush(queue, member)

    for cell, value in enumerate(values):
        if primary(value):
            hide(cell)
    while queue:
        cell = heapq.heappop(queue)
        while not protected(*attacker.interval(cell)):
            hide(_complement(relations, cell, hidden))
    return frozenset(hidden)


def _complement(relations: _Relations, cell: int, hidden: set[int]) -> int:
    """The shown cell to hide next for `cell`. First from a relation with one hidden cell
    only, which pins that cell down (every relation with a hidden cell needs two: the
    rule the hypercube method builds on); else from the cell's own relations; else from
    those of the hidden cells it is linked to. Of these the least aggregated, then the
    smallest, then the first."""
    cells = relations.cells
    rows = relations.component(cell, hidden)[1]

    def candidates(rows: Iterable[int]) -> list[int]:
        return [c for r in rows for c in relations.rows[r][0] if c not in hidden and cells.values[c] > 0]

    pinning = [
        r for r in rows if relations.rows[r][1] and sum(1 for c in relations.rows[r][0] if c in hidden) == 1
    ]
    found = candidates(pinning) or candidates(relations.of.get(cell, ())) or candidates(rows)
    if not found:  # cannot happen: a cell with nothing shown around it is unbounded
        raise RuntimeError("disclosure: no cell left to hide")
    return min(found, key=lambda c: (cells.ranks[c], cells.values[c], c))


class Figures:
    """A table set built by key (a tuple naming the figure), then suppressed: each
    figure's Cell by its key. A relation is kept only where it holds: one that does not
    (counts in flux) tells a reader nothing."""

    def __init__(self) -> None:
        self.cells = TableSet()
        self.index: dict[tuple[object, ...], int] = {}
        self.hidden: frozenset[int] = frozenset()

    def add(self, key: tuple[object, ...], value: int, rank: int = 0) -> int:
        self.index[key] = self.cells.add(value, rank)
        return self.index[key]

    def add_sum(self, total: int, parts: Iterable[int]) -> None:
        parts = list(parts)
        if self.cells.values[total] == sum(self.cells.values[p] for p in parts):
            self.cells.add_sum(total, parts)

    def add_bound(self, part: int, total: int) -> None:
        if self.cells.values[part] <= self.cells.values[total]:
            self.cells.add_bound(part, total)

    def together(self, cells: Iterable[int], floor: int = 0) -> None:
        self.cells.together(cells, floor)

    def suppress(self, solve: Callable[[TableSet], frozenset[int]] | None = None) -> None:
        self.hidden = (solve or protect)(self.cells)

    def cell(self, key: tuple[object, ...], label: str = "") -> Cell:
        i = self.index.get(key)
        if i is None:  # a row the other table set has
            return Cell(label, 0, "0")
        count = self.cells.values[i]
        return Cell(label, count, HIDDEN if i in self.hidden else str(count))

    def text(self, key: tuple[object, ...]) -> str:
        return self.cell(key).text


def texts(cells: TableSet, hidden: Iterable[int]) -> list[str]:
    hidden = set(hidden)
    return [HIDDEN if i in hidden else str(value) for i, value in enumerate(cells.values)]
