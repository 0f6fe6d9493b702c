"""Statistical disclosure control: small figures are not shown, nor can they be worked out.

A figure resting on fewer than ``threshold`` persons (but on some) is hidden, whatever it
counts: goals, steps and actions of one client are that client's data (primary
suppression, shown as "< 5"). A figure of 0 is always shown. Further cells are hidden
("x", secondary suppression) as statistical offices choose them across linked tables
(tau-Argus' optimal and modular methods follow the same idea): for each hidden cell, a
linear program looks for the cheapest set of cells that, moved together, keep every
equation a reader knows (kimdocs.controlling.cells) and move the hidden cell far enough,
so that a reader cannot tell the true figures from the moved ones; the cells it moves are
hidden. The audit (kimdocs.controlling.audit) then checks the result exactly, and a cell
it can still narrow is protected again.

The cells are settled in the order their periods end: the first half-year on its own
figures only, then the second half-year and the year together, hiding a half-year's cell
rather than the year's where either would do. So a report on the first half-year, built in
July, and the year's report show the first half-year with the same marks (as long as its
figures have not changed), and the year's tables for the committee keep their figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kimdocs.controlling.audit import PRIMARY, SECONDARY, Shown, bounds, narrowed, needed_values
from kimdocs.controlling.cells import Equation, Key, Master

# What hiding a cell costs, per unit of its figure: a year's cell is worth more than a
# half-year's (the committee reads the year), a cell hidden already costs nothing.
_COST_HIDDEN = 0.001
_COST_YEAR = 50.0
_ROUNDS = 6  # audit and protect again, at most this often per stage


@dataclass(frozen=True)
class Pattern:
    primary: frozenset[Key]  # resting on too few persons: "< 5"
    secondary: frozenset[Key]  # hidden so that no small one can be worked out: "x"
    # Small ones shown as "x": where every member of a sum is small, "< 5" on all of them
    # would tell them (four districts "< 5" of a county "< 5" are 1 each).
    disguised: frozenset[Key] = frozenset()

    def mark(self, key: Key) -> str | None:
        if key in self.disguised or key in self.secondary:
            return SECONDARY
        if key in self.primary:
            return PRIMARY
        return None

    def __contains__(self, key: object) -> bool:
        return key in self.primary or key in self.secondary


def protect(master: Master) -> Pattern:
    """The cells to hide in all of ``master``."""
    primary = {key for key in master.cells if master.small(key)}
    hidden = set(primary)
    disguised: set[Key] = set()
    for stage in _stages(master):
        _settle(master, hidden, disguised, *stage)
    return Pattern(frozenset(primary), frozenset(hidden - primary), frozenset(disguised))


def published(
    master: Master, hidden: Iterable[Key], periods: set[str], disguised: Iterable[Key] = ()
) -> dict[Key, Shown]:
    """Every cell of ``periods`` as it would be published with ``hidden`` hidden."""
    gone = set(hidden)
    shown_x = set(disguised)
    return {
        key: _mark(master, key, shown_x) if key in gone else cell.value
        for key, cell in master.cells.items()
        if key.period in periods
    }


def _mark(master: Master, key: Key, disguised: set[Key]) -> str:
    return PRIMARY if master.small(key) and key not in disguised else SECONDARY


def _stages(master: Master) -> list[tuple[set[str], set[str]]]:
    """(periods settled now, periods whose equations hold by then), in the order periods
    end: every half-year but the last on its own, then the last with its year."""
    halves = sorted((g for g in master.grid.values() if g.level == 0), key=lambda g: g.period)
    years = [g for g in master.grid.values() if g.level == 1]
    stages: list[tuple[set[str], set[str]]] = []
    done: set[str] = set()
    for n, half in enumerate(halves):
        if years and n == len(halves) - 1:
            break
        stages.append(({half.key}, {half.key}))
        done.add(half.key)
    rest = {g.key for g in master.grid.values()} - done
    if rest:
        stages.append((rest, done | rest))
    return stages


def _candidate(master: Master, hidden: set[Key], key: Key) -> bool:
    """A cell that may be hidden in addition: not 0 (a 0 is shown) and resting on enough
    persons (a small one is hidden anyway)."""
    return key not in hidden and master.cells[key].value > 0 and not master.small(key)


def _settle(
    master: Master, hidden: set[Key], disguised: set[Key], own: set[str], periods: set[str]
) -> None:
    """Hide cells of the periods ``own`` until no hidden cell of ``periods`` can be
    narrowed too far."""
    movable = {
        k
        for k in master.cells
        if k.period in periods
        and (k in hidden or (k.period in own and _candidate(master, hidden, k)))
    }
    program = _Perturbation(master, movable, periods)
    year = {g.key for g in master.grid.values() if g.level == 1}
    targets = sorted(
        (k for k in hidden if k.period in periods and master.small(k)),
        key=lambda k: (-master.cells[k].value, k),
    )
    for key in targets:
        _shield(master, hidden, disguised, program, key, year, whole=False)
    for _ in range(_ROUNDS):
        shown = published(master, hidden, periods, disguised)
        found = narrowed(master, shown, periods=periods)
        if not found:
            return
        for hit in found:
            _shield(master, hidden, disguised, program, hit.key, year, whole=True)
        shown = published(master, hidden, periods, disguised)
        now: set[Key] = set()
        for hit in narrowed(master, shown, targets=[h.key for h in found], periods=periods):
            _disguise(master, disguised, now, hit.key, periods)


def _disguise(
    master: Master, disguised: set[Key], now: set[Key], key: Key, periods: set[str]
) -> None:
    """Where no cell is left to hide beside a small one, show the largest small one of its
    sums as "x" instead of "< 5" (a reader then knows only that it is not 0); one per sum
    and round (``now``: disguised in this round)."""
    sums = [
        master.equations[n].keys
        for n in master.by_key.get(key, ())
        if master.equations[n].equal and all(k.period in periods for k in master.equations[n].keys)
    ]
    if any(k in now for keys in sums for k in keys):
        return
    near = {k for keys in sums for k in keys if master.small(k) and k not in disguised}
    pick = max(near, key=lambda k: (master.cells[k].value, k), default=None)
    if pick is not None:
        disguised.add(pick)
        now.add(pick)


def _moves(value: int, low: float, high: float, need: int) -> list[int]:
    """How far to move a hidden figure, up and down, so that ``need + 1`` values remain."""
    up_room, down_room = high - value, value - low
    if need >= 2 and up_room >= 1 and down_room >= 1:
        return [1, -1]
    if up_room >= need:
        return [need]
    if down_room >= need:
        return [-need]
    up = int(min(up_room, need))
    return [m for m in (up, -(need - up)) if m]


def _shield(
    master: Master,
    hidden: set[Key],
    disguised: set[Key],
    program: _Perturbation,
    key: Key,
    year: set[str],
    whole: bool,
) -> None:
    """Hide what it takes to move ``key`` far enough (``whole``: in whole numbers)."""
    low, high = bounds(master, key, _mark(master, key, disguised))
    need = needed_values(master, key) - 1
    for amount in _moves(master.cells[key].value, low, high, need):
        hidden.update(program.move(key, amount, hidden, disguised, year, whole))


class _Perturbation:
    """Moves of the movable cells that keep every equation a reader knows: each cell moves
    by ``plus - minus``; equations hold with 0 on the right (inequalities: their slack)."""

    def __init__(self, master: Master, movable: set[Key], periods: set[str]) -> None:
        import numpy as np
        from scipy.sparse import csr_matrix, hstack

        self.master = master
        self.keys = sorted(movable)
        self.index = {k: n for n, k in enumerate(self.keys)}
        equal: list[dict[int, int]] = []
        less: list[dict[int, int]] = []
        slack: list[float] = []
        for equation in master.equations:
            if not all(k.period in periods for k in equation.keys):
                continue
            row = {self.index[k]: c for k, c in equation.terms if k in self.index}
            if not row:
                continue
            if equation.equal:
                equal.append(row)
            else:
                less.append(row)
                slack.append(_slack(master, equation))
        size = len(self.keys)

        def matrix(rows: list[dict[int, int]]) -> Any:
            data: list[float] = []
            columns: list[int] = []
            pointers = [0]
            for row in rows:
                columns += list(row)
                data += [float(c) for c in row.values()]
                pointers.append(len(columns))
            single = csr_matrix((data, columns, pointers), shape=(len(rows), size))
            return hstack([single, -single]).tocsr()

        self.a_eq = matrix(equal) if equal else None
        self.a_ub = matrix(less) if less else None
        self.b_eq = np.zeros(len(equal)) if equal else None
        self.b_ub = np.array(slack) if less else None

    def move(
        self,
        key: Key,
        amount: int,
        hidden: set[Key],
        disguised: set[Key],
        year: set[str],
        whole: bool,
    ) -> set[Key]:
        """The cells to hide so that ``key`` can move by ``amount``; none if it cannot."""
        import numpy as np
        from scipy.optimize import Bounds, LinearConstraint, linprog, milp

        if self.a_eq is None and self.a_ub is None:
            return set()
        size = len(self.keys)
        up = np.zeros(size)
        down = np.zeros(size)
        cost = np.zeros(size)
        for n, k in enumerate(self.keys):
            cell = self.master.cells[k]
            if k in hidden:
                mark = _mark(self.master, k, disguised)
                cost[n] = _COST_HIDDEN
            else:
                mark = SECONDARY
                cost[n] = cell.value * (_COST_YEAR if k.period in year else 1.0) + 1.0
            low, high = bounds(self.master, k, mark)
            up[n] = high - cell.value
            down[n] = max(0.0, cell.value - low)
        target = self.index[key]
        floor = np.zeros(2 * size)
        ceiling = np.concatenate([up, down])
        if amount > 0:
            floor[target] = ceiling[target] = float(amount)
            ceiling[size + target] = 0.0
        else:
            floor[size + target] = ceiling[size + target] = float(-amount)
            ceiling[target] = 0.0
        objective = np.concatenate([cost, cost])
        if whole:
            constraints = []
            if self.a_eq is not None:
                constraints.append(LinearConstraint(self.a_eq, self.b_eq, self.b_eq))
            if self.a_ub is not None:
                constraints.append(LinearConstraint(self.a_ub, -np.inf, self.b_ub))
            solved: Any = milp(
                objective,
                integrality=np.ones(2 * size),
                bounds=Bounds(floor, ceiling),
                constraints=constraints,
            )
        else:
            solved = linprog(
                objective,
                A_ub=self.a_ub,
                b_ub=self.b_ub,
                A_eq=self.a_eq,
                b_eq=self.b_eq,
                bounds=np.column_stack([floor, ceiling]),
                method="highs",
            )
        if solved.status != 0 or solved.x is None:
            return set()
        delta = solved.x[:size] - solved.x[size:]
        return {
            self.keys[n] for n in np.nonzero(np.abs(delta) > 1e-6)[0] if self.keys[n] not in hidden
        }


def _slack(master: Master, equation: Equation) -> float:
    """How far the left side of an inequality lies below its bound, at the true figures."""
    left = sum(c * master.cells[k].value for k, c in equation.terms)
    return float(equation.constant - left)
