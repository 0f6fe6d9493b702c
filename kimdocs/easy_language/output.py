"""How findings are shown: one line per finding and a summary per file, or JSON."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from kimdocs.easy_language.catalog import Level
from kimdocs.easy_language.findings import Report


def summary(report: Report, shown: str) -> str:
    accepted = f", {report.accepted} akzeptiert" if report.accepted else ""
    line = (
        f"{shown}: Leichte Sprache: {report.count(Level.ERROR)} Fehler, "
        f"{report.count(Level.WARNING)} Warnungen, {report.count(Level.HINT)} Hinweise{accepted}."
    )
    if report.readability is not None:
        line += f" {report.readability.format()}."
    return line


def as_dict(report: Report, shown: str) -> dict[str, Any]:
    return {
        "datei": shown,
        "befunde": [f.as_dict(shown) for f in report.findings],
        "fehler": report.count(Level.ERROR),
        "warnungen": report.count(Level.WARNING),
        "hinweise": report.count(Level.HINT),
        "akzeptiert": report.accepted,
        "lesbarkeit": asdict(report.readability) if report.readability else None,
    }
