"""A pseudonymised copy of minutes for planning conferences, and a report of what it did.

The copy is an anonymised case reconstruction (``typ: Fallrekonstruktion``) with its own
``rekonstruktion_id`` in place of the case id. Its text is made by one engine
(kimdocs.cases.pseudonym_text): one label per person, birth dates removed, dates as
months, ages as bands, towns as districts, case ids in any spelling replaced.

The agreed actions of the conference are the case's: the copy retells them in its text,
so that neither ``kimdocs aktionen`` nor a report counts them twice. The copy claims to
name no one only when the identifier check found nothing and nothing is left to review;
otherwise it says that it must be checked first. The source is never changed, and an
existing copy is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kimdocs.base import dates
from kimdocs.base.dates import MONTHS, german_date
from kimdocs.base.errors import KimdocsError, Problem
from kimdocs.base.output_files import Allowed, Place, output_target, write_output
from kimdocs.base.yaml_lines import format_field
from kimdocs.cases.pseudonym_text import CaseData, Engine, Replacement, Risk
from kimdocs.catalog import current_catalog
from kimdocs.content import read_source
from kimdocs.kinds import load_document
from kimdocs.kinds.minutes import MinutesFields, known_identifiers, next_reconstruction_id
from kimdocs.kinds.people import CasePeople, by_case, project_staff
from kimdocs.project import Project
from kimdocs.schema import parse_date
from kimdocs.text.identifiers import find_identifiers

FieldPath = tuple[str | int, ...]


@dataclass
class PseudonymReport:
    source: Path
    target: Path
    reconstruction_id: str
    replacements: list[Replacement] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as German lines for the terminal (it holds the names: do not share)."""
        out = [f"Rekonstruktions-ID: {self.reconstruction_id}", ""]
        out.append(f"Ersetzt ({len(self.replacements)}):")
        out += [
            f"  {r.where}: {r.what}: „{r.original}“ → „{r.replacement}“" for r in self.replacements
        ]
        out.append("")
        out.append(f"Bitte prüfen ({len(self.risks)}):")
        out += [f"  {r.where}: „{r.text}“ – {r.message}" for r in self.risks] or ["  nichts"]
        out += [
            "",
            "Dieser Bericht nennt die echten Namen: bitte nicht weitergeben. Die Quelle ist "
            "unverändert.",
        ]
        return out


# Keys whose values stay: codes and choices, not free text; the date is set anew.
_KEEP = {"art", "typ", "bezirk", "format", "rechtskreis", "status", "datum", "beginn", "ende"}
_KEEP |= {"aufbewahrung"}  # a period, not a date to blur (kimdocs.kinds.retention)
# Dropped from the copy: who the client is, the case's own consent and next meeting.
_DROP = ("klient", "klient_anwesend", "fall_id", "schweigepflichtentbindung", "nächster_termin")


def _where(line: int | None, loc: FieldPath = ()) -> str:
    place = f"Zeile {line}" if line else "Kopfdaten"
    return f"{place}, Feld „{format_field(loc)}“" if loc else place


def _walk(
    value: Any,
    loc: FieldPath,
    text: Callable[[str, FieldPath], str],
    deadline: Callable[[dt.date, FieldPath], dt.date],
) -> Any:
    if loc and loc[-1] == "frist" and isinstance(value, str | dt.date):
        day = parse_date(value)
        return deadline(day, loc) if isinstance(day, dt.date) else value
    if isinstance(value, str):
        return value if loc and loc[-1] in _KEEP else text(value, loc)
    if isinstance(value, list):
        return [_walk(v, (*loc, n), text, deadline) for n, v in enumerate(value)]
    if isinstance(value, dict):
        return {k: _walk(v, (*loc, k), text, deadline) for k, v in value.items()}
    return value


CONFIDENTIALITY = (
    "Pseudonymisierte Fallrekonstruktion für die Planungskonferenz. Die Prüfung von kimdocs hat "
    "keine Namen, Geburtsdaten, Anschriften oder Fall-IDs gefunden; bitte keine Angaben "
    "ergänzen, die Rückschlüsse auf Personen zulassen."
)
UNCHECKED = (
    "Pseudonymisierte Kopie, noch nicht freigegeben: {count} Stellen sind zu prüfen (Bericht "
    "von „kimdocs pseudonymisieren“). Erst nach der Prüfung weitergeben; bitte keine Angaben "
    "ergänzen, die Rückschlüsse auf Personen zulassen."
)

_FAMILY = re.compile(
    r"\b(?:Tochter|Töchter|Sohn|Söhne|Kinder[n]?|Ehefrau|Ehemann|Frau des Klienten|"
    r"Mann der Klientin|Geschwister|Eltern)\b"
)


