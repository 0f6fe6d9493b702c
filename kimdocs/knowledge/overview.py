"""``kimdocs wissen``: every fact and block, its state on a day, and the files that use it."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kimdocs.base.errors import KimdocsError, display_path
from kimdocs.catalog import GLOSSARY_NAME, load_catalog
from kimdocs.content import read_source
from kimdocs.knowledge.expand import expand
from kimdocs.knowledge.facts import Fact
from kimdocs.knowledge.store import Knowledge, load_knowledge
from kimdocs.project import Project
from kimdocs.templating.environment import template_files
from kimdocs.text.directives import template_uses
from kimdocs.word.template import template_text

SOON = dt.timedelta(days=90)
EXPIRED, NOT_YET, EXPIRING, REVIEW, VALID = (
    "abgelaufen",
    "noch nicht gültig",
    "läuft in 90 Tagen ab",
    "Prüfung fällig",
    "gültig",
)


@dataclass
class Item:
    kind: str  # "fakt" or "baustein"
    name: str
    state: str
    review_due: bool
    details: dict[str, Any]
    users: list[str] = field(default_factory=list)  # "path:line", relative to the project
    via_blocks: list[str] = field(default_factory=list)  # users through an included block

    def as_json(self) -> dict[str, Any]:
        return {
            "art": self.kind,
            "name": self.name,
            "zustand": self.state,
            "prüfung_fällig": self.review_due,
            **self.details,
            "genutzt_von": self.users,
            "über_bausteine_genutzt_von": self.via_blocks,
        }


def fact_state(fact: Fact, on: dt.date) -> str:
    if fact.valid_until is not None and fact.valid_until < on:
        return EXPIRED
    if fact.valid_from > on:
        return NOT_YET
    if fact.valid_until is not None and fact.valid_until - on <= SOON:
        return EXPIRING
    if fact.review_by is not None and fact.review_by < on:
        return REVIEW
    return VALID


def report(project: Project, on: dt.date) -> list[Item]:
    knowledge = load_knowledge(project)
    items = [_fact_item(name, fact, on) for name, fact in sorted(knowledge.facts.items())]
    for name, block in sorted(knowledge.blocks.items()):
        due = block.fields.review_by < on
        details = {
            "titel": block.fields.title,
            "verantwortlich": block.fields.owner,
            "stand": block.fields.as_of.isoformat(),
            "prüfen_bis": block.fields.review_by.isoformat(),
            "quellen": list(block.fields.sources),
            "datei": display_path(block.source.path, project.root),
        }
        items.append(Item("baustein", name, REVIEW if due else VALID, due, details))
    by_key = {(i.kind, i.name): i for i in items}
    for path, uses in _direct_uses(project, knowledge):
        for kind, name, line, via in uses:
            item = by_key.get((kind, name))
            if item is not None:
                where = f"{display_path(path, project.root)}:{line}"
                if via:
                    item.via_blocks.append(f"{where} (Baustein „{via[0]}“)")
                else:
                    item.users.append(where)
    for path in template_files(project.templates_dir):
        if path.suffix == ".docx":
            text = template_text(path)
        elif path.suffix in (".html", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
        else:
            continue
        for kind, name in dict.fromkeys(template_uses(text)):
            if (kind, name) in by_key:
                by_key[kind, name].users.append(f"{display_path(path, project.root)} (Vorlage)")
    return items


def as_text(items: list[Item]) -> str:
    """The table of ``kimdocs wissen``: facts, then blocks, each with its users."""
    lines: list[str] = []
    for heading, kind in (("Fakten (fakten.yaml)", "fakt"), ("Textbausteine", "baustein")):
        chosen = [i for i in items if i.kind == kind]
        lines.append(f"{heading}: {len(chosen)}")
        for item in chosen:
            what = item.details.get("text") or item.details.get("titel")
            due = f" – {REVIEW}" if item.review_due and item.state != REVIEW else ""
            lines.append(f"  {item.name}: {what} – {item.state}{due}")
            lines += [f"      genutzt in {user}" for user in item.users + item.via_blocks]
            if not item.users and not item.via_blocks:
                lines.append("      (nirgends genutzt)")
    return "\n".join(lines) + "\n"


def as_json(items: list[Item]) -> str:
    return json.dumps([item.as_json() for item in items], ensure_ascii=False, indent=2) + "\n"


def _fact_item(name: str, fact: Fact, on: dt.date) -> Item:
    details = {
        "wert": fact.value,
        "einheit": fact.unit,
        "text": fact.render(easy=False),
        "leicht": fact.render(easy=True),
        "quelle": fact.source,
        "url": fact.url,
        "geprüft_am": fact.checked_on.isoformat() if fact.checked_on else None,
        "gültig_ab": fact.valid_from.isoformat(),
        "gültig_bis": fact.valid_until.isoformat() if fact.valid_until else None,
        "stand": fact.as_of.isoformat(),
        "prüfen_bis": fact.review_by.isoformat() if fact.review_by else None,
        "hinweis": fact.note,
    }
    due = fact.review_by is not None and fact.review_by < on
    return Item("fakt", name, fact_state(fact, on), due, details)


def _direct_uses(
    project: Project, knowledge: Knowledge
) -> list[tuple[Path, list[tuple[str, str, int, tuple[str, ...]]]]]:
    """Each Markdown file under content/ with the blocks and facts it uses."""
    found: list[tuple[Path, list[tuple[str, str, int, tuple[str, ...]]]]] = []
    catalog = load_catalog(project)
    for path in sorted(e.path for e in (*catalog.documents(), *catalog.blocks())):
        try:
            source = read_source(path)
        except KimdocsError:
            continue  # "check" reports broken files; here they use nothing
        if "[[" not in source.body:
            continue
        expansion = expand(source.body, source.body_line, path, knowledge, easy=False)
        found.append((path, [(u.kind, u.name, u.line, u.via) for u in expansion.uses]))
    return found + _glossary_uses(project, knowledge)


def _glossary_uses(
    project: Project, knowledge: Knowledge
) -> list[tuple[Path, list[tuple[str, str, int, tuple[str, ...]]]]]:
    """The facts that the Wörter-Buch's explanations state, on their lines in glossar.yaml."""
    from kimdocs.knowledge.glossary import written_explanations

    try:
        written = written_explanations(project)
    except KimdocsError:
        return []  # "check" reports a broken glossar.yaml
    uses: list[tuple[str, str, int, tuple[str, ...]]] = []
    path = project.root / GLOSSARY_NAME
    for _entry, _line, (first, text, _indent) in written:
        expansion = expand(text, first, path, knowledge, easy=False)
        uses += [(u.kind, u.name, u.line, u.via) for u in expansion.uses]
    return [(path, uses)] if uses else []
