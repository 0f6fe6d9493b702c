"""``kimdocs wege``: every client of the caseload green, yellow or red, and when that changes.

grün: a route is open, or opens within three months; gelb: a route is within reach, but
facts are missing or the office decides; rot: no route now. Per client the next day on
which the colour changes and the last days to apply. As a table for the terminal, a CSV
for Excel and JSON, like ``kimdocs aktionen``; the preview shows the same rows. What a
client's colour is, :mod:`kimdocs.kinds.caseload` and :mod:`kimdocs.residence.triage` say.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kimdocs.base.dates import german_date
from kimdocs.base.errors import KimdocsError, Problem, display_path
from kimdocs.base.tables import excel_csv, shorten, text_table
from kimdocs.base.wording import counted, same_name
from kimdocs.catalog import walked
from kimdocs.kinds import KINDS, Document, load_document
from kimdocs.kinds.caseload import ClientRow, client_rows, residence_cases, rule_set
from kimdocs.project import Project

COLOURS = ("grün", "gelb", "rot")
COLUMNS = (
    "Ampel",
    "Fall-ID",
    "Bezirk",
    "Wege",
    "Begründung",
    "Antrag bis",
    "Nächste Änderung",
    "Stand Arbeitsblatt",
    "Quelle",
)


@dataclass
class Triage:
    """What ``kimdocs wege`` shows: the clients on a day, and the files left out."""

    rows: list[ClientRow]
    on: dt.date
    rules_version: str
    root: Path
    district_names: dict[str, str]
    problems: list[Problem]

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(row.colour for row in self.rows)
        return {colour: found[colour] for colour in COLOURS}

    def summary(self) -> str:
        counts = ", ".join(f"{n} {colour}" for colour, n in self.counts.items())
        people = counted(len(self.rows), "Klientin oder Klient", "Klientinnen und Klienten")
        return f"{people}: {counts} (Stichtag {german_date(self.on)}; {self.rules_version})."

    def records(self) -> list[dict[str, str]]:
        return [
            {
                "Ampel": row.colour,
                "Fall-ID": row.case_id,
                "Bezirk": self.district_names.get(row.district, row.district),
                "Wege": ", ".join(row.routes),
                "Begründung": row.reason,
                "Antrag bis": row.apply_by_text,
                "Nächste Änderung": row.next_change_text,
                "Stand Arbeitsblatt": german_date(row.worksheet_date),
                "Quelle": display_path(row.source, self.root),
            }
            for row in self.rows
        ]

    def render(self, output_format: str) -> str:
        """``tabelle`` (with a closing line), ``csv`` or ``json``."""
        if output_format == "csv":
            return excel_csv(COLUMNS, self.records())
        if output_format == "json":
            return self.as_json()
        shown = ("Ampel", "Fall-ID", "Bezirk", "Wege", "Antrag bis", "Nächste Änderung")
        cells = [[shorten(r[c], 60) for c in shown] for r in self.records()]
        return text_table(shown, cells) + self.summary() + "\n"

    def as_json(self) -> str:
        payload = {
            "stichtag": self.on.isoformat(),
            "regeln": self.rules_version,
            "anzahl": len(self.rows),
            "ampel": self.counts,
            "klienten": [
                {
                    "ampel": row.colour,
                    "fall_id": row.case_id,
                    "bezirk": row.district,
                    "wege": list(row.routes),
                    "begründung": row.reason,
                    "antrag_bis": [
                        {"weg": citation, "datum": day.isoformat()}
                        for citation, day in row.apply_by
                    ],
                    "nächste_änderung": (
                        {"datum": row.next_change.isoformat(), "ampel": row.next_colour}
                        if row.next_change
                        else None
                    ),
                    "arbeitsblatt": {
                        "datum": row.worksheet_date.isoformat(),
                        "quelle": display_path(row.source, self.root),
                    },
                    "wege_im_einzelnen": [
                        {
                            "weg": s.citation,
                            "ergebnis": s.outcome,
                            "erfüllt_ab": s.opens.isoformat() if s.opens else None,
                            "antrag_bis": s.last_day.isoformat() if s.last_day else None,
                        }
                        for s in row.states
                    ],
                }
                for row in self.rows
            ],
        }
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def triage(
    project: Project,
    on: dt.date,
    paths: Sequence[Path] = (),
    district: str | None = None,
    colours: Sequence[str] = (),
) -> Triage:
    """The clients of the worksheets in ``paths`` (all, if none), their colour on ``on``."""
    docs: list[Document[Any]] = []
    problems: list[Problem] = []
    with walked(project) as catalog:  # one walk for every document's checks
        for entry in catalog.select(tuple(paths)):
            if entry.refusal is not None:
                problems.append(entry.refusal)
                continue
            if entry.kind is None or not KINDS[entry.kind].records_residence:
                continue
            try:
                docs.append(load_document(entry.path, project))
            except KimdocsError as exc:
                problems += [p for p in exc.problems if p.is_error]
        cases = residence_cases(docs, project)
        rules = rule_set(project)
    if district:
        wanted = project.district(district)
        cases = [c for c in cases if same_name(c.district, wanted.id if wanted else district)]
    rows = client_rows(cases, rules, on)
    if colours:
        rows = [r for r in rows if r.colour in colours]
    rank = {colour: n for n, colour in enumerate(COLOURS)}
    rows.sort(key=lambda r: (rank[r.colour], r.next_change or dt.date.max, r.case_id))
    names = {d.id: d.name for d in project.config.districts}
    return Triage(rows, on, rules.version, project.root, names, problems)
