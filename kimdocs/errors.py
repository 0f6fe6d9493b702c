"""One error hierarchy for everything a user can get wrong.

Every user-facing problem names the file, the line and the field, in German.
The CLI turns a :class:`KimdocsError` into one line per problem and exit status 1;
anything else is a bug and may show a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "Fehler"
    WARNING = "Warnung"
    HINT = "Hinweis"  # Leichte-Sprache findings that only suggest


@dataclass(frozen=True)
class Problem:
    """One finding about one place in one file."""

    message: str
    file: Path | None = None
    line: int | None = None
    field: str | None = None
    severity: Severity = Severity.ERROR

    def format(self, root: Path | None = None) -> str:
        where = ""
        if self.file is not None:
            where = display_path(self.file, root)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        field = f"Feld „{self.field}“: " if self.field else ""
        return f"{where}{self.severity.value}: {field}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def display_path(path: Path, root: Path | None) -> str:
    """``path`` relative to ``root`` where it lies inside, else as it is."""
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)


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
