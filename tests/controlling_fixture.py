"""A small project for the controlling report, counted by hand in test_controlling.py.

Three districts: Nord (6 cases, one re-assessment), Süd (5 cases, one closed) and Klein
(3 cases: every count of it is below the threshold of 5). Each case is one line below; the
expected figures in the tests were counted from these lines, not by kimdocs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

CONFIG = """\
# Testprojekt für den Controlling-Bericht: erfundene Angaben.
formate = ["pdf"]

[organisation]
name = "Testkreis (fiktiv)"
abteilung = "Kommunales Integrationsmanagement"

[organisation.anschrift]
"straße" = "Probeweg 3"
plz = "00000"
ort = "Teststadt"

[[bezirke]]
id = "nord"
name = "Nord"
gemeinden = ["Nordstadt"]
fallmanagement.name = "Nina Nordprobe"
koordination.name = "Kurt Koordinationsprobe"
stellen.fallmanagement = 2.0
stellen.koordination = 0.5

[[bezirke]]
id = "sued"
name = "Süd"
gemeinden = ["Südstadt"]
fallmanagement.name = "Sara Südprobe"
koordination.name = "Kurt Koordinationsprobe"
stellen.fallmanagement = 1.0
stellen.koordination = 0.5

[[bezirke]]
id = "klein"
name = "Klein"
gemeinden = ["Kleindorf"]
fallmanagement.name = "Karl Kleinprobe"
koordination.name = "Kurt Koordinationsprobe"
stellen.fallmanagement = 0.5
stellen.koordination = 0.3

# What the consent forms of the cases tell the person under Art. 13 DSGVO.
[datenschutz]
speicherdauer = "Bis drei Jahre nach Abschluss der Beratung."
speicherdauer_leicht = "Wir heben Ihre Daten 3 Jahre auf."

