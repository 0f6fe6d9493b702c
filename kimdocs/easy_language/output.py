"""How findings are shown: one line per finding and a summary per file, or JSON."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from kimdocs.easy_language.findings import Report
from kimdocs.errors import Severity


def summary(report: Report, shown: str) -> str:
    accepted = f", {report.accepted} akzeptiert" if report.accepted else ""
    line = (
        f"{shown}: Leichte Sprache: {report.count(Severity.ERROR)} Fehler, "
        f"{report.count(Severity.WARNING)} Warnungen, "
        f"{report.count(Severity.HINT)} Hinweise{accepted}."
    )
    if report.readability is not None:
        line += f" {report.readability.format()}."
    return line


def as_dict(report: Report, shown: str) -> dict[str, Any]:
    return {
        "datei": shown,
        "befunde": [f.as_dict(shown) for f in report.findings],
        "fehler": report.count(Severity.ERROR),
        "warnungen": report.count(Severity.WARNING),
        "hinweise": report.count(Severity.HINT),
        "akzeptiert": report.accepted,
        "lesbarkeit": asdict(report.readability) if report.readability else None,
    }
