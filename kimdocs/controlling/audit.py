"""The audit: how far can a reader narrow a hidden cell from what is published?

As statistical offices audit a suppressed table (tau-Argus' audit): the published numbers
are fixed, every hidden cell is an unknown whole number within what its mark says ("< 5":
1 to 4 persons; "x": at least 5, see ``bounds``), cells not published at all are unknown
and at least 0,
and everything a reader knows about the cells holds (kimdocs.controlling.cells: sums,
the same goals counted three times, periods and their parts). For each hidden cell an
integer linear program finds its smallest and its largest possible value.

A "< 5" cell must keep at least three possible values and an "x" at least two; otherwise
the build fails, naming the table and the cell.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kimdocs.controlling.cells import Equation, Key, Master

# A cell as published: its number, or its mark.
PRIMARY, SECONDARY = "primary", "secondary"
Shown = int | str  # a number, PRIMARY or SECONDARY


@dataclass(frozen=True)
class Narrowed:
    key: Key
    mark: str  # PRIMARY or SECONDARY
    low: float
    high: float

    @property
    def values(self) -> float:
        return self.high - self.low + 1


def needed_values(master: Master, key: Key) -> int:
    """How many possible values a hidden cell must keep: three for a small one (two if the
    threshold leaves fewer than three), two for one hidden to protect others."""
    if master.small(key):
        return min(3, master.threshold - 1) if master.cells[key].counts_persons else 3
    return 2


def bounds(master: Master, key: Key, mark: str) -> tuple[float, float]:
    """What a cell's mark tells a reader about the number behind it."""
    threshold = master.threshold
    if mark == PRIMARY:
        return (1.0, float(threshold - 1) if master.cells[key].counts_persons else math.inf)
    if mark == SECONDARY:
        # An "x" is never 0 (a 0 is shown). One hidden to protect others rests on enough
        # persons, and the audit takes the reader to know it; a small one shown as "x"
        # (kimdocs.controlling.suppress) only tells that it is not 0.
        return (1.0, math.inf) if master.small(key) else (float(threshold), math.inf)
    return (0.0, math.inf)  # not published


def narrowed(
    master: Master,
    published: Mapping[Key, Shown],
    targets: Iterable[Key] | None = None,
    periods: set[str] | None = None,
) -> list[Narrowed]:
    """Hidden published cells a reader can narrow too far, given ``published``.

    ``targets``: the hidden cells to test (default: all hidden ones in ``published``);
    ``periods``: only the equations among these grid periods hold (default: all).
    """
    found: list[Narrowed] = []
    for key, (low, high) in feasible_ranges(master, published, targets, periods).items():
        mark = published[key]
        assert isinstance(mark, str)
        need = needed_values(master, key)
        if high - low + 1 < need:
            found.append(Narrowed(key, mark, low, high))
    return sorted(found, key=lambda n: n.key)


def feasible_ranges(
    master: Master,
    published: Mapping[Key, Shown],
    targets: Iterable[Key] | None = None,
    periods: set[str] | None = None,
) -> dict[Key, tuple[float, float]]:
    """The smallest and largest value each hidden published cell can have (see
    :func:`narrowed`); cells no equation bounds keep the bounds of their mark."""
    hidden = {k: v for k, v in published.items() if isinstance(v, str)}
    wanted = set(hidden if targets is None else (t for t in targets if t in hidden))
    result = {k: bounds(master, k, str(hidden[k])) for k in wanted}
    if not wanted:
        return result
    equations = _relevant(master, published, wanted, periods)
    for component in _components(equations, published):
        tested = [k for k in component.unknowns if k in wanted]
        if tested:
            result.update(_ranges(master, published, component, tested))
    return result


@dataclass
class _Component:
    unknowns: list[Key]
    equations: list[Equation]


def _relevant(
    master: Master, published: Mapping[Key, Shown], start: set[Key], periods: set[str] | None
) -> list[Equation]:
    """The equations reachable from ``start`` through unknown cells: only they can bound it."""
    seen_eq: set[int] = set()
    seen: set[Key] = set(start)
    todo = list(start)
    while todo:
        key = todo.pop()
        for n in master.by_key.get(key, ()):
            if n in seen_eq:
                continue
            if periods is not None and any(
                k.period not in periods for k in master.equations[n].keys
            ):
                continue
            seen_eq.add(n)
            for other in master.equations[n].keys:
                if other not in seen and not isinstance(published.get(other), int):
                    seen.add(other)
                    todo.append(other)
    return [master.equations[n] for n in sorted(seen_eq)]