def case_data(fields: MinutesFields, project: Project, reference: str) -> CaseData:
    """Everyone and everything the case and kimdocs.toml know, for one copy."""
    case = by_case(project).get((fields.case_id or "").strip().casefold(), CasePeople())
    client = fields.client.name if fields.client is not None else ""
    client = client or (case.agreed[0] if case.agreed else "")
    staff = [p.name for p in fields.participants] + [fields.moderator, fields.minute_taker]
    births = [fields.client.birth_date] if fields.client and fields.client.birth_date else []
    births += _birth_dates(project, fields.case_id or "")
    return CaseData(
        client=client,
        relatives=[name for name, _ in case.relatives],
        staff=[*staff, *case.staff, *project_staff(project)],
        birth_dates=births,
        case_ids=[fields.case_id] if fields.case_id else [],
        codes=[d.case_code for d in project.config.districts],
        towns={t: d.name for d in project.config.districts for t in d.municipalities},
        day=fields.date,
        reference=reference,
    )


def pseudonymise(path: Path, project: Project, target: Path | None = None) -> PseudonymReport:
    """Write the pseudonymised copy; return the report. Refuses to overwrite anything."""
    doc = load_document(path, project)
    if not doc.kind.pseudonymised:
        raise KimdocsError(
            Problem(
                "Pseudonymisieren gibt es nur für Fallkonferenz-Protokolle.", file=path, field="art"
            )
        )
    fields: MinutesFields = doc.fields
    today = dates.today()
    rek = next_reconstruction_id(project, today.year)
    # The copy is a document of the project: beside the minutes by default, a bare name
    # there too, any other place inside content/; nothing is ever overwritten.
    place = Place(project.root, project.content_dir, project.output_dir)
    given = target or Path(f"{rek}-pseudonymisiert.md")
    if given.suffix.lower() != ".md":
        raise KimdocsError(
            Problem(
                f"„{given.name}“: die Kopie ist ein Dokument und braucht die Endung „.md“.",
                file=given,
            )
        )
    if given.parent == Path():
        given = path.parent / given
    if os.path.lexists(os.path.abspath(given)):  # a link, even into nowhere, too
        raise KimdocsError(
            Problem(f"„{given.name}“ gibt es schon; nichts überschrieben.", file=given)
        )
    target = output_target(given, place, Allowed())
    report = PseudonymReport(path, target, rek)
    work = Engine(case_data(fields, project, rek))
    src = doc.source

    kept = {k: v for k, v in src.meta.items() if k not in (*_DROP, "maßnahmen")}
    work.learn([src.body, *(value for _, value in _strings(kept))])
    kept = _walk(
        kept,
        (),
        lambda value, loc: work.text(value, _where(src.lines.line_of(loc), loc)),
        lambda day, loc: day,
    )
    head = {"art": kept.pop("art", "protokoll"), "typ": "Fallrekonstruktion"}
    kept.pop("typ", None)
    meta = {**head, "rekonstruktion_id": rek, **kept, "maßnahmen": []}
    meta["datum"] = today  # the copy is made for a planning conference: its own date
    # Write times as staff write them, not as YAML's base-60 numbers.
    meta["beginn"] = fields.start.strftime("%H:%M")
    if fields.end is not None:
        meta["ende"] = fields.end.strftime("%H:%M")
    if fields.retention.event == "Abschluss":
        # A reconstruction belongs to no case: its file is kept from its own date.
        kept_for = re.sub(
            r"nach\s+(?:dem\s+)?Abschluss(?:\s+des\s+Falls)?",
            "nach dem Dokumentdatum",
            fields.retention.text,
            count=1,
            flags=re.IGNORECASE,
        )
        meta["aufbewahrung"] = kept_for
        where = _where(src.lines.line_of(("aufbewahrung",)), ("aufbewahrung",))
        report.replacements.append(
            Replacement(where, fields.retention.text, kept_for, "Aufbewahrung")
        )
    if fields.case_id:
        report.replacements.append(
            Replacement(
                _where(src.lines.line_of(("fall_id",)), ("fall_id",)),
                fields.case_id,
                f"rekonstruktion_id: {rek}",
                "Fall-ID",
            )
        )
    for key in ("klient", "schweigepflichtentbindung", "nächster_termin"):
        if key in src.meta:
            report.replacements.append(
                Replacement(_where(src.lines.line_of((key,)), (key,)), key, "entfernt", "Feld")
            )
    report.replacements.append(
        Replacement(
            _where(src.lines.line_of(("datum",)), ("datum",)),
            german_date(fields.date),
            f"{german_date(today)} (Tag der Kopie)",
            "Datum",
        )
    )
    # Paragraph by paragraph: a name split at a line end is one name.
    paragraphs, line = [], 0
    for paragraph in src.body.split("\n\n"):
        paragraphs.append(work.text(paragraph, _where(src.body_line_at(line))))
        line += paragraph.count("\n") + 2
    body = "\n\n".join(paragraphs)
    body += _actions_text(fields, work, src)
    report.replacements += work.replacements
    report.risks += work.review
    _risks(report, project, path, meta, body, [], src.body_line_at)
    meta["vertraulichkeit"] = (
        CONFIDENTIALITY if not report.risks else UNCHECKED.format(count=len(report.risks))
    )
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
    header = (
        f"# Pseudonymisierte Kopie eines Protokolls für Planungskonferenzen ({rek}).\n"
        "# Personen sind durch „Person A“, „Person B“ … ersetzt (Person A: Klient/in),\n"
        "# Geburtsdaten entfernt, Daten durch Monate, Alter durch Altersgruppen, Orte durch\n"
        "# Bezirke. Die Maßnahmen des Falls stehen im Text: sie werden nicht doppelt gezählt.\n"
    )
    write_output(target, f"---\n{header}{front}---\n{body}".encode(), place)
    return report


