"""Statistical disclosure control: small counts are not shown, nor can they be recomputed.

A cell counting fewer than ``threshold`` persons (but not none) is shown as "< 5" (primary
suppression). Wherever a row or column adds up to a total that is shown, one hidden cell
alone could be recomputed from the total and the others; so as long as some sum has exactly
one hidden member, its smallest other member is hidden too (secondary suppression, "x"), or
the total if no other member is left. Derived cells (a median, cases per post) are hidden
when the count they rest on is small.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Grid = Sequence[Sequence[float | None]]
Cell = tuple[int, int]


@dataclass(frozen=True)
class Hidden:
    primary: frozenset[Cell]  # too small: shown as "< k"
    secondary: frozenset[Cell]  # hidden so that no sum reveals a small one: shown as "x"

    def __contains__(self, cell: object) -> bool:
        return cell in self.primary or cell in self.secondary


def hide(
    values: Grid,
    basis: Sequence[Sequence[int | None]],
    threshold: int,
    *,
    row_sums: bool,
    column_sums: bool,
) -> Hidden:
    """The cells to hide in a table.

    ``basis`` is the number of persons (or case records) each cell rests on, None where the
    cell is no count of them. ``row_sums``: the last column is the sum of the others in its
    row; ``column_sums``: the last row is the sum of the rows above.
    """
    primary = {
        (r, c)
        for r, row in enumerate(basis)
        for c, n in enumerate(row)
        if n is not None and 0 < n < threshold
    }
    hidden = set(primary)
    rows, columns = len(values), len(values[0]) if values else 0
    sums: list[list[Cell]] = []
    if row_sums:
        sums += [[(r, c) for c in range(columns)] for r in range(rows)]
    if column_sums:
        sums += [[(r, c) for r in range(rows)] for c in range(columns)]
    changed = True
    while changed:
        changed = False
        for members in sums:
            if sum(1 for cell in members if cell in hidden) != 1:
                continue
            *parts, total = members
            candidates = [cell for cell in parts if cell not in hidden]
            pick = (
                min(candidates, key=lambda cell: (_size(values, cell), cell))
                if candidates
                else total
            )
            hidden.add(pick)
            changed = True
    return Hidden(frozenset(primary), frozenset(hidden - primary))


def _size(values: Grid, cell: Cell) -> float:
    value = values[cell[0]][cell[1]]
    return value if value is not None else float("inf")