[datenschutz.beauftragte]
name = "Dora Datenprobe (fiktiv)"
anschrift = "Probeweg 3, 00000 Teststadt"
"""

# (label, case, district, date, version, phase, review, first consultation,
#  goals: [(life area, priority, achievement, [(step due, status), …]), …])
Goal = tuple[str, str, int | None, list[tuple[str, str]]]
AGREEMENTS: list[tuple[str, str, str, str, int, str, str, str | None, list[Goal]]] = [
    ("N1", "T-N1", "nord", "2026-01-10", 1, "Zielvereinbarung", "2026-04-10", "2025-12-01",
     [("Sprache", "hoch", None, [("2026-02-01", "erledigt"), ("2026-03-01", "offen")])]),
    ("N1-v2", "T-N1", "nord", "2026-04-10", 2, "Re-Assessment", "2026-07-10", "2025-12-01",
     [("Sprache", "hoch", 100, [("2026-02-01", "erledigt"), ("2026-03-01", "erledigt")]),
      ("Wohnen", "mittel", 0, [("2026-06-30", "offen")])]),
    ("N2", "T-N2", "nord", "2026-01-20", 1, "Zielvereinbarung", "2026-03-10", "2026-01-05",
     [("Wohnen", "mittel", None, [("2026-06-01", "offen")])]),
    ("N3", "T-N3", "nord", "2026-02-15", 1, "Zielvereinbarung", "2026-05-15", None,
     [("Sprache", "hoch", None, [("2026-04-01", "begonnen")]),
      ("Arbeit", "niedrig", None, [("2026-05-01", "offen")])]),
    ("N4", "T-N4", "nord", "2026-03-01", 1, "Zielvereinbarung", "2026-06-01", "2026-02-01",
     [("Gesundheit", "mittel", None, [("2026-03-10", "begonnen")])]),
    ("N5", "T-N5", "nord", "2026-04-15", 1, "Zielvereinbarung", "2026-07-15", "2026-04-01",
     [("Sprache", "mittel", None, [("2026-05-01", "offen")])]),
    ("N6", "T-N6", "nord", "2026-05-20", 1, "Zielvereinbarung", "2026-08-20", None,
     [("Familie", "hoch", None, [("2026-06-01", "offen")])]),
    ("S1", "T-S1", "sued", "2026-01-05", 1, "Zielvereinbarung", "2026-04-05", "2025-12-15",
     [("Aufenthalt", "hoch", None, [("2026-02-01", "erledigt")])]),
    ("S2", "T-S2", "sued", "2026-02-02", 1, "Zielvereinbarung", "2026-05-02", None,
     [("Bildung", "mittel", None, [("2026-03-01", "entfällt")])]),
    ("S3", "T-S3", "sued", "2026-02-20", 1, "Zielvereinbarung", "2026-05-20", "2026-02-10",
     [("Sprache", "niedrig", None, [("2026-03-15", "offen")])]),
    ("S4", "T-S4", "sued", "2026-03-10", 1, "Zielvereinbarung", "2026-06-10", None,
     [("Finanzen", "hoch", None, [("2026-04-01", "offen")])]),
    ("S5", "T-S5", "sued", "2026-03-12", 1, "Abschluss", "2026-03-13", None,
     [("Wohnen", "mittel", 50, [("2026-03-01", "offen")])]),
    ("K1", "T-K1", "klein", "2026-01-15", 1, "Zielvereinbarung", "2026-04-15", "2026-01-01",
     [("Sprache", "hoch", None, [("2026-02-01", "offen")])]),
    ("K2", "T-K2", "klein", "2026-02-15", 1, "Zielvereinbarung", "2026-05-15", None,
     [("Wohnen", "mittel", None, [("2026-04-01", "offen")])]),
    ("K3", "T-K3", "klein", "2026-06-10", 1, "Zielvereinbarung", "2026-09-10", None,
     [("Arbeit", "hoch", None, [("2026-07-01", "offen")])]),
]  # fmt: skip

# (file, district, type, date, legal domains, actions [(deadline, status)], finding or "")
MINUTES: list[tuple[str, str, str, str, list[str], list[tuple[str, str]], str]] = [
    ("M1", "nord", "Fallrekonstruktion", "2026-02-10",
     ["Koordination", "Jobcenter", "Beratungsstelle"],
     [("2026-03-01", "offen"), ("2026-04-01", "erledigt")],
     "Es fehlen Integrationskurse mit Kinderbetreuung."),
    ("M2", "nord", "Fallrekonstruktion", "2026-04-20", ["Fallmanagement", "Jobcenter"],
     [("2026-05-01", "begonnen")], ""),
    ("M3", "sued", "Fallkonferenz", "2026-03-05", ["Fallmanagement", "Ausländerbehörde"],
     [("2026-03-10", "offen")], "Termine bei der Ausländerbehörde dauern zu lange."),
]  # fmt: skip

STEP = "Unterlagen beim Amt einreichen"
CLIENT = "Erika Probefall (fiktiv)"
_AREAS = {"Arbeit": "Ausbildung/Arbeit/Anerkennung", "Finanzen": "Finanzen/Leistungen"}


def _front(meta: dict[str, Any], body: str) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + body


def agreement_meta(row: tuple[Any, ...]) -> dict[str, Any]:
    _, case, district, date, version, phase, review, first, goals = row
    meta: dict[str, Any] = {
        "art": "vereinbarung",
        "fall_id": case,
        "bezirk": district,
        "datum": date,
        "version": version,
        "phase": phase,
        "überprüfung": review,
        "klient": {"name": CLIENT},
        "fallmanagement": {"name": "Frida Fallbeispiel (fiktiv)"},
        "ziele": [
            {
                "ziel": f"Ziel im Handlungsfeld {area}",
                "handlungsfeld": _AREAS.get(area, area),
                "indikator": "Nachweis liegt vor",
                "priorität": priority,
                "frist": "2026-12-31",
                "schritte": [{"was": STEP, "wer": "Klient", "bis": due, "status": status}
                             for due, status in steps],
                **({"zielerreichung": achieved} if achieved is not None else {}),
            }
            for area, priority, achieved, steps in goals
        ],
        # The consent was signed once, at the case's first agreement; every later version
        # states that day, as the case's signed form does (consent_meta).
        "datenschutz": {"informiert_am": date, "einwilligung_am": consent_day(case)},
    }  # fmt: skip
    if first is not None:
        meta["erstberatung_am"] = first
    return meta


def consent_day(case: str) -> str:
    """The day the case's client signed the consent: the day of its first agreement."""
    return min((row[3] for row in AGREEMENTS if row[1] == case), default=AGREEMENTS[-1][3])


def consent_meta(case: str, district: str, day: str) -> dict[str, Any]:
    """The signed consent form of a case (content/einwilligungen/): what the agreements'
    ``datenschutz.einwilligung_am`` states rests on it."""
    return {
        "art": "einwilligung",
        "fall_id": case,
        "bezirk": district,
        "datum": day,
        "klient": {"name": CLIENT},
        "einwilligung": {
            "gilt_für": ["vereinbarung"],
            "zweck": "Abstimmung der Integrationsvereinbarung",
            "organisationen": ["Jobcenter Test"],
            "datenkategorien": ["Kontaktdaten"],
            "datum": day,
            "unterschrieben_am": day,
            "gültig_bis": (dt.date.fromisoformat(day) + dt.timedelta(days=364)).isoformat(),
        },
    }


def agreement_file(meta: dict[str, Any]) -> str:
    """Named by the case id, as kimdocs names a case's files: never a person's name."""
    version = int(meta["version"])
    return f"{meta['fall_id']}{'' if version == 1 else f'-v{version}'}.md"


def minutes_file(meta: dict[str, Any]) -> str:
    reference = meta.get("fall_id") or meta["rekonstruktion_id"]
    return f"{reference}-{str(meta['typ']).lower()}-{meta['datum']}.md"


