"""Leichte-Sprache findings in ``kimdocs vorschau``: the preview marks them in the text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kimdocs.errors import KimdocsError, Problem
from kimdocs.preview.findings import register


def _is_flyer(path: Path) -> bool:
    from kimdocs.content import read_source
    from kimdocs.easy_language.checker import FLYER_NAMES

    if path.parent.name == "flyer":
        return True
    try:
        return read_source(path).meta.get("art") in FLYER_NAMES
    except KimdocsError:
        return False


def easy_language_findings(project: Any, source: Path) -> list[Problem]:
    """Findings for a flyer; other documents are not written in Leichte Sprache."""
    if not _is_flyer(source):
        return []
    from kimdocs.easy_language.checker import check_file

    try:
        report = check_file(source, project, reader_fields=True)
    except KimdocsError:
        return []  # the front matter is broken: the preview shows that problem already
    return report.findings


def install() -> None:
    """Show Leichte-Sprache findings in the preview (called by ``kimdocs vorschau``)."""
    register(easy_language_findings)
