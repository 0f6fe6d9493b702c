"""Which files the checker looks at, and the fixes for them: the work behind ``kimdocs check``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kimdocs.easy_language.checker import check_file, check_glossary, used_blocks
from kimdocs.easy_language.findings import Report
from kimdocs.easy_language.fix import fixed_text

if TYPE_CHECKING:
    from kimdocs.project import Project


def check_flyers(flyers: Sequence[Path], project: Project) -> list[Report]:
    """Flyers, and the text blocks they use: those are Leichte Sprache too and are checked
    where they are written."""
    reports = [check_file(path, project, reader_fields=True) for path in flyers]
    reports += [check_file(block, project, False) for block in used_blocks(flyers, project)]
    # The Wörter-Buch is part of every flyer that uses one of its words.
    glossary = check_glossary(project) if flyers else None
    return reports + ([glossary] if glossary is not None else [])


def check_markdown(paths: Iterable[Path], project: Project | None) -> list[Report]:
    """Any Markdown files, or all of them in the given folders."""
    files: list[Path] = []
    for path in paths:
        files += sorted(path.rglob("*.md")) if path.is_dir() else [path]
    return [check_file(path.resolve(), project) for path in files]


def fixes(reports: Iterable[Report]) -> list[tuple[Path, str, str]]:
    """Files that the safe fixes change: path, text before, text after."""
    changes = []
    for report in reports:
        before, after = fixed_text(report.file, report.findings)
        if before != after:
            changes.append((report.file, before, after))
    return changes
