"""Safe mechanical fixes: word splits, number words to digits, dates in words.

Every edit is checked against the source before it is applied, so that a file
changed since the check is never corrupted; a diff is shown before anything is written.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

from kimdocs.base.errors import Edit, Problem


def apply(text: str, edits: Iterable[Edit]) -> str:
    lines = text.split("\n")
    by_line: dict[int, list[Edit]] = {}
    for edit in edits:
        by_line.setdefault(edit.line, []).append(edit)
    for number, line_edits in by_line.items():
        line = lines[number - 1]
        taken_until = len(line) + 1
        for edit in sorted(line_edits, key=lambda e: e.col, reverse=True):
            start = edit.col - 1
            end = start + len(edit.old)
            if end > taken_until or line[start:end] != edit.old:
                continue  # overlapping or no longer there: leave it to the author
            line = line[:start] + edit.new + line[end:]
            taken_until = start
        lines[number - 1] = line
    return "\n".join(lines)


def fixed_text(path: Path, findings: Iterable[Problem]) -> tuple[str, str]:
    """The file's text before and after the fixes of ``findings``."""
    before = path.read_text(encoding="utf-8")
    edits = [f.edit for f in findings if f.edit is not None and f.file == path]
    return before, apply(before, edits)


def diff(before: str, after: str, shown: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"{shown} (vorher)",
            tofile=f"{shown} (nachher)",
        )
    )
