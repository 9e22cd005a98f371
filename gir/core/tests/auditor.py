"""The attacker of ADR 0022, written apart from gir.core.disclosure: given what a reader
sees (numbers and hidden cells) and the linear relations they know between them, the
smallest and largest value each hidden cell can have, by linear programming (HiGHS).
A hidden cell whose interval is narrower than the threshold is given away."""

import math
from collections.abc import Hashable, Iterable

import highspy

THRESHOLD = 5


class Auditor:
    def __init__(self) -> None:
        self.known: dict[Hashable, int] = {}
        self.hidden: dict[Hashable, int] = {}  # key -> the least it can be
        self.texts: dict[Hashable, str] = {}
        self.equalities: list[tuple[Hashable, tuple[Hashable, ...]]] = []
        self.at_most: list[tuple[Hashable, Hashable]] = []

    def see(self, key: Hashable, text: str, *, floor: int = 1) -> None:
        """The reader sees `text` for `key`: a number, or the one symbol for a hidden
        count. Seen twice (another page, table or file), it must read the same."""
        text = str(text).strip()
        if key in self.texts:
            assert self.texts[key] == text, f"{key!r} reads {self.texts[key]!r} and {text!r}"
            return
        self.texts[key] = text
        if text == "*":
            self.hidden[key] = floor
        else:
            assert text.isdigit(), f"{key!r}: {text!r}"
            self.known[key] = int(text)

    def sum(self, total: Hashable, parts: Iterable[Hashable]) -> None:
        self.equalities.append((total, tuple(parts)))

    def bound(self, part: Hashable, total: Hashable) -> None:
        self.at_most.append((part, total))

    def intervals(self) -> dict[Hashable, tuple[float, float]]:
        """Every hidden cell's smallest and largest value (unbounded: infinite)."""
        names = sorted(self.hidden, key=repr)
        column = {name: i for i, name in enumerate(names)}
        # Relations over keys the reader never saw are of unknowns: free variables.
        free = sorted(
            {k for total, parts in self.equalities for k in (total, *parts)}.union(
                k for pair in self.at_most for k in pair
            )
            - set(self.known)
            - set(self.hidden),
            key=repr,
        )
        for name in free:
            column[name] = len(column)
        inf = highspy.kHighsInf
        result = {}
        for target in names:
            h = highspy.Highs()
            h.setOptionValue("output_flag", False)
            lower = [float(self.hidden[n]) for n in names] + [0.0] * len(free)
            h.addVars(len(column), lower, [inf] * len(column))
            for total, parts in self.equalities:
                self._row(h, {total: -1, **_count(parts)}, equality=True, column=column)
            for part, total in self.at_most:
                self._row(h, {part: 1, total: -1}, equality=False, column=column)
            low_high = []
            for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
                h.changeColCost(column[target], 1.0)
                h.changeObjectiveSense(sense)
                h.run()
                status = h.getModelStatus()
                if status == highspy.HighsModelStatus.kUnbounded:
                    low_high.append(math.inf)
                else:
                    assert status == highspy.HighsModelStatus.kOptimal, h.modelStatusToString(status)
                    low_high.append(h.getInfo().objective_function_value)
            result[target] = (low_high[0], low_high[1])
        return result

    def _row(self, h: highspy.Highs, coefficients: dict, *, equality: bool, column: dict) -> None:
        constant = -sum(c * self.known[k] for k, c in coefficients.items() if k in self.known)
        unknown = {column[k]: float(c) for k, c in coefficients.items() if k not in self.known and c}
        if not unknown:
            return
        lower = constant if equality else -highspy.kHighsInf
        h.addRow(lower, constant, len(unknown), list(unknown), list(unknown.values()))

    def given_away(self) -> dict[Hashable, tuple[float, float]]:
        """The hidden cells a reader can pin down to an interval narrower than THRESHOLD."""
        return {key: (lo, hi) for key, (lo, hi) in self.intervals().items() if hi - lo < THRESHOLD - 1e-6}


def _count(parts: Iterable[Hashable]) -> dict[Hashable, int]:
    counted: dict[Hashable, int] = {}
    for part in parts:
        counted[part] = counted.get(part, 0) + 1
    return counted
