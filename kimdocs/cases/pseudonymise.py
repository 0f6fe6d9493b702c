"""A pseudonymised copy of minutes for planning conferences, and a report of what it did.

The copy is an anonymised case reconstruction (``typ: Fallrekonstruktion``) with its own
``rekonstruktion_id`` in place of the case id. Replaced so that the text keeps its meaning:

- every person as a whole name: the full name, first name and surname, with a title
  ("Herr", "Frau", "Dr.") and a possessive ("Agathes") → "Person A" (the client), "Person B" …;
  a surname or first name alone only if it is no ordinary word: "Aufenthalt" of "Agathe
  Aufenthalt-Probe" is replaced with a title ("Frau Aufenthalt"), and otherwise ("der
  Aufenthalt belastet ihn") stays and is listed for review;
- the case id → the reconstruction id; exact dates → their month ("18.03.2026" → "März
  2026"); ages → age bands ("(17)" → "(15–17 Jahre)"); towns → their district (the
  municipalities of each district in kimdocs.toml).

The report lists every replacement and every remaining risk (what the identifier detector
still finds, words left for review, languages and family details). The source is never
changed, and an existing copy is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kimdocs.base import dates
from kimdocs.base.dates import MONTHS, german_date, month_end
from kimdocs.base.errors import KimdocsError, Problem
from kimdocs.base.yaml_lines import format_field
from kimdocs.catalog import current_catalog
from kimdocs.content import read_source
from kimdocs.kinds import load_document
from kimdocs.kinds.minutes import (
    LEGAL_DOMAINS,
    MinutesFields,
    known_identifiers,
    name_parts,
    next_reconstruction_id,
)
from kimdocs.project import Project
from kimdocs.schema import parse_date
from kimdocs.text.identifiers import find_identifiers, ordinary_word

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Replacement:
    where: str  # "Zeile 31, Feld „teilnehmende[2].name“" or "Zeile 60"
    original: str
    replacement: str
    what: str  # "Name", "Fall-ID", "Datum", "Alter", "Ort"


@dataclass(frozen=True)
class Risk:
    where: str
    text: str
    message: str


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


# --- persons ---------------------------------------------------------------------------

_TITLE = r"(?:(?:Herrn?|Frau)\s+)?(?:(?:Dr|Prof)\.\s*)*"
_FICTION = r"(?:\s*\(fiktiv\))?"


@dataclass(frozen=True)
class _Person:
    name: str  # as written, e.g. "Agathe Aufenthalt-Probe (fiktiv)"
    label: str  # "Person B"


def _letters(n: int) -> str:
    letters = string.ascii_uppercase
    return letters[n] if n < len(letters) else letters[n // 26 - 1] + letters[n % 26]


def people(fields: MinutesFields) -> list[_Person]:
    """Everyone the minutes name, the client first: ``Person A`` is always the client."""
    names: list[str] = []
    if fields.client is not None and fields.client.name:
        names.append(fields.client.name)
    names += [p.name for p in fields.participants]
    names += [fields.moderator, fields.minute_taker]
    unique = list(dict.fromkeys(_core(n) for n in names if _core(n)))
    return [_Person(name, f"Person {_letters(n)}") for n, name in enumerate(unique)]


def _core(name: str) -> str:
    return re.sub(r"\s*\(fiktiv\)\s*$", "", name).strip()


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    replace: Callable[[re.Match[str]], str]
    what: str
    keep: Callable[[re.Match[str]], bool] = lambda m: False  # leave this match as it is


def _person_rules(persons: list[_Person], institutions: set[str]) -> tuple[list[_Rule], list[str]]:
    """Rules for whole names, longest first, and the name parts left for review."""
    owners: dict[str, set[str]] = {}
    for person in persons:
        for part in name_parts(person.name):
            owners.setdefault(part, set()).add(person.label)
    variants: list[tuple[str, str, bool]] = []  # (text, label, needs a title)
    review: list[str] = []
    for person in persons:
        parts = name_parts(person.name)
        variants.append((person.name, person.label, False))
        if len(parts) >= 2:
            variants.append((f"{parts[0]} {parts[-1]}", person.label, False))
        for part in parts:
            if " " in part or len(owners[part]) > 1:
                continue  # a family name shared by two people: only their full names
            # A part that is also a word or an institution ("Aufenthalt", "Jobcenter")
            # names the person only with a title; elsewhere it stays and is listed.
            titled = (
                part.casefold() in institutions
                or ordinary_word(part)
                or any(ordinary_word(p) for p in re.split(r"[-'’]", part) if p)
            )
            variants.append((part, person.label, titled and "-" not in part))
            if titled and "-" not in part:
                review.append(part)
    rules: list[_Rule] = []
    for text, label, needs_title in sorted(variants, key=lambda v: -len(v[0])):
        title = (
            r"(?:(?:Herrn?|Frau)\s+|(?:Dr|Prof)\.\s*)(?:(?:Dr|Prof)\.\s*)*"
            if needs_title
            else _TITLE
        )
        pattern = re.compile(rf"(?<![\w-]){title}{re.escape(text)}(?P<s>s)?(?![\w-]){_FICTION}")

        def replace(m: re.Match[str], label: str = label) -> str:
            return f"{label}s" if m.group("s") else label

        rules.append(_Rule(pattern, replace, "Name"))
    return rules, review


# --- dates, ages, towns, case ids ------------------------------------------------------

_MONTH_NAMES = "|".join(MONTHS)
_DATES = re.compile(
    rf"(?P<am>\bam\s+)?(?:"
    rf"(?P<d>\d{{1,2}})\.\s?(?P<m>\d{{1,2}})\.\s?(?P<y>(?:19|20)\d{{2}})"
    rf"|(?P<iy>(?:19|20)\d{{2}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})"
    rf"|(?P<ld>\d{{1,2}})\.\s?(?P<lm>{_MONTH_NAMES})\s(?P<ly>(?:19|20)\d{{2}}))(?!\d)"
)


def _month(m: re.Match[str]) -> str:
    if m.group("lm"):
        month, year = m.group("lm"), m.group("ly")
    else:
        number = int(m.group("m") or m.group("im"))
        if not 1 <= number <= 12:
            return m.group(0)
        month, year = MONTHS[number - 1], m.group("y") or m.group("iy")
    return f"{'im ' if m.group('am') else ''}{month} {year}"


# Bands as the statistics of the Federal Employment Agency count young people and adults.
AGE_BANDS = ((0, 2), (3, 5), (6, 9), (10, 14), (15, 17), (18, 24), (25, 34), (35, 44), (45, 54))


def age_band(age: int) -> str:
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"{low}–{high}"
    return "55 oder älter" if age < 65 else "65 oder älter"


# "(17)" after a person, "17 Jahre alt", "17-jährige", "im Alter von 17 Jahren"; not
# durations such as "seit 3 Jahren".
_AGES = re.compile(
    r"\((?P<p>\d{1,2})\)"
    r"|(?P<y>\d{1,2})(?P<unit>\s+Jahre\s+alt\b|-jährige[nmrs]?\b|-jährig\b)"
    r"|(?P<pre>im\s+Alter\s+von\s+)(?P<a>\d{1,2})(?=\s+Jahren\b)"
)


def _age(m: re.Match[str]) -> str:
    if m.group("p"):
        return f"({age_band(int(m.group('p')))} Jahre)"
    if m.group("a"):
        return f"{m.group('pre')}{age_band(int(m.group('a')))}"
    unit = m.group("unit")
    return f"{age_band(int(m.group('y')))}{unit if unit.startswith(' ') else ' Jahre alt'}"


def _town_rule(project: Project) -> _Rule | None:
    towns = {t: d.name for d in project.config.districts for t in d.municipalities}
    if not towns:
        return None
    names = "|".join(re.escape(t) for t in sorted(towns, key=len, reverse=True))
    # "Kreis Warendorf" is the county, not the town; "in Oelde" → "im Bezirk Südkreis".
    pattern = re.compile(
        rf"(?<!Kreis )(?P<pre>\b(?:in|nach)\s+|\b(?:der\s+)?(?:Stadt|Gemeinde)\s+)?"
        rf"(?<![\w-])(?P<town>{names})(?![\w-])"
    )

    def replace(m: re.Match[str]) -> str:
        district = towns[m.group("town")]
        pre = (m.group("pre") or "").strip()
        into = "in den " if pre == "nach" else "im " if pre else ""
        return f"{into}Bezirk {district}"

    return _Rule(pattern, replace, "Ort")


# --- applying the rules ----------------------------------------------------------------


@dataclass
class _Pseudonymiser:
    rules: list[_Rule]
    report: PseudonymReport

    def text(self, value: str, where: str) -> str:
        for rule in self.rules:

            def swap(m: re.Match[str], rule: _Rule = rule) -> str:
                new = rule.replace(m)
                if new != m.group(0):
                    self.report.replacements.append(
                        Replacement(where, m.group(0).strip(), new, rule.what)
                    )
                return new

            value = rule.pattern.sub(swap, value)
        return value


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
    "Pseudonymisierte Fallrekonstruktion für die Planungskonferenz. Sie enthält keine Namen; "
    "bitte keine Angaben ergänzen, die Rückschlüsse auf Personen zulassen."
)

_FAMILY = re.compile(
    r"\b(?:Tochter|Töchter|Sohn|Söhne|Kinder[n]?|Ehefrau|Ehemann|Frau des Klienten|"
    r"Mann der Klientin|Geschwister|Eltern)\b"
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
    target = target or path.with_name(f"{rek}-pseudonymisiert.md")
    if target.exists():
        raise KimdocsError(
            Problem(f"„{target.name}“ gibt es schon; nichts überschrieben.", file=target)
        )
    report = PseudonymReport(path, target, rek)
    institutions = {
        w.casefold()
        for text in [p.organisation for p in fields.participants] + list(LEGAL_DOMAINS)
        for w in re.split(r"[\s,&()/]+", text)
    }
    person_rules, review = _person_rules(people(fields), institutions)
    case_ids = [fields.case_id] if fields.case_id else []
    rules = [
        *person_rules,
        *(
            _Rule(re.compile(rf"(?<![\w-]){re.escape(c)}(?![\w])", re.I), lambda m: rek, "Fall-ID")
            for c in case_ids
        ),
        _Rule(_DATES, _month, "Datum"),
        _Rule(_AGES, _age, "Alter"),
    ]
    town = _town_rule(project)
    if town is not None:
        rules.append(town)
    work = _Pseudonymiser(rules, report)
    src = doc.source

    def deadline(day: dt.date, loc: FieldPath) -> dt.date:
        # A deadline keeps its month: the last day of it ("bis Ende März").
        end = month_end(day)
        where = _where(src.lines.line_of(loc), loc)
        report.replacements.append(Replacement(where, german_date(day), german_date(end), "Frist"))
        return end

    kept = {k: v for k, v in src.meta.items() if k not in _DROP}
    kept = _walk(
        kept,
        (),
        lambda value, loc: work.text(value, _where(src.lines.line_of(loc), loc)),
        deadline,
    )
    head = {"art": kept.pop("art", "protokoll"), "typ": "Fallrekonstruktion"}
    kept.pop("typ", None)
    meta = {**head, "rekonstruktion_id": rek, **kept}
    meta["datum"] = today  # the copy is made for a planning conference: its own date
    # The conference's note speaks of the release from confidentiality; the copy needs none.
    meta["vertraulichkeit"] = CONFIDENTIALITY
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
    body_lines = src.body.split("\n")
    body = "\n".join(
        work.text(line, _where(src.body_line_at(i))) for i, line in enumerate(body_lines)
    )
    _risks(report, project, path, meta, body, review, src.body_line_at)
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
    header = (
        f"# Pseudonymisierte Kopie eines Protokolls für Planungskonferenzen ({rek}).\n"
        "# Personen sind durch „Person A“, „Person B“ … ersetzt (Person A: Klient/in),\n"
        "# Daten durch Monate, Alter durch Altersgruppen, Orte durch Bezirke.\n"
    )
    target.write_text(f"---\n{header}{front}---\n{body}", encoding="utf-8")
    return report


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
