"""A pseudonymised copy of minutes for planning conferences.

Every person name (client, participants, moderation, minute taker, and the
parts of those names) is replaced by the same pseudonym wherever it occurs,
in the front matter and in the text. The copy becomes an anonymised case
reconstruction: without the client block and without dates of birth.
"""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any

import yaml

from kimdocs.dates import german_date
from kimdocs.errors import KimdocsError, Problem
from kimdocs.kinds import load_document
from kimdocs.kinds.minutes import LEGAL_DOMAINS, MinutesFields, name_parts
from kimdocs.project import Project

_SPLIT = re.compile(r"[\s,&()/]+")


def pseudonym_map(fields: MinutesFields) -> dict[str, str]:
    """Name or name part → pseudonym; the client is always ``Person A``.

    A part that is also a word of an organisation or legal domain ("Jobcenter") is not
    a name on its own and stays, so that organisations keep their names.
    """
    people: list[str] = []
    if fields.client is not None and fields.client.name:
        people.append(fields.client.name)
    people += [p.name for p in fields.participants]
    people += [fields.moderator, fields.minute_taker]
    people = list(dict.fromkeys(people))
    mapping: dict[str, str] = {}
    owners: dict[str, set[str]] = {}
    for n, person in enumerate(people):
        label = f"Person {_letters(n)}"
        mapping[person] = label
        for part in name_parts(person):
            owners.setdefault(part, set()).add(label)
    # A part shared by two people (a family name) would merge them: leave it to the full names.
    institutional = {
        _word.casefold() for text in _institutions(fields) for _word in _SPLIT.split(text)
    }
    for part, labels in owners.items():
        if len(labels) == 1 and part not in mapping and part.casefold() not in institutional:
            mapping[part] = next(iter(labels))
    return mapping


def _institutions(fields: MinutesFields) -> list[str]:
    names = [p.organisation for p in fields.participants] + list(LEGAL_DOMAINS)
    if fields.consent is not None:
        names += fields.consent.organisations
    return names


def _letters(n: int) -> str:
    letters = string.ascii_uppercase
    return letters[n] if n < len(letters) else letters[n // 26 - 1] + letters[n % 26]


def pseudonymise_text(text: str, mapping: dict[str, str]) -> str:
    if not mapping:
        return text
    names = sorted(mapping, key=len, reverse=True)  # full names before their parts
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
    return pattern.sub(lambda m: mapping[m.group(1)], text)


# Keys whose values are never person names: organisations, codes, dates.
_KEEP = {
    "art",
    "typ",
    "fall_id",
    "bezirk",
    "datum",
    "beginn",
    "ende",
    "format",
    "organisation",
    "rechtskreis",
    "schweigepflichtentbindung",
    "frist",
    "status",
    "aufbewahrung",
}


def _replace_all(value: Any, mapping: dict[str, str]) -> Any:
    if isinstance(value, str):
        return pseudonymise_text(value, mapping)
    if isinstance(value, list):
        return [_replace_all(v, mapping) for v in value]
    if isinstance(value, dict):
        return {k: v if k in _KEEP else _replace_all(v, mapping) for k, v in value.items()}
    return value


def pseudonymise(path: Path, project: Project, target: Path | None = None) -> Path:
    """Write the pseudonymised copy and return its path; refuse to overwrite."""
    doc = load_document(path, project)
    if doc.kind.id != "minutes":
        raise KimdocsError(
            Problem(
                "Pseudonymisieren gibt es nur für Fallkonferenz-Protokolle.", file=path, field="art"
            )
        )
    fields: MinutesFields = doc.fields
    mapping = pseudonym_map(fields)
    meta = {k: v for k, v in doc.source.meta.items() if k != "klient"}
    meta = _replace_all(meta, mapping)
    meta["typ"] = "Fallrekonstruktion"
    # Write times as staff write them, not as YAML's base-60 numbers.
    meta["beginn"] = fields.start.strftime("%H:%M")
    if fields.end is not None:
        meta["ende"] = fields.end.strftime("%H:%M")
    body = pseudonymise_text(doc.source.body, mapping)
    if fields.client is not None and fields.client.birth_date is not None:
        for form in (german_date(fields.client.birth_date), fields.client.birth_date.isoformat()):
            body = body.replace(form, "[Geburtsdatum entfernt]")
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
    header = (
        f"# Pseudonymisierte Kopie von {path.name} für Planungskonferenzen.\n"
        "# Personen sind durch „Person A“, „Person B“ … ersetzt (Person A: Klient/in).\n"
    )
    target = target or path.with_name(f"{path.stem}-pseudonymisiert.md")
    if target.exists():
        raise KimdocsError(
            Problem(f"„{target.name}“ gibt es schon; nichts überschrieben.", file=target)
        )
    target.write_text(f"---\n{header}{front}---\n{body}", encoding="utf-8")
    return target
