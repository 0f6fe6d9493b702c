"""Findings about a document's text, from whichever checkers there are, in one shape.

The preview shows them on the text. Today they come from the checks that ``kimdocs check``
runs; a further checker (for example one for Leichte Sprache) plugs in with
:func:`register` and returns :class:`Finding` objects for a content file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kimdocs.errors import Problem


@dataclass(frozen=True)
class Finding:
    file: Path
    line: int | None
    col: int | None  # 1-based column of the first character, if the checker knows it
    rule: str  # a stable id, e.g. "kopfdaten" or "satz-laenge"
    severity: str  # "Fehler", "Warnung" or "Hinweis"
    message: str
    suggestion: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "Fehler"


Checker = Callable[[Any, Path], Iterable[Finding]]
_CHECKERS: list[Checker] = []


def register(checker: Checker) -> Checker:
    """Add a checker ``(project, source path) → findings``; usable as a decorator."""
    if checker not in _CHECKERS:
        _CHECKERS.append(checker)
    return checker


def unregister(checker: Checker) -> None:
    if checker in _CHECKERS:
        _CHECKERS.remove(checker)


def from_problem(problem: Problem, source: Path) -> Finding:
    return Finding(
        file=problem.file or source,
        line=problem.line,
        col=None,
        rule=f"feld:{problem.field}" if problem.field else "prüfung",
        severity=problem.severity.value,
        message=f"Feld „{problem.field}“: {problem.message}" if problem.field else problem.message,
    )


def findings_for(project: Any, source: Path, problems: Iterable[Problem]) -> list[Finding]:
    """The one place where findings of every checker come together for a document."""
    found = [from_problem(p, source) for p in problems]
    for checker in list(_CHECKERS):
        try:
            found += checker(project, source)
        except Exception as exc:  # one broken checker must not take the preview down
            found.append(
                Finding(
                    source,
                    None,
                    None,
                    "prüfer-fehler",
                    "Warnung",
                    f"Ein Prüfer ist ausgefallen ({type(exc).__name__}: {exc}).",
                )
            )
    return sorted(found, key=lambda f: (f.line or 0, f.col or 0, f.rule))
