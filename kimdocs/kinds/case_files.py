"""Case documents (agreements and minutes) carry personal data: where they live, how they
are named, and how a new case gets its id (``KIM-MI-2026-0002``).

Only the case folders are surely kept out of version control by the ``.gitignore`` that
``kimdocs init`` writes, and outputs are named after the source file, so a file name is
what shows in a mail attachment or a folder listing. ``check`` and ``build`` warn about
both; they do not refuse, so that a misplaced file still builds when it is urgent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kimdocs import kind_names
from kimdocs.base.errors import KimdocsError, Problem, Severity
from kimdocs.base.wording import did_you_mean
from kimdocs.catalog import current_catalog, folder_kind
from kimdocs.kinds.deletion_log import log_path, tombstones
from kimdocs.kinds.kind import Document
from kimdocs.project import District, Project
from kimdocs.text.identifiers import CASE_ID_PATTERN, CASE_PREFIX

CASE_KINDS = tuple(kind for kind in kind_names.ALL if kind.case_data)


def is_case_kind(kind_id: str | None) -> bool:
    return any(kind.id == kind_id for kind in CASE_KINDS)


def case_file_warnings(doc: Document[Any], project: Project) -> list[Problem]:
    """Warnings for a case document outside the case folders or not named by its case id."""
    if not is_case_kind(doc.kind.id):
        return []
    path = doc.source.path
    problems = []
    # The catalog knows which folder belongs to which kind; only case folders are ignored.
    if not is_case_kind(folder_kind(path, project)):
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


# KIM-MI-2026-0002, also at the start of a file name: KIM-MI-2026-0002-fallkonferenz-….
_SCHEME = re.compile(rf"^{CASE_ID_PATTERN}(?=$|[-_.])", re.IGNORECASE)


@dataclass(frozen=True)
class CaseId:
    """A case id of kimdocs' scheme: prefix, district code, year and a running number."""

    code: str
    year: int
    number: int

    def __str__(self) -> str:
        return f"{CASE_PREFIX}-{self.code}-{self.year}-{self.number:04d}"


def parse_case_id(text: str) -> CaseId | None:
    """The case id a text (an id or a file name) starts with, if it follows the scheme."""
    match = _SCHEME.match(text.strip())
    if match is None:
        return None
    return CaseId(match.group(1).upper(), int(match.group(2)), int(match.group(3)))


def case_ids(project: Project) -> dict[str, Path]:
    """Every case id in the project (upper case), with a file that uses it.

    Taken from ``fall_id`` of each case document the catalog lists, from the file names,
    so that a file with broken front matter still keeps its id taken, and from the deletion
    log: an id is spent for good once used, even after its case was deleted.
    """
    taken: dict[str, Path] = {}
    catalog = current_catalog(project)
    for entry in catalog.documents():
        if not is_case_kind(entry.kind):
            continue
        found = parse_case_id(entry.path.stem)
        if found is not None:
            taken.setdefault(str(found), entry.path)
        try:
            value = catalog.read(entry.path).meta.get("fall_id")
        except KimdocsError:
            continue
        if isinstance(value, str | int) and str(value).strip():
            taken.setdefault(str(value).strip().upper(), entry.path)
    for spent in sorted(tombstones(project)):
        taken.setdefault(spent, log_path(project))
    return taken


def next_case_id(district: District, year: int, taken: dict[str, Path]) -> CaseId:
    """The next free id of a district and year: one above the highest number in use."""
    numbers = [
        found.number
        for text in taken
        if (found := parse_case_id(text)) is not None
        and (found.code, found.year) == (district.case_code, year)
    ]
    candidate = CaseId(district.case_code, year, max(numbers, default=0) + 1)
    while str(candidate) in taken:  # only if ids of another scheme look like ours
        candidate = CaseId(candidate.code, year, candidate.number + 1)
    return candidate


def district_of(case_id: CaseId, project: Project) -> District:
    """The district whose code a case id carries; an error names the codes there are."""
    for district in project.config.districts:
        if district.case_code == case_id.code:
            return district
    codes = [d.case_code for d in project.config.districts]
    known = ", ".join(f"{d.case_code} ({d.id})" for d in project.config.districts)
    raise KimdocsError(
        Problem(
            f"Die Fall-ID „{case_id}“ hat das Kürzel „{case_id.code}“, das zu keinem Bezirk "
            f"gehört.{did_you_mean(case_id.code, codes)} Bekannt sind: {known} "
            "(„kürzel“ der Bezirke in kimdocs.toml)."
        )
    )
