"""The consent register (``kimdocs einwilligungen``): every case's consents in one list.

Per case: who consented, for what, which data, which organisations, signed on, valid
until, revoked on, and where each consent is written. The state on the key day tells an
office what to do: renew a release that runs out within 30 days, stop sharing where one
has expired or was revoked.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kimdocs.base.dates import german_date
from kimdocs.base.errors import KimdocsError, Problem, display_path
from kimdocs.base.tables import excel_csv, shorten, text_table
from kimdocs.base.wording import counted, same_name
from kimdocs.catalog import walked
from kimdocs.kinds.consents import RECORDS, Recorded, case_index, read_records
from kimdocs.project import Project

SOON_DAYS = 30  # "läuft bald ab": time enough to see the person and get a new signature

VALID, SOON, EXPIRED, REVOKED, NOT_YET = (
    "gültig",
    "läuft bald ab",
    "abgelaufen",
    "widerrufen",
    "noch nicht erteilt",
)
COLUMNS = (
    "Fall-ID",
    "Bezirk",
    "Stand",
    "Art",
    "Gilt für",
    "Unterschrift",
    "Erteilt von",
    "Zweck",
    "Organisationen",
    "Datenkategorien",
    "Unterschrieben am",
    "Gültig bis",
    "Widerrufen am",
    "Quelle",
)


@dataclass(frozen=True)
class Entry:
    """One consent of a case, with every place it is recorded."""

    case_id: str
    district: str
    record: Recorded
    sources: tuple[str, ...]

    def state(self, on: dt.date) -> str:
        consent = self.record.consent
        if consent.revoked_on is not None and consent.revoked_on <= on:
            return REVOKED
        if consent.valid_until < on:
            return EXPIRED
        if consent.signed_on > on:
            return NOT_YET
        if consent.valid_until <= on + dt.timedelta(days=SOON_DAYS):
            return SOON
        return VALID


@dataclass
class Register:
    """What ``kimdocs einwilligungen`` shows: the consents on a key day, unreadable files."""

    entries: list[Entry]
    on: dt.date
    problems: list[Problem] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(e.state(self.on) == state for e in self.entries)

    def rows(self, lists: bool = False) -> list[dict[str, str | list[str]]]:
        """One row per consent; organisations and data categories joined by „; “, or as
        lists (for JSON, where other programs read them)."""

        def joined(values: list[str]) -> str | list[str]:
            return list(values) if lists else "; ".join(values)

        rows: list[dict[str, str | list[str]]] = []
        for e in self.entries:
            c = e.record.consent
            rows.append(
                {
                    "Fall-ID": e.case_id,
                    "Bezirk": e.district,
                    "Stand": e.state(self.on),
                    "Art": e.record.written_as,
                    "Gilt für": joined(list(c.uses)) if e.record.on_form else "",
                    "Unterschrift": _signature(e.record),
                    "Erteilt von": c.given_by or "Klientin / Klient",
                    "Zweck": c.purpose,
                    "Organisationen": joined(c.partners),
                    "Datenkategorien": joined(c.data_categories),
                    "Unterschrieben am": c.signed_on.isoformat(),
                    "Gültig bis": c.valid_until.isoformat(),
                    "Widerrufen am": c.revoked_on.isoformat() if c.revoked_on else "",
                    "Quelle": joined(list(e.sources)),
                }
            )
        return rows

    def render(self, output_format: str) -> str:
        """``tabelle`` (with a closing line), ``csv`` or ``json``."""
        if output_format == "json":
            data = self.rows(lists=True)
            payload = {
                "stichtag": self.on.isoformat(),
                "bald_ablaufend_tage": SOON_DAYS,
                "anzahl": len(data),
                "einwilligungen": data,
            }
            return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        data = self.rows()
        if output_format == "csv":
            return excel_csv(COLUMNS, data)
        return self.table(data) + self.closing()

    def closing(self) -> str:
        cases = len({e.case_id.casefold() for e in self.entries})
        words = {SOON: "bald ablaufend", EXPIRED: EXPIRED, REVOKED: REVOKED, NOT_YET: NOT_YET}
        states = ", ".join(f"{self.count(state)} {word}" for state, word in words.items())
        return (
            f"{counted(len(self.entries), 'Einwilligung', 'Einwilligungen')} in "
            f"{counted(cases, 'Fall', 'Fällen')}, davon {states} "
            f"(Stichtag {german_date(self.on)}; „bald“ heißt innerhalb von {SOON_DAYS} Tagen).\n"
        )

    @staticmethod
    def table(data: list[dict[str, str | list[str]]], width: int = 34) -> str:
        """A plain text table for the terminal; long texts are shortened."""
        shown = (
            "Fall-ID",
            "Stand",
            "Art",
            "Organisationen",
            "Datenkategorien",
            "Gültig bis",
            "Widerrufen am",
        )
        dated = ("Gültig bis", "Widerrufen am")
        cells = [
            [
                german_date(dt.date.fromisoformat(str(row[c])))
                if c in dated and row[c]
                else str(row[c])
                for c in shown
            ]
            for row in data
        ]
        return text_table(shown, [[shorten(v, width) for v in row] for row in cells])


def _signature(record: Recorded) -> str:
    if not record.on_form:
        return ""
    if not record.form_valid:
        return "Formular fehlerhaft"
    signed = record.consent.signed_at
    return signed.isoformat() if signed is not None else "fehlt"


def register(
    project: Project, paths: Sequence[Path], on: dt.date, district: str | None = None
) -> Register:
    """Every consent recorded in the chosen documents (all by default), one row per consent
    with its own purpose and data categories: an agreement that states more than its form
    says is two rows. Only a form in Leichte Sprache joins its standard form's row."""
    found: dict[tuple[object, ...], Entry] = {}
    easy: list[Recorded] = []
    problems: list[Problem] = []
    with walked(project) as catalog:
        for entry in catalog.select(tuple(paths)):
            if entry.refusal is not None:
                problems.append(entry.refusal)
                continue
            if entry.kind not in RECORDS:
                continue
            try:
                records, errors = read_records(catalog.read(entry.path), entry.kind)
            except KimdocsError as exc:
                problems += exc.problems
                continue
            problems += errors
            index = {(r.path, r.line): r for rs in case_index(catalog).values() for r in rs}
            for r in records:
                r = index.get((r.path, r.line), r)  # with whether its form is valid
                if district and not same_name(r.district, district):
                    continue
                if r.easy:
                    easy.append(r)
                    continue
                _add(found, _key(r), r, project)
    for r in easy:
        # The wording of the legal record, not of its Leichte-Sprache companion.
        standard = next((k for k in found if k[:5] == _key(r)[:5]), None)
        _add(found, standard or _key(r), r, project)
    entries = sorted(
        found.values(), key=lambda e: (e.case_id.casefold(), e.record.consent.signed_on)
    )
    return Register(entries, on, problems)


def _key(r: Recorded) -> tuple[object, ...]:
    c = r.consent
    return (
        r.case_id.casefold(),
        c.signed_on,
        tuple(c.partners),
        c.purpose,
        r.kind,
        tuple(c.data_categories),
        tuple(c.uses),
        c.signed_at,
    )


def _add(
    found: dict[tuple[object, ...], Entry], key: tuple[object, ...], r: Recorded, project: Project
) -> None:
    where = f"{display_path(r.path, project.root)}:{r.line or 1}"
    seen = found.get(key)
    sources = (*seen.sources, where) if seen else (where,)
    record = seen.record if seen is not None else r
    found[key] = Entry(r.case_id, r.district, record, sources)
