"""Case documents (agreements and minutes) carry personal data: where they live, how they
are named.

Only the case folders are surely kept out of version control by the ``.gitignore`` that
``kimdocs init`` writes, and outputs are named after the source file, so a file name is
what shows in a mail attachment or a folder listing. ``check`` and ``build`` warn about
both; they do not refuse, so that a misplaced file still builds when it is urgent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kimdocs import kind_names
from kimdocs.errors import Problem, Severity
from kimdocs.kinds.base import Document
from kimdocs.project import Project

CASE_KINDS = tuple(kind for kind in kind_names.ALL if kind.case_data)
CASE_FOLDERS = tuple(folder for kind in CASE_KINDS for folder in kind.folders)


def is_case_kind(kind_id: str | None) -> bool:
    return any(kind.id == kind_id for kind in CASE_KINDS)


def in_case_folder(path: Path, project: Project) -> bool:
    """Whether ``path`` lies in a case folder below content/ (at any depth)."""
    try:
        rel = path.resolve().relative_to(project.content_dir.resolve())
    except ValueError:
        return False
    return len(rel.parts) > 1 and rel.parts[0] in CASE_FOLDERS


def case_file_warnings(doc: Document[Any], project: Project) -> list[Problem]:
    """Warnings for a case document outside the case folders or not named by its case id."""
    if not is_case_kind(doc.kind.id):
        return []
    path = doc.source.path
    problems = []
    if not in_case_folder(path, project):
        home = f"content/{doc.kind.folders[0]}/"
        problems.append(
            Problem(
                f"{doc.kind.label} mit personenbezogenen Daten außerhalb der Fallordner: bitte "
                f"nach „{home}“ verschieben. Dort hält die .gitignore von „kimdocs init“ sie "
                "sicher aus der Versionsverwaltung heraus.",
                file=path,
                severity=Severity.WARNING,
            )
        )
    case_id = str(getattr(doc.fields, "case_id", "") or "")
    if case_id and case_id.casefold() not in path.stem.casefold():
        problems.append(
            doc.source.problem(
                ("fall_id",),
                f"Der Dateiname „{path.name}“ enthält die Fall-ID „{case_id}“ nicht. Die "
                "erzeugten Dateien heißen wie die Quelle; bitte die Datei z. B. "
                f"„{case_id}.md“ nennen, damit kein Name einer Person in Dateinamen gerät.",
                severity=Severity.WARNING,
            )
        )
    return problems
