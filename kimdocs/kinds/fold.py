"""DIN-lang roll fold: which part of a flyer's text goes into which panel.

The flyer template first runs its parts over column-sized pages in reading order:
cover, inside flap, three inside columns, back. Where WeasyPrint breaks those pages
tells which part fits into which panel. A text that needs more columns than the fold
has is refused with a message, never cut off.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

COVER, BACK, PART = "faltblatt-titel", "faltblatt-rueckseite", "faltblatt-teil-{}"
TEXT_COLUMNS = 4  # the inside flap and the three inside columns
TOO_LONG_HINT = "Kürzen Sie den Text oder wählen Sie „layout: a4“ oder „layout: a5-heft“."


class FoldError(Exception):
    """The text does not fit the fold; the message is German and names the part."""


@dataclass(frozen=True)
class FoldPlan:
    flap: list[int]  # part numbers on the inside flap
    inside: list[list[int]]  # part numbers of the three inside columns


def plan(pages: Sequence[set[str]], names: Sequence[str]) -> FoldPlan:
    """Turn the anchors found on each column page into panels, or raise FoldError."""

    def on(anchor: str) -> list[int]:
        return [n for n, anchors in enumerate(pages) if anchor in anchors]

    if len(on(COVER)) > 1:
        raise FoldError(
            "Titel, Untertitel und Hinweis passen nicht auf die Vorderseite des Faltblatts. "
            "Kürzen Sie sie."
        )
    columns: list[list[int]] = [[] for _ in range(TEXT_COLUMNS)]
    for number, name in enumerate(names):
        where = on(PART.format(number))
        if len(where) > 1:
            raise FoldError(
                f"Der Teil „{name}“ ist länger als eine Spalte des Faltblatts. "
                "Teilen Sie ihn in zwei Abschnitte mit eigener Überschrift oder kürzen Sie ihn."
            )
        column = where[0] - 1
        if column >= TEXT_COLUMNS:
            needed = max(on(BACK)[0] - 1, column + 1)
            raise FoldError(
                f"Der Text passt nicht in das Faltblatt (DIN lang): Er braucht {needed} "
                f"Spalten, das Faltblatt hat {TEXT_COLUMNS}. Ab „{name}“ ist kein Platz mehr. "
                + TOO_LONG_HINT
            )
        columns[column].append(number)
    back = on(BACK)
    if back and back[0] != len(pages) - 1:
        raise FoldError(
            "Kontakt und Angaben zum Flyer (Stand, Quellen, geprüft von) passen nicht auf die "
            "Rückseite des Faltblatts. Kürzen Sie die Quellen oder den Hinweis."
        )
    return FoldPlan(flap=columns[0], inside=columns[1:])
