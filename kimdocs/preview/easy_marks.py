"""Leichte-Sprache findings in ``kimdocs vorschau``: the preview marks them in the text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kimdocs.base.errors import KimdocsError, Problem
from kimdocs.preview.checkers import register


def easy_language_findings(project: Any, source: Path) -> list[Problem]:
    """Findings for documents written in Leichte Sprache (flyers); others get none."""
    from kimdocs.checking.easy_checker import check_file, written_easy

    if not written_easy(source, project)[0]:
        return []

    try:
        report = check_file(source, project, reader_fields=True)
    except KimdocsError:
        return []  # the front matter is broken: the preview shows that problem already
    return report.findings


def install() -> None:
    """Show Leichte-Sprache findings in the preview (called by ``kimdocs vorschau``)."""
    register(easy_language_findings)
