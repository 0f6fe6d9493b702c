"""Leichte Sprache of text kimdocs writes itself: the checker reads what the person will read.

A consent form in Leichte Sprache (``sprache: leicht``) is written by kimdocs from the
consent and the project data, so its source has no text to check; its kind gives the text
as it is printed, one sentence a line (``Kind.written_easy_text``). A finding in a value the
office wrote (an organisation, a data category, the name) points to that field's line;
one in the fixed wording to the field the kind names.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kimdocs.base.yaml_lines import FieldPath
from kimdocs.checking.easy_checker import check_body, project_facts, project_glossary
from kimdocs.easy_language.config import DEFAULT_FILE, Settings
from kimdocs.easy_language.findings import Report
from kimdocs.kinds import Document
from kimdocs.project import Project


def check_written_text(doc: Document[Any], project: Project) -> Report | None:
    """The Leichte-Sprache report of the text kimdocs writes for ``doc``, else None."""
    written = doc.kind.written_easy_text(doc, project)
    if written is None:
        return None
    settings = Settings(project.config.easy_language, DEFAULT_FILE)
    report = check_body(
        doc.source.path,
        written.markdown,
        1,
        project_glossary(project),
        settings,
        line_ends_sentence=True,
        facts=project_facts(project),
    )
    report.findings = [_placed(p, doc, written.fields, written.fallback) for p in report.findings]
    return report


def _placed(
    finding: Any, doc: Document[Any], fields: list[tuple[FieldPath, str]], fallback: FieldPath
) -> Any:
    lines = doc.source.lines
    for loc, value in fields:
        if value and value in finding.sentence:
            return replace(finding, line=lines.get(loc), col=None, edit=None)
    return replace(finding, line=lines.get(fallback), col=None, edit=None)


def written_reports(docs: list[Document[Any]], project: Project) -> list[Report]:
    """Reports of the text kimdocs writes in Leichte Sprache for ``docs`` (valid documents)."""
    reports = [check_written_text(doc, project) for doc in docs]
    return [r for r in reports if r is not None]
