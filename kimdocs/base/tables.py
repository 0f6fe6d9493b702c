"""Lists as tables for people: a CSV that Excel opens, a plain table for the terminal."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection"): a cell
# "=HYPERLINK(…)" from a step or a district name would run when the list is opened.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: object) -> bool:
    """Whether a spreadsheet would take ``value`` for a formula. Numbers are numbers: a
    negative count is written by the program, never typed by a user."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def as_text(value: object) -> object:
    """A cell that a spreadsheet shows as the text it is: a formula-like text gets the
    apostrophe that marks text in Excel and LibreOffice."""
    return f"'{value}" if formula_like(value) else value


def excel_csv(columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> str:
    """Semicolons and a byte order mark: what Excel with German settings opens directly.

    Every cell is text where it looks like a formula (:func:`as_text`), in every CSV of
    kimdocs: the lists hold every case.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([as_text(c) for c in columns])
    for row in rows:
        writer.writerow([as_text(row.get(c, "")) for c in columns])
    return "\ufeff" + out.getvalue()


def shorten(value: str, width: int) -> str:
    """``value`` cut to ``width`` characters, the cut marked with "…"."""
    return value if len(value) <= width else value[: width - 1] + "…"


def text_table(header: Sequence[str], cells: Sequence[Sequence[str]]) -> str:
    """Columns padded to their widest cell, a rule under the header; no trailing blanks."""
    widths = [max([len(col), *(len(c[i]) for c in cells)]) for i, col in enumerate(header)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in [list(header), ["-" * w for w in widths], *cells]
    ]
    return "\n".join(lines) + "\n"
