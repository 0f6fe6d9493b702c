"""Free text in a report goes only through the identifier check.

A report across cases takes structured figures, and free text from two places: its own
(title, committee, milestones, narrative) and the structural findings of the minutes it
counts (the section ``## Strukturelle Erkenntnisse``, meant for the coordination office).
Both are checked as an anonymised case reconstruction is (kimdocs.kinds.minutes,
``anonymous``): against every case id, client, birth date and person the project knows
(``known_identifiers``) and the patterns of kimdocs.text.identifiers, with the loose forms
of kimdocs.text.known_identifiers. One hit fails the report, naming the file, the line and the
word: committee reports are usually published.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kimdocs import kind_names
from kimdocs.base.errors import KimdocsError, Problem
from kimdocs.catalog import current_catalog
from kimdocs.content import Source
from kimdocs.kinds.minutes import known_identifiers
from kimdocs.project import Project
from kimdocs.text.identifiers import Found
from kimdocs.text.known_identifiers import KnownMatcher
from kimdocs.text.markdown import Body, split_sections

# The ``##`` section of minutes meant for the coordination office (see the minutes skeleton).
FINDINGS_SECTION = "strukturelle erkenntnisse"
FINDINGS_FIELD = "Strukturelle Erkenntnisse"

Lines = tuple[tuple[int, str], ...]  # (line in the file, text)


def findings_lines(source: Source, body: Body) -> Lines:
    """The lines of a minutes' findings section(s), each with its line in the file."""
    lines = source.body.split("\n")
    starts = [section.line - source.body_line for section in body.sections]
    found: list[tuple[int, str]] = []
    for n, section in enumerate(body.sections):
        if not section.title.strip().casefold().startswith(FINDINGS_SECTION):
            continue
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        part = [(source.body_line_at(i), lines[i]) for i in range(starts[n] + 1, end)]
        while part and not part[0][1].strip():
            part.pop(0)
        while part and not part[-1][1].strip():
            part.pop()
        if found and part:
            found.append((part[0][0], ""))  # two sections: a paragraph between them
        found += part
    return tuple(found)


def findings_markdown(lines: Lines) -> str:
    return "\n".join(text for _, text in lines).strip()


@dataclass(frozen=True)
class MinutesFindings:
    path: Path
    district: str  # as written in the minutes
    date: dt.date | None
    lines: Lines


_FINDINGS = "report.findings"
_MATCHER = "report.matcher"


def minutes_findings(project: Project) -> list[MinutesFindings]:
    """The findings sections of all minutes, read once per walk of content/ (without the
    minutes' own checks: what they say is checked here, whether valid or not)."""
    catalog = current_catalog(project)
    cached: list[MinutesFindings] | None = catalog.derived.get(_FINDINGS)
    if cached is not None:
        return cached
    found: list[MinutesFindings] = []
    for entry in catalog.of_kind(kind_names.MINUTES.id):
        try:
            source = catalog.read(entry.path)  # the walk's one reading of the file
        except KimdocsError:
            continue
        if FINDINGS_SECTION not in source.body.casefold():
            continue
        lines = findings_lines(source, split_sections(source.body, source.body_line))
        if lines:
            meta = source.meta
            found.append(
                MinutesFindings(
                    entry.path, str(meta.get("bezirk", "")), _date(meta.get("datum")), lines
                )
            )
    catalog.derived[_FINDINGS] = found
    return found


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def project_matcher(project: Project) -> KnownMatcher:
    """Every identifier the project knows, compiled once per walk of content/."""
    catalog = current_catalog(project)
    cached: KnownMatcher | None = catalog.derived.get(_MATCHER)
    if cached is None:
        # No document is left out: a report is none of the case documents.
        known = known_identifiers(project, exclude=project.config_path, own_client=None)
        cached = KnownMatcher(known.all)
        catalog.derived[_MATCHER] = cached
    return cached


def hits(matcher: KnownMatcher, lines: Sequence[tuple[int, str]]) -> list[tuple[int, Found]]:
    """Identifiers in consecutive lines, each with its line: the lines are searched as one
    text, so that a name broken at the end of a line is found too."""
    offsets: list[int] = []
    pieces: list[str] = []
    position = 0
    for _, text in lines:
        offsets.append(position)
        pieces.append(text.strip())
        position += len(pieces[-1]) + 1
    joined = " ".join(pieces)
    return [
        (lines[bisect.bisect_right(offsets, hit.start) - 1][0], hit) for hit in matcher.find(joined)
    ]


def finding_problems(
    matcher: KnownMatcher, findings: MinutesFindings, report: Path
) -> list[Problem]:
    return [
        Problem(
            f"Die strukturellen Erkenntnisse nennen {hit.what} („{hit.text}“). Sie gehen in "
            f"den Bericht „{report.name}“, und ein Bericht darf niemanden erkennbar machen: "
            "bitte ohne Namen, Geburtsdaten und Fall-IDs schreiben.",
            file=findings.path,
            line=line,
            field=FINDINGS_FIELD,
        )
        for line, hit in hits(matcher, findings.lines)
    ]


OWN_MESSAGE = (
    "Der Bericht nennt {what} („{text}“); ein Bericht enthält nur Summen und darf niemanden "
    "erkennbar machen."
)


def own_text_problems(
    matcher: KnownMatcher,
    source: Source,
    fields: Sequence[tuple[tuple[str | int, ...], str]],
) -> list[Problem]:
    """The report's own text: front-matter fields (at their line) and its body."""
    problems = [
        source.problem(path, OWN_MESSAGE.format(what=hit.what, text=hit.text))
        for path, value in fields
        for hit in matcher.find(value)
    ]
    body = [(source.body_line_at(i), line) for i, line in enumerate(source.body.split("\n"))]
    problems += [
        Problem(
            OWN_MESSAGE.format(what=hit.what, text=hit.text),
            file=source.path,
            line=line,
            field="Text",
        )
        for line, hit in hits(matcher, body)
    ]
    return problems
