"""What the checker reports: one finding per place, and the report of one file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kimdocs.errors import Problem, Severity


@dataclass(frozen=True)
class Edit:
    """A safe mechanical change: replace ``old`` at source ``line``:``col`` by ``new``."""

    line: int
    col: int
    old: str
    new: str


@dataclass(frozen=True)
class Finding:
    file: Path
    line: int  # 1-based line in the Markdown source
    col: int  # 1-based column
    rule: str
    level: Severity
    message: str
    suggestion: str = ""
    sentence: str = ""  # the sentence, for acceptance by text
    edit: Edit | None = None

    @property
    def is_error(self) -> bool:
        return self.level is Severity.ERROR

    def format(self, shown_path: str) -> str:
        hint = f" [{self.suggestion}]" if self.suggestion else ""
        return (
            f"{shown_path}:{self.line}:{self.col}: {self.rule} {self.level.value} "
            f"{self.message}{hint}"
        )

    def as_dict(self, shown_path: str) -> dict[str, Any]:
        return {
            "datei": shown_path,
            "zeile": self.line,
            "spalte": self.col,
            "regel": self.rule,
            "schwere": self.level.value,
            "meldung": self.message,
            "vorschlag": self.suggestion,
            "satz": self.sentence,
        }


@dataclass(frozen=True)
class Readability:
    flesch_amstad: float
    wiener_sachtextformel: float
    lix: float
    sentences: int
    words: int

    def format(self) -> str:
        return (
            f"Lesbarkeit: Flesch-Amstad {self.flesch_amstad:.0f}, "
            f"Wiener Sachtextformel {self.wiener_sachtextformel:.1f}, LIX {self.lix:.0f} "
            f"({self.sentences} Sätze, {self.words} Wörter)"
        )


@dataclass
class Report:
    """All findings of one file, after acceptances and configuration."""

    file: Path
    findings: list[Finding] = field(default_factory=list)
    accepted: int = 0
    readability: Readability | None = None
    problems: list[Problem] = field(default_factory=list)  # about the acceptances themselves

    def count(self, level: Severity) -> int:
        return sum(f.level is level for f in self.findings)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)
