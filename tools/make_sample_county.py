"""Write a clearly fictional county for the controlling report: a few hundred cases.

    python tools/make_sample_county.py                       # build/beispielkreis, 400 cases
    python tools/make_sample_county.py ZIEL --faelle 5000 --protokolle 1000
    python tools/make_sample_county.py ZIEL --kleiner-bezirk 1 --leerer-bezirk

``--kleiner-bezirk N`` adds a fifth district with N cases, ``--leerer-bezirk`` a sixth with
none: the small figures the report's suppression must hide, and the zeros it must show.

The target becomes a kimdocs project of its own: the repository's kimdocs.toml, templates,
facts and their laws, word list and reports, and generated agreements, the signed consent
forms they rest on and minutes in its content/. It lies under build/ (ignored by git), so
that hundreds of generated case files never mix with the hand-written sample in content/.
The same seed gives the same files.
Every person is invented and marked "(fiktiv)"; the structural findings are typical
sentences, not cases.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import tomllib
from pathlib import Path
from typing import Any

import yaml

from kimdocs.kinds.agreement import LIFE_AREAS

REPO = Path(__file__).resolve().parent.parent
SEED = 2026
# District id, case-id code, weight (the two larger districts have 2.5 case-management posts).
DISTRICTS = (
    ("ahlen", "AH", 1.0),
    ("beckum", "BE", 1.0),
    ("suedkreis", "SK", 2.5),
    ("nordkreis", "NK", 2.5),
)
# The county's staff and partners: fictional names apart from the clients' (an anonymous
# reconstruction may name the people at the table, never a client).
STAFF = {
    "ahlen": "Fiona Fiktiv",
    "beckum": "Bertram Erfunden",
    "suedkreis": "Selma Mustermann",
    "nordkreis": "Nora Nordbeispiel",
}
# The case's own KIM office at a conference, named as kimdocs recognises it (the office and
# the district's name from kimdocs.toml): it took the consent and needs no release.
OFFICE = "Kommunales Integrationsmanagement – Bezirk {name}"
PARTNERS = ("Paula Partnerbeispiel", "Otto Ohnename", "Rita Rollenbeispiel", "Karl Kontaktprobe")
FIRST = (
    "Amira",
    "Bashir",
    "Daria",
    "Elif",
    "Farid",
    "Hana",
    "Ivan",
    "Jamal",
    "Kateryna",
    "Leyla",
    "Milad",
    "Nadia",
    "Omid",
    "Petro",
    "Rania",
    "Samir",
    "Tesfay",
    "Yasmin",
    "Zeynep",
    "Aziz",
)
LAST = (
    "Beispielname",
    "Musterfrau",
    "Probemann",
    "Erfundenova",
    "Platzhalteri",
    "Fiktivović",
    "Ausgedachtzadeh",
    "Testhaddad",
    "Modellkaya",
    "Scheinberg",
)
# The life areas an agreement's goals may name: the kind decides them.
AREAS = LIFE_AREAS
AREA_WEIGHTS = (6, 9, 3, 8, 6, 3, 4, 3, 2)
GOALS = {
    "Aufenthalt": (
        "Der Aufenthaltstitel ist rechtzeitig verlängert.",
        "Neuer Aufenthaltstitel liegt vor.",
    ),
    "Sprache": ("Das Sprachniveau B1 ist erreicht.", "Zertifikat B1 liegt vor."),
    "Bildung": (
        "Ein Platz in einem passenden Bildungsgang ist gefunden.",
        "Aufnahmebestätigung liegt vor.",
    ),
    "Ausbildung/Arbeit/Anerkennung": (
        "Eine sozialversicherungspflichtige Arbeit ist aufgenommen.",
        "Arbeitsvertrag liegt vor.",
    ),
    "Wohnen": (
        "Die Familie wohnt in einer ausreichend großen Wohnung.",
        "Mietvertrag ist unterschrieben.",
    ),
    "Gesundheit": (
        "Eine hausärztliche Versorgung ist gesichert.",
        "Aufnahme in einer Hausarztpraxis ist bestätigt.",
    ),
    "Finanzen/Leistungen": (
        "Offene Forderungen sind in einem Ratenplan geregelt.",
        "Ratenvereinbarung liegt vor.",
    ),
    "Familie": ("Die Kinderbetreuung ist geregelt.", "Betreuungsvertrag liegt vor."),
    "Soziale Teilhabe": (
        "Regelmäßige Teilnahme an einem Angebot im Ort ist vereinbart.",
        "Teilnahme ist bestätigt.",
    ),
}
STEPS = (
    "Unterlagen zusammenstellen",
    "Termin vereinbaren",
    "Antrag stellen",
    "Angebote vergleichen",
    "Rückmeldung an das Fallmanagement geben",
)
PHASES = ("Zielvereinbarung", "Re-Assessment")
LANGUAGES = ("Arabisch", "Dari", "Ukrainisch", "Tigrinya", "Türkisch")
WHO = ("Klient", "Klientin", "Fallmanagement", "Jobcenter", "Beratungsstelle")
DOMAINS = (
    "Ausländerbehörde",
    "Jobcenter",
    "Sozialamt",
    "Jugendamt",
    "Schule",
    "Beratungsstelle",
    "Agentur für Arbeit",
    "Gesundheit",
    "Dolmetschung",
)
FINDINGS = (
    "Integrationskurse mit Kinderbetreuung fehlen; die Kurspflicht lässt sich so kaum erfüllen.",
    "Für Arabisch, Dari und Tigrinya steht kurzfristig zu wenig Sprachmittlung zur Verfügung.",
    "Mehrere Stellen erheben dieselben Stammdaten mit eigenen Formularen.",
    "Termine bei der Ausländerbehörde liegen oft nach Ablauf des Aufenthaltstitels.",
    "Die Anerkennung ausländischer Berufsabschlüsse dauert länger als die Förderung reicht.",
    "Bezahlbarer Wohnraum für große Familien fehlt in fast allen Gemeinden.",
)  # fmt: skip


def _front(meta: dict[str, Any], body: str) -> str:
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
    note = "# Erfundener Beispielfall, erzeugt von tools/make_sample_county.py.\n"
    return f"---\n{note}{head}---\n\n{body}"


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _goals(rng: random.Random, date: dt.date, today: dt.date, rated: bool) -> list[dict[str, Any]]:
    goals = []
    for area in _areas(rng):
        deadline = date + dt.timedelta(days=rng.randint(90, 270))
        steps = []
        for n in range(rng.randint(1, 3)):
            due = date + dt.timedelta(days=rng.randint(14, (deadline - date).days))
            if due < today:
                status = rng.choices(("erledigt", "begonnen", "offen", "entfällt"), (6, 2, 2, 1))[0]
            else:
                status = rng.choices(("offen", "begonnen", "erledigt"), (6, 3, 1))[0]
            steps.append(
                {
                    "was": STEPS[(n + len(goals)) % len(STEPS)],
                    "wer": rng.choice(WHO),
                    "bis": due.isoformat(),
                    "status": status,
                }
            )
        goal, indicator = GOALS[area]
        entry: dict[str, Any] = {
            "ziel": goal,
            "handlungsfeld": area,
            "indikator": indicator,
            "priorität": rng.choices(("hoch", "mittel", "niedrig"), (3, 4, 2))[0],
            "frist": deadline.isoformat(),
            "schritte": steps,
        }
        if rated:
            entry["zielerreichung"] = rng.choices((0, 30, 50, 80, 100), (1, 2, 2, 2, 3))[0]
        goals.append(entry)
    return goals


def _areas(rng: random.Random) -> list[str]:
    chosen: list[str] = []
    while len(chosen) < rng.randint(2, 4):
        area = rng.choices(AREAS, AREA_WEIGHTS)[0]
        if area not in chosen:
            chosen.append(area)
    return chosen


def _agreement(
    rng: random.Random,
    case: str,
    district: str,
    version: int,
    date: dt.date,
    first: dt.date,
    name: str,
    today: dt.date,
    consented: dt.date,
) -> dict[str, Any]:
    """One version of a case's agreement; ``consented``: the day the client signed the
    consent form (_consent), which every version states."""
    closed = version > 1 and rng.random() < 0.2
    return {
        "art": "vereinbarung",
        "typ": "Integrationsvereinbarung" if version == 1 else "Zielvereinbarung",
        "fall_id": case,
        "bezirk": district,
        "datum": date.isoformat(),
        "erstberatung_am": first.isoformat(),
        "version": version,
        "phase": "Abschluss" if closed else PHASES[version > 1],
        "überprüfung": (date + dt.timedelta(days=rng.randint(70, 120))).isoformat(),
        "klient": {"name": f"{name} (fiktiv)", "sprache": rng.choice(LANGUAGES)},
        "fallmanagement": {"name": f"{STAFF.get(district, SMALL[3])} (fiktiv)"},
        "ziele": _goals(rng, date, today, rated=version > 1),
        "datenschutz": {
            "informiert_am": date.isoformat(), "einwilligung_am": consented.isoformat()
        },
    }  # fmt: skip


def _consent(case: str, district: str, date: dt.date, name: str) -> dict[str, Any]:
    """The consent form the client signed at the first agreement (content/einwilligungen/):
    what the agreements state about consent rests on it. Drawn from nothing random, so
    that the same seed still gives the same cases."""
    return {
        "art": "einwilligung",
        "fall_id": case,
        "bezirk": district,
        "datum": date.isoformat(),
        "klient": {"name": f"{name} (fiktiv)"},
        "einwilligung": {
            "gilt_für": ["vereinbarung"],
            "zweck": "Abstimmung der Integrationsvereinbarung mit dem Jobcenter",
            "organisationen": ["Jobcenter Kreis Warendorf (Beispiel)"],
            "datenkategorien": ["Kontaktdaten", "Sprachkenntnisse und Kursverlauf"],
            "datum": date.isoformat(),
            "unterschrieben_am": date.isoformat(),
            "gültig_bis": (date + dt.timedelta(days=364)).isoformat(),
        },
    }


def _write_consent(target: Path, case: str, district: str, date: dt.date, name: str) -> None:
    folder = target / "content" / "einwilligungen" / district
    folder.mkdir(parents=True, exist_ok=True)
    meta = _consent(case, district, date, name)
    (folder / f"{case}-einwilligung-{date.isoformat()}.md").write_text(_front(meta, ""), "utf-8")


def _minutes(
    rng: random.Random,
    n: int,
    district: str,
    date: dt.date,
    case: str,
    name: str,
    today: dt.date,
    office: str,
) -> tuple[dict[str, Any], str]:
    individual = rng.random() < 0.6
    domains = rng.sample(DOMAINS, k=rng.randint(1, 4))
    people = [
        {
            "name": f"{STAFF[district]} (fiktiv)",
            "organisation": office,
            "rechtskreis": "Fallmanagement",
        }
    ]
    people += [
        {
            "name": f"{PARTNERS[k % len(PARTNERS)]} (fiktiv)",
            "organisation": f"{domain} (Beispiel)",
            "rechtskreis": domain,
        }
        for k, domain in enumerate(domains)
    ]
    actions = []
    for _ in range(rng.randint(1, 4)):
        due = date + dt.timedelta(days=rng.randint(10, 90))
        status = rng.choices(
            ("offen", "begonnen", "erledigt", "entfällt"),
            (4, 2, 4, 1) if due < today else (6, 3, 1, 0),
        )[0]
        actions.append(
            {
                "maßnahme": "Nächsten Schritt abstimmen und zurückmelden",
                "verantwortlich": people[-1]["organisation"],
                "frist": due.isoformat(),
                "status": status,
            }
        )
    meta: dict[str, Any] = {
        "art": "protokoll",
        "typ": "Fallkonferenz" if individual else "Fallrekonstruktion",
        # A reconstruction is anonymous: its own id, never the case's.
        **({"fall_id": case} if individual else {"rekonstruktion_id": f"REK-{date.year}-{n:04d}"}),
        "bezirk": district,
        "datum": date.isoformat(),
        # Two conferences of a case on one day are told apart by their start.
        "beginn": f"{8 + n // 60 % 9:02d}:{n % 60:02d}",
        "ort": "Kreishaus (Beispiel)",
        "moderation": f"{STAFF[district]} (fiktiv)",
        "protokoll": f"{STAFF[district]} (fiktiv)",
        "teilnehmende": people,
        "anlass": "Abstimmung der nächsten Schritte im Fall",
        "maßnahmen": actions,
        "aufbewahrung": "3 Jahre nach Abschluss des Falls, danach löschen"
        if individual
        else "2 Jahre nach der Konferenz, danach löschen",
    }  # fmt: skip
    if individual:
        meta["klient"] = {"name": f"{name} (fiktiv)"}
        meta["schweigepflichtentbindung"] = {
            "datum": (date - dt.timedelta(days=7)).isoformat(),
            "organisationen": [p["organisation"] for p in people[1:]],
            "datenkategorien": ["Aufenthalt", "Leistungen"],
            "gültig_bis": (date + dt.timedelta(days=365)).isoformat(),
        }
    body = "## Lage\n\nDie Beteiligten haben den Stand des Falls besprochen.\n"
    if rng.random() < 0.5:
        body += f"\n## Strukturelle Erkenntnisse\n\n- {rng.choice(FINDINGS)}\n"
    return meta, body


# Districts a county may get in addition (``extra``): id, name, case-id code, staff.
SMALL = ("kleinbezirk", "Kleinbezirk", "KL", "Kai Kleinbeispiel")
EMPTY = ("leerbezirk", "Leerbezirk", "LE", "Lea Leerbeispiel")


def _district_toml(district: str, name: str, code: str, staff: str) -> str:
    return f"""
