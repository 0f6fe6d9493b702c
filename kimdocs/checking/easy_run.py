"""Which files the checker looks at, and the fixes for them: the work behind ``kimdocs check``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kimdocs.checking.easy_checker import check_file, check_glossary
from kimdocs.checking.easy_fix import fixed_text
from kimdocs.easy_language.findings import Report
from kimdocs.knowledge.store import load_knowledge

if TYPE_CHECKING:
    from kimdocs.kinds import Document
    from kimdocs.project import Project


def check_flyers(flyers: Sequence[Document[Any]], project: Project) -> list[Report]:
    """Flyers (loaded by the check), and the text blocks they use: those are Leichte
    Sprache too and are checked where they are written."""
    reports = [check_file(doc.source.path, project, reader_fields=True) for doc in flyers]
    blocks = load_knowledge(project).blocks  # read once, where the flyers' blocks came from
    names = sorted({u.name for doc in flyers for u in doc.uses if u.kind == "baustein"})
    reports += [
        check_file(blocks[name].source.path, project, False, blocks[name].source)
        for name in names
        if name in blocks
    ]
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