def _actions_text(fields: MinutesFields, work: Engine, src: Any) -> str:
    """The conference's agreed actions as text: what was agreed, by whom, until when (the
    month), so that the planning conference reads them and nothing counts them again."""
    if not fields.actions:
        return ""
    lines = ["", "", "## Vereinbarte Maßnahmen des Falls", ""]
    for n, action in enumerate(fields.actions):
        where = _where(src.lines.line_of(("maßnahmen", n)), ("maßnahmen", n))
        what = work.text(action.action, where)
        who = work.text(action.responsible, where)
        until = f"{MONTHS[action.deadline.month - 1]} {action.deadline.year}"
        lines.append(f"- {what} ({who}; bis Ende {until}; {action.status})")
    return "\n".join(lines) + "\n"


def _birth_dates(project: Project, case_id: str) -> list[dt.date]:
    """Birth dates the case's documents give for the client."""
    found: list[dt.date] = []
    catalog = current_catalog(project)
    for entry in catalog.documents():
        try:
            meta = catalog.read(entry.path).meta
        except KimdocsError:
            continue
        client = meta.get("klient")
        if str(meta.get("fall_id", "")).strip().casefold() != case_id.strip().casefold():
            continue
        if isinstance(client, dict):
            day = parse_date(client.get("geburtsdatum")) if client.get("geburtsdatum") else None
            if isinstance(day, dt.date):
                found.append(day)
    return found


def _risks(
    report: PseudonymReport,
    project: Project,
    source: Path,
    meta: dict[str, Any],
    body: str,
    review: list[str],
    line_at: Callable[[int], int],
) -> None:
    """What may still identify the person in the copy: for a person to look at."""
    known = known_identifiers(project, exclude=source, own_client=None).strict
    languages = _languages(project, source)  # reads every document: once, not per line
    units: list[tuple[str, str]] = [
        (f"Feld „{format_field(loc)}“", value) for loc, value in _strings(meta)
    ]
    units += [(_where(line_at(i)), line) for i, line in enumerate(body.split("\n"))]
    for where, text in units:
        for hit in find_identifiers(text, known=known, titled_names=True):
            report.risks.append(Risk(where, hit.text, f"nennt {hit.what}; bitte entfernen."))
        for word in review:
            for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.I):
                report.risks.append(
                    Risk(
                        where,
                        m.group(0),
                        "Namensteil und gewöhnliches Wort: nicht ersetzt, "
                        "bitte prüfen, ob hier die Person gemeint ist.",
                    )
                )
        for m in _FAMILY.finditer(text):
            report.risks.append(
                Risk(where, m.group(0), "Familienangabe: bitte prüfen, ob sie nötig ist.")
            )
        for language in languages:
            for m in re.finditer(rf"\b{re.escape(language)}\b", text):
                report.risks.append(
                    Risk(
                        where,
                        m.group(0),
                        "Sprache der Person: in kleinen Gemeinschaften erkennbar, bitte prüfen.",
                    )
                )


def _strings(value: Any, loc: FieldPath = ()) -> list[tuple[FieldPath, str]]:
    if isinstance(value, str):
        return [] if loc and loc[-1] in _KEEP else [(loc, value)]
    if isinstance(value, list):
        return [s for n, v in enumerate(value) for s in _strings(v, (*loc, n))]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(v, (*loc, k))]
    return []


def _languages(project: Project, source: Path) -> list[str]:
    """Languages the case's documents give for the client (``klient.sprache``)."""
    meta = read_source(source).meta
    case_id = str(meta.get("fall_id", "")).strip().casefold()
    found = []
    catalog = current_catalog(project)
    for entry in catalog.documents():
        try:
            other = catalog.read(entry.path).meta
        except KimdocsError:
            continue
        client = other.get("klient")
        if str(other.get("fall_id", "")).strip().casefold() == case_id and isinstance(client, dict):
            language = client.get("sprache")
            if isinstance(language, str) and language.strip():
                found += [p.strip() for p in re.split(r"[,/]| und ", language) if p.strip()]
    return list(dict.fromkeys(found))
