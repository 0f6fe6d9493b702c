"""One error hierarchy for everything a user can get wrong.

Every user-facing problem names the file, the line and the field, in German.
The CLI turns a :class:`KimdocsError` into one line per problem and exit status 1;
anything else is a bug and may show a traceback.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "Fehler"
    WARNING = "Warnung"
    HINT = "Hinweis"  # Leichte-Sprache findings that only suggest


@dataclass(frozen=True)
class Edit:
    """A safe mechanical fix: replace ``old`` at source ``line``:``col`` by ``new``."""

    line: int
    col: int
    old: str
    new: str


@dataclass(frozen=True)
class Problem:
    """One finding about one place in one file: what every check reports, in one shape.

    Input errors name a ``field``; the Leichte-Sprache checker names its ``rule`` and a
    column, and may carry a ``suggestion``, the ``sentence`` it is about and an ``edit``.
    """

    message: str
    file: Path | None = None
    line: int | None = None  # 1-based
    field: str | None = None  # spelled like ``ziele[3].frist``
    severity: Severity = Severity.ERROR
    col: int | None = None  # 1-based column of the first character, where known
    rule: str = ""  # a checker's rule id, e.g. ``LS-WORT-LANG``
    suggestion: str = ""
    sentence: str = ""  # the sentence with the finding, for acceptance by text
    edit: Edit | None = None

    @property
    def detail(self) -> str:
        """The message with the field it is about, without the place."""
        field = f"Feld „{self.field}“: " if self.field else ""
        return f"{field}{self.message}"

    def format(self, root: Path | None = None) -> str:
        where = ""
        if self.file is not None:
            where = display_path(self.file, root)
            if self.line is not None:
                where += f":{self.line}"
                if self.col is not None:
                    where += f":{self.col}"
            where += ": "
        if self.rule:
            # Rule findings read like a linter's: the rule first, so that they can be grepped.
            hint = f" [{self.suggestion}]" if self.suggestion else ""
            return f"{where}{self.rule} {self.severity.value} {self.detail}{hint}"
        return f"{where}{self.severity.value}: {self.detail}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def display_path(path: Path, root: Path | None) -> str:
    """``path`` relative to ``root`` where it lies inside, else as it is.

    A link is shown where it is, not where it points, if that is inside ``root``.
    """
    if root is not None:
        for shown in (Path(os.path.abspath(path)), _resolved(path)):
            try:
                return str(shown.relative_to(_resolved(root)))
            except ValueError:
                pass
    return str(path)


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # a link loop: shown where it is
        return Path(os.path.abspath(path))


class KimdocsError(Exception):
    """Base of every error a user can cause and fix."""

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = problems
        super().__init__("; ".join(p.format() for p in problems))


class ProjectError(KimdocsError):
    """kimdocs.toml is missing or invalid."""


class ContentError(KimdocsError):
    """A content file cannot be read or its front matter is invalid."""


class TemplateError(KimdocsError):
    """A template is missing or broken."""


class RenderError(KimdocsError):
    """An output could not be produced."""
