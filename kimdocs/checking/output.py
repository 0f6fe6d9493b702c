"""How findings are shown: one line per finding and a summary per file, or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, Protocol

from kimdocs.base.errors import Problem, Severity
from kimdocs.base.wording import counted
from kimdocs.easy_language.findings import Report


def summary(report: Report, shown: str) -> str:
    accepted = f", {report.accepted} akzeptiert" if report.accepted else ""
    line = (
        f"{shown}: Leichte Sprache: {report.count(Severity.ERROR)} Fehler, "
        f"{counted(report.count(Severity.WARNING), 'Warnung', 'Warnungen')}, "
        f"{counted(report.count(Severity.HINT), 'Hinweis', 'Hinweise')}{accepted}."
    )
    if report.readability is not None:
        line += f" {report.readability.format()}."
    return line


def finding_as_dict(finding: Problem, shown: str) -> dict[str, Any]:
    return {
        "datei": shown,
        "zeile": finding.line,
        "spalte": finding.col,
        "regel": finding.rule,
        "schwere": finding.severity.value,
        "meldung": finding.message,
        "vorschlag": finding.suggestion,
        "satz": finding.sentence,
    }


def as_dict(report: Report, shown: str) -> dict[str, Any]:
    return {
        "datei": shown,
        "befunde": [finding_as_dict(f, shown) for f in report.findings],
        "fehler": report.count(Severity.ERROR),
        "warnungen": report.count(Severity.WARNING),
        "hinweise": report.count(Severity.HINT),
        "akzeptiert": report.accepted,
        "lesbarkeit": asdict(report.readability) if report.readability else None,
    }


class Counted(Protocol):
    @property
    def errors(self) -> int: ...

    @property
    def warnings(self) -> int: ...


def as_json(
    files: Sequence[Path],
    problems: Sequence[Problem],
    reports: Sequence[Report],
    counts: Counted,
    shown: Callable[[Path], str],
    root: Path,
) -> str:
    """The whole outcome of ``kimdocs check --format json``; ``counts`` as the text says."""
    return json.dumps(
        {
            "dateien": [shown(f) for f in files],
            "probleme": [
                {"datei": shown(p.file) if p.file else "", "meldung": p.format(root)}
                for p in problems
            ],
            "leichte_sprache": [as_dict(r, shown(r.file)) for r in reports],
            "fehler": counts.errors,
            "warnungen": counts.warnings,
        },
        ensure_ascii=False,
        indent=2,
    )
