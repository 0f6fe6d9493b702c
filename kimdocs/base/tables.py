"""Lists as tables for people: a CSV that Excel opens, a plain table for the terminal."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence


def excel_csv(columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> str:
    """Semicolons and a byte order mark: what Excel with German settings opens directly."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
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
