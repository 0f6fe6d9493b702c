"""Leichte Sprache of consent forms: the checker reads what the person will read.

A consent form in Leichte Sprache (``sprache: leicht``) is written by kimdocs from the
consent and the project data, so its source has no text to check; the checker reads the
form's parts instead, one sentence a line, as they are printed. A finding in a value the
office wrote (an organisation, a data category, the name) points to that field's line;
one in the fixed wording points to ``sprache``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kimdocs.easy_language.checker import check_body, project_facts, project_glossary
from kimdocs.easy_language.config import DEFAULT_FILE, Settings
from kimdocs.easy_language.findings import Report
from kimdocs.kinds import Document
from kimdocs.kinds.consent_form import EASY, Part
from kimdocs.project import Project
from kimdocs.yaml_lines import FieldPath


def easy_markdown(parts: list[Part]) -> str:
    """The parts as Markdown, every sentence on a line of its own."""
    lines: list[str] = []
    for part in parts:
        if part.kind in ("h2", "h3"):
            lines += [f"## {part.text}", ""]
        elif part.kind == "ul":
            lines += [f"- {item}" for item in part.items] + [""]
        else:
            lines += [part.text, ""]
    return "\n".join(lines)


def check_consent_form(doc: Document[Any], project: Project) -> Report | None:
    """The Leichte-Sprache report of a consent form written in it, else None."""
    f = doc.fields
    if doc.kind.names.id != "consent" or f.language != EASY:
        return None
    context = doc.kind.context(doc, project)
    text = easy_markdown([*context["parts"], *context["information"]])
    path = doc.source.path
    settings = Settings(project.config.easy_language, DEFAULT_FILE)
    report = check_body(
        path,
        text,
        1,
        project_glossary(project),
        settings,
        line_ends_sentence=True,
        facts=project_facts(project),
    )
    fields: list[tuple[FieldPath, str]] = [(("klient", "name"), f.client.name)]
    fields += [(("einwilligung", "organisationen", n), v) for n, v in enumerate(f.consent.partners)]
    fields += [
        (("einwilligung", "datenkategorien", n), v) for n, v in enumerate(f.consent.data_categories)
    ]
    report.findings = [_placed(p, doc, fields) for p in report.findings]
    return report


def _placed(finding: Any, doc: Document[Any], fields: list[tuple[FieldPath, str]]) -> Any:
    lines = doc.source.lines
    for loc, value in fields:
        if value and value in finding.sentence:
            return replace(finding, line=lines.get(loc), col=None, edit=None)
    return replace(finding, line=lines.get(("sprache",)), col=None, edit=None)


def consent_reports(docs: list[Document[Any]], project: Project) -> list[Report]:
    """Reports of the consent forms in Leichte Sprache among ``docs`` (valid documents)."""
    reports = [check_consent_form(doc, project) for doc in docs]
    return [r for r in reports if r is not None]
