"""The report of one file: its findings, acceptances and readability."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kimdocs.base.errors import Problem, Severity
from kimdocs.base.wording import counted


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
            f"({counted(self.sentences, 'Satz', 'Sätze')}, {counted(self.words, 'Wort', 'Wörter')})"
        )


@dataclass
class Report:
    """All findings of one file, after acceptances and configuration."""

    file: Path
    findings: list[Problem] = field(default_factory=list)  # each with its rule and column
    accepted: int = 0
    readability: Readability | None = None
    problems: list[Problem] = field(default_factory=list)  # about the acceptances themselves

    def count(self, level: Severity) -> int:
        return sum(f.severity is level for f in self.findings)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)
