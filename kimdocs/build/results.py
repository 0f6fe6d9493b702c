"""What a build or check says about each source, and what the results add up to."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kimdocs.base.errors import Problem
from kimdocs.base.wording import counted

BUILT, UNCHANGED, FAILED, REMOVED = "erzeugt", "unverändert", "fehlgeschlagen", "entfernt"


@dataclass
class Result:
    source: Path
    outputs: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    status: str = BUILT
    facts: list[str] = field(default_factory=list)  # what check reports besides problems
    kind: str = ""  # document kind id, where the file could be loaded
    title: str = ""  # the document's title, where it could be loaded
    # Files besides the source that the document shows (pictures): the preview watches them.
    inputs: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


class BuildReport(list[Result]):
    """One result per source, in a stable order, and what they add up to."""

    def with_status(self, status: str) -> int:
        return sum(r.status == status for r in self)

    @property
    def failed(self) -> bool:
        return self.with_status(FAILED) > 0

    def summary(self) -> str:
        built, unchanged = self.with_status(BUILT), self.with_status(UNCHANGED)
        removed = self.with_status(REMOVED)
        return (
            f"Dokumente: {built} erzeugt, {unchanged} unverändert, "
            f"{self.with_status(FAILED)} fehlgeschlagen"
            + (
                f"; Ausgaben von {counted(removed, 'gelöschten Quelle', 'gelöschten Quellen')} "
                "entfernt."
                if removed
                else "."
            )
        )