def _components(equations: list[Equation], published: Mapping[Key, Shown]) -> list[_Component]:
    parent: dict[Key, Key] = {}

    def find(key: Key) -> Key:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for equation in equations:
        unknown = [k for k in equation.keys if not isinstance(published.get(k), int)]
        for other in unknown[1:]:
            parent[find(other)] = find(unknown[0])
        if unknown:
            find(unknown[0])
    groups: dict[Key, _Component] = {}
    for key in parent:
        groups.setdefault(find(key), _Component([], [])).unknowns.append(key)
    for equation in equations:
        unknown = [k for k in equation.keys if not isinstance(published.get(k), int)]
        if unknown:
            groups[find(unknown[0])].equations.append(equation)
    return list(groups.values())


def _ranges(
    master: Master,
    published: Mapping[Key, Shown],
    component: _Component,
    tested: list[Key],
) -> dict[Key, tuple[float, float]]:
    import numpy as np

    index = {k: n for n, k in enumerate(sorted(component.unknowns))}
    size = len(index)
    low = np.zeros(size)
    high = np.full(size, np.inf)
    for key, n in index.items():
        shown = published.get(key)
        mark = shown if isinstance(shown, str) else "unpublished"
        low[n], high[n] = bounds(master, key, mark)
    equal_rows: list[Any] = []
    equal_rhs: list[float] = []
    less_rows: list[Any] = []
    less_rhs: list[float] = []
    for equation in component.equations:
        row = np.zeros(size)
        rest = float(equation.constant)
        for key, coefficient in equation.terms:
            value = published.get(key)
            if isinstance(value, int):
                rest -= coefficient * value
            else:
                row[index[key]] += coefficient
        (equal_rows if equation.equal else less_rows).append(row)
        (equal_rhs if equation.equal else less_rhs).append(rest)
    program = _Program(
        np.array(equal_rows) if equal_rows else None,
        np.array(equal_rhs) if equal_rows else None,
        np.array(less_rows) if less_rows else None,
        np.array(less_rhs) if less_rows else None,
        low,
        high,
    )
    result: dict[Key, tuple[float, float]] = {}
    for key in tested:
        objective = np.zeros(size)
        objective[index[key]] = 1.0
        result[key] = (program.least(objective), -program.least(-objective))
    return result


@dataclass
class _Program:
    """Linear constraints over whole numbers ``x``: ``A_eq x = b_eq``, ``A_ub x <= b_ub``,
    ``low <= x <= high``."""

    a_eq: Any
    b_eq: Any
    a_ub: Any
    b_ub: Any
    low: Any
    high: Any

    def least(self, objective: Any) -> float:
        """The least value of ``objective`` over whole numbers within the constraints.

        The linear relaxation first (sums in tables are mostly solved in whole numbers by
        it): if its optimum is whole, it is the answer; else the integer program decides.
        """
        import numpy as np
        from scipy.optimize import Bounds, LinearConstraint, linprog, milp

        relaxed = linprog(
            objective,
            A_ub=self.a_ub,
            b_ub=self.b_ub,
            A_eq=self.a_eq,
            b_eq=self.b_eq,
            bounds=np.column_stack([self.low, self.high]),
            method="highs",
        )
        if relaxed.status == 3:
            return -math.inf  # unbounded
        if relaxed.status == 0 and np.allclose(relaxed.x, np.round(relaxed.x), atol=1e-7):
            return float(round(relaxed.fun))
        constraints = []
        if self.a_eq is not None:
            constraints.append(LinearConstraint(self.a_eq, self.b_eq, self.b_eq))
        if self.a_ub is not None:
            constraints.append(LinearConstraint(self.a_ub, -np.inf, self.b_ub))
        solved = milp(
            objective,
            integrality=np.ones(len(objective)),
            bounds=Bounds(self.low, self.high),
            constraints=constraints,
        )
        if solved.status == 0:
            return float(round(solved.fun))
        if solved.status in (3, 4):
            return -math.inf
        # The published figures contradict the equations: a fault of kimdocs, not the user's.
        raise AssertionError(f"Prüfung der Zahlen nicht lösbar ({solved.message})")