# Ein zusätzlicher, erfundener Bezirk (tools/make_sample_county.py).
[[bezirke]]
id = "{district}"
name = "{name}"
"kürzel" = "{code}"
gemeinden = ["{name}dorf (Beispiel)"]

[bezirke.fallmanagement]
name = "{staff}"
funktion = "Fallmanagement {name}"

[bezirke.koordination]
name = "{staff}"
funktion = "Koordination {name}"

[bezirke.stellen]
fallmanagement = 0.5
koordination = 0.1
"""


def generate(
    target: Path,
    cases: int = 400,
    minutes: int | None = None,
    seed: int = SEED,
    year: int = 2026,
    extra: tuple[tuple[tuple[str, str, str, str], int], ...] = (),
) -> Path:
    """Write the county to ``target`` (emptied first) and return it.

    ``extra``: further districts (see ``SMALL``, ``EMPTY``) with their number of cases;
    they are written after the others, so that the county's own cases stay the same.
    """
    rng = random.Random(seed)
    minutes = cases // 5 if minutes is None else minutes
    today = dt.date(year, 11, 20)  # the documents are written as of the report's date
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in ("kimdocs.toml", "fakten.yaml", "gesetze.yaml", "glossar.yaml"):
        if (REPO / name).exists():  # the facts name their laws' versions in gesetze.yaml
            shutil.copy2(REPO / name, target / name)
    shutil.copytree(REPO / "templates", target / "templates")
    shutil.copytree(REPO / "content" / "berichte", target / "content" / "berichte")
    shutil.copytree(REPO / "content" / "bausteine", target / "content" / "bausteine")
    names = {
        str(d["id"]): str(d["name"])
        for d in tomllib.loads((target / "kimdocs.toml").read_text("utf-8"))["bezirke"]
    }
    ids = [d for d, _, _ in DISTRICTS]
    weights = [w for _, _, w in DISTRICTS]
    codes = {d: c for d, c, _ in DISTRICTS}
    counters = dict.fromkeys(ids, 0)
    made: list[tuple[str, str, str, dt.date]] = []
    for n in range(cases):
        district = rng.choices(ids, weights)[0]
        counters[district] += 1
        case = f"KIM-{codes[district]}-{year}-{counters[district]:04d}"
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        date = _day(rng, dt.date(year, 1, 5), dt.date(year, 11, 15))
        first = date - dt.timedelta(days=rng.randint(3, 60))
        folder = target / "content" / "vereinbarungen" / district
        folder.mkdir(parents=True, exist_ok=True)
        meta = _agreement(rng, case, district, 1, date, first, name, today, date)
        (folder / f"{case}.md").write_text(
            _front(meta, "## Ausgangslage\n\nErfundener Beispielfall.\n"), "utf-8"
        )
        _write_consent(target, case, district, date, name)
        again = date + dt.timedelta(days=rng.randint(80, 160))
        if again < today and rng.random() < 0.35:
            meta = _agreement(rng, case, district, 2, again, first, name, today, date)
            (folder / f"{case}-v2.md").write_text(
                _front(meta, "## Stand nach dem Re-Assessment\n\nErfundener Beispielfall.\n"),
                "utf-8",
            )
        made.append((case, district, name, date))
        del n
    config = target / "kimdocs.toml"
    for (district, label, code, staff), count in extra:
        config.write_text(
            config.read_text("utf-8") + _district_toml(district, label, code, staff), "utf-8"
        )
        folder = target / "content" / "vereinbarungen" / district
        for k in range(count):
            case = f"KIM-{code}-{year}-{k + 1:04d}"
            name = f"{FIRST[k % len(FIRST)]} {LAST[(k + 3) % len(LAST)]}"
            date = _day(rng, dt.date(year, 1, 5), dt.date(year, 6, 30))
            first = date - dt.timedelta(days=rng.randint(3, 60))
            meta = _agreement(rng, case, district, 1, date, first, name, today, date)
            meta["fallmanagement"] = {"name": f"{staff} (fiktiv)"}
            # One client with many goals: all of them are that client's data.
            meta["ziele"] = [g for _ in range(3) for g in _goals(rng, date, today, rated=False)]
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{case}.md").write_text(
                _front(meta, "## Ausgangslage\n\nErfundener Beispielfall.\n"), "utf-8"
            )
            _write_consent(target, case, district, date, name)
    for n in range(minutes):
        case, district, name, date = rng.choice(made)
        when = min(date + dt.timedelta(days=rng.randint(5, 120)), today)
        office = OFFICE.format(name=names[district])
        meta, body = _minutes(rng, n, district, when, case, name, today, office)
        folder = target / "content" / "protokolle" / district
        folder.mkdir(parents=True, exist_ok=True)
        reference = meta.get("fall_id") or meta["rekonstruktion_id"]
        (folder / f"{reference}-{meta['typ'].lower()}-{when.isoformat()}-{n:04d}.md").write_text(
            _front(meta, body), "utf-8"
        )
    return target


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Erfundenen Beispielkreis für den Controlling-Bericht erzeugen."
    )
    parser.add_argument("ziel", nargs="?", type=Path, default=REPO / "build" / "beispielkreis")
    parser.add_argument("--faelle", type=int, default=400, help="Anzahl Fälle (Standard: 400)")
    parser.add_argument(
        "--protokolle", type=int, default=None, help="Anzahl Protokolle (Standard: Fälle / 5)"
    )
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--kleiner-bezirk", type=int, default=None, help="ein Bezirk mit so vielen Fällen dazu"
    )
    parser.add_argument("--leerer-bezirk", action="store_true", help="ein Bezirk ohne Fälle dazu")
    args = parser.parse_args()
    extra = ((SMALL, args.kleiner_bezirk),) if args.kleiner_bezirk is not None else ()
    extra += ((EMPTY, 0),) if args.leerer_bezirk else ()
    target = generate(args.ziel, args.faelle, args.protokolle, args.seed, extra=extra)
    print(f"Beispielkreis geschrieben: {target}")


if __name__ == "__main__":
    main()