def minutes_meta(row: tuple[Any, ...]) -> dict[str, Any]:
    name, district, kind, date, domains, actions, _ = row
    people = [
        {"name": f"Person {n} (fiktiv)", "organisation": f"{domain} Test", "rechtskreis": domain}
        for n, domain in enumerate(domains)
    ]
    meta: dict[str, Any] = {
        "art": "protokoll",
        "typ": kind,
        # A reconstruction is anonymous: its own id, never the case's.
        **(
            {"fall_id": f"T-{name}"}
            if kind == "Fallkonferenz"
            else {"rekonstruktion_id": f"REK-2026-{name[1:]:0>3}"}
        ),
        "bezirk": district,
        "datum": date,
        "beginn": "10:00",
        "ort": "Kreishaus (Beispiel)",
        "moderation": "Person 0 (fiktiv)",
        "protokoll": "Person 0 (fiktiv)",
        "teilnehmende": people,
        "anlass": "Beratung über den Fall",
        "maßnahmen": [
            {"maßnahme": "Maßnahme", "verantwortlich": "Koordination", "frist": due, "status": s}
            for due, s in actions
        ],
        "aufbewahrung": "3 Jahre nach Abschluss"
        if kind == "Fallkonferenz"
        else "2 Jahre nach der Konferenz",
    }
    if kind == "Fallkonferenz":
        meta["klient"] = {"name": CLIENT}
        meta["schweigepflichtentbindung"] = {
            "datum": "2026-01-01",
            "organisationen": [p["organisation"] for p in people],
            "datenkategorien": ["Aufenthalt"],
            "gültig_bis": "2026-12-31",
        }
    return meta


def write_project(root: Path) -> Path:
    """Write the project to ``root`` and return it."""
    folders = {
        name: root / "content" / name for name in ("vereinbarungen", "protokolle", "einwilligungen")
    }
    for folder in folders.values():
        folder.mkdir(parents=True)
    (root / "kimdocs.toml").write_text(CONFIG, encoding="utf-8")
    agreements = [agreement_meta(row) for row in AGREEMENTS]
    # A broken agreement (no goals): not counted, and the report says so.
    broken = agreement_meta(AGREEMENTS[-1]) | {"fall_id": "T-X1", "ziele": []}
    for meta in agreements:
        path = folders["vereinbarungen"] / agreement_file(meta)
        path.write_text(_front(meta, "## Ausgangslage\n\nText.\n"), "utf-8")
    (folders["vereinbarungen"] / agreement_file(broken)).write_text(_front(broken, ""), "utf-8")
    # Each case's signed consent form, on the day its agreements state.
    signed = {
        str(m["fall_id"]): (str(m["bezirk"]), str(m["datenschutz"]["einwilligung_am"]))
        for m in [*agreements, broken]
    }
    for case, (district, day) in signed.items():
        path = folders["einwilligungen"] / f"{case}-einwilligung-{day}.md"
        path.write_text(_front(consent_meta(case, district, day), ""), "utf-8")
    for row in MINUTES:
        finding = row[6]
        body = "## Lage\n\nText.\n"
        if finding:
            body += f"\n## Strukturelle Erkenntnisse\n\n{finding}\n"
        meta = minutes_meta(row)
        (folders["protokolle"] / minutes_file(meta)).write_text(_front(meta, body), "utf-8")
    return root


REPORT = """---
art: bericht
titel: Testbericht Controlling
gremium: Lenkungsgruppe (Test)
datum: 2026-03-16
zeitraum:
  von: 2026-01-01
  bis: 2026-12-31
  einteilung: halbjahr
layout: {layout}
meilensteine:
  - titel: Lenkungsgruppe eingerichtet
    halbjahre: ["1. HJ 2026"]
    status: erledigt
  - titel: Erstaufnahmebogen abgestimmt
    halbjahre: ["1. HJ 2026", "2026-2"]
    status: läuft
---

Zusammenfassung für die Lenkungsgruppe.

## Bewertung

Die Zahlen sind klein.
"""


def write_report(root: Path, name: str = "bericht", layout: str = "bericht") -> Path:
    folder = root / "content" / "berichte"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.md"
    path.write_text(REPORT.format(layout=layout), encoding="utf-8")
    return path


def report_tables(
    project: Any,
    districts: tuple[str, ...] = (),
    start: str = "2026-01-01",
    end: str = "2026-12-31",
    granularity: str = "halbjahr",
    day: str = "2026-03-16",
) -> dict[str, Any]:
    """The tables a report over ``districts`` (ids; all if none) would show, by id."""
    from kimdocs.controlling.periods import Period, periods_between
    from kimdocs.controlling.report_data import report_master
    from kimdocs.controlling.report_tables import Scope, series_table, tables

    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    master, pattern = report_master(project, first.year, dt.date.fromisoformat(day))
    chosen = tuple(
        (d.id, d.name) for d in project.config.districts if not districts or d.id in districts
    )
    scope = Scope(
        master,
        pattern,
        Period(first, last, "Zeitraum"),
        chosen,
        tuple(periods_between(first, last, granularity)),  # type: ignore[arg-type]
    )
    posts = {
        d.id: (d.posts.case_management, d.posts.coordination) for d in project.config.districts
    }
    posts[""] = (sum(p[0] for p in posts.values()), sum(p[1] for p in posts.values()))
    found = {t.id: t for t in tables(scope, posts)}
    found["zielerreichung_verlauf"] = series_table(scope)
    return found
