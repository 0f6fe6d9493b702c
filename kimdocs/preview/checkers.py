"""Findings about a document's text, from whichever checkers there are, in one shape.

The preview shows them on the text. Today they come from the checks that ``kimdocs check``
runs; a further checker (for example one for Leichte Sprache) plugs in with
:func:`register` and returns :class:`~kimdocs.base.errors.Problem` objects for a content file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kimdocs.base.errors import Problem, Severity

# The preview's word for a problem: there is only the one type.

Checker = Callable[[Any, Path], Iterable[Problem]]
_CHECKERS: list[Checker] = []


def register(checker: Checker) -> Checker:
    """Add a checker ``(project, source path) → findings``; usable as a decorator."""
    if checker not in _CHECKERS:
        _CHECKERS.append(checker)
    return checker


def unregister(checker: Checker) -> None:
    if checker in _CHECKERS:
        _CHECKERS.remove(checker)


def findings_for(project: Any, source: Path, problems: Iterable[Problem]) -> list[Problem]:
    """The one place where findings of every checker come together for a document."""
    found = list(problems)
    for checker in list(_CHECKERS):
        try:
            found += checker(project, source)
        except Exception as exc:  # one broken checker must not take the preview down
            found.append(
                Problem(
                    f"Ein Prüfer ist ausgefallen ({type(exc).__name__}: {exc}).",
                    file=source,
                    severity=Severity.WARNING,
                    rule="prüfer-fehler",
                )
            )
    return sorted(found, key=lambda f: (f.line or 0, f.col or 0, f.rule))
