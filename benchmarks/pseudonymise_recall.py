"""How much the pseudonymiser removes, and how much it changes that it should not.

    python benchmarks/pseudonymise_recall.py            # 48 notes, the table
    python benchmarks/pseudonymise_recall.py --notizen 200

Synthetic case notes, written as case managers write them (all persons fictional), with
every identifier marked as it is made: the client's and relatives' names (some only in the
text, as children's names usually are), staff names, birth dates in the spellings notes
use (14.7.91, 14/07/1991, "geb. Februar 1988"), event dates, case ids in any spelling,
ages and towns. Each note goes through the pseudonymiser's text engine sentence by
sentence, with the case data a conference would give it.

Printed: the recall for names and for dates (the share of marked ones no longer in the
copy; goal ≥ 99 %), the share of sentences without any identifier that were changed
anyway (false alarms), and the time per note; then the matcher's time over 2,000 notes
with 6,000 known names against 600 (linear: about 1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kimdocs.cases.pseudonym_text import CaseData, Engine
from kimdocs.text.identifiers import name_key
from kimdocs.text.names import NameMatcher

FIRST = {
    "syrisch": ["Omar", "Lina", "Sami", "Rasha", "Khaled", "Nour", "Yara", "Tarek", "Hiba"],
    "afghanisch": ["Farid", "Zahra", "Mursal", "Habib", "Parwana", "Nasrin", "Jawad"],
    "eritreisch": ["Dawit", "Selam", "Tesfaye", "Rahwa", "Yonas", "Semhar", "Filmon"],
    "ukrainisch": ["Oksana", "Dmytro", "Olena", "Bohdan", "Iryna", "Taras", "Mariia"],
    "türkisch": ["Emre", "Elif", "Yusuf", "Zeynep", "Mehmet", "Ayşe", "Burak"],
    "irakisch": ["Ahmad", "Fatima", "Hassan", "Zainab", "Mustafa", "Maryam", "Ali"],
}
FAMILY = [
    "Haddad-Beispiel",
    "Ausgedachtmann",
    "Platzhalterenko",
    "Ağaoğlu-Şahin",
    "Beispielović",
    "Musterzadeh",
    "Tesfamariam-Probe",
    "Erfundani",
    "Fiktivuk",
    "Probehaddad",
]
STAFF = ["Selma Mustermann", "Fiona Fiktiv", "Nora Nordbeispiel", "Bertram Erfunden"]
TOWNS = {"Telgte": "Nordkreis", "Oelde": "Südkreis", "Ahlen": "Ahlen", "Beckum": "Beckum"}
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August"]
NEUTRAL = [
    "Der Integrationskurs beginnt nach den Sommerferien.",
    "Das Jobcenter prüft die Unterlagen bis zur nächsten Konferenz.",
    "Eine Wohnung mit drei Zimmern wird weiter gesucht.",
    "Die Anerkennung des Berufsabschlusses läuft noch.",
    "Die Probe im Sprachkurs hat die Klientin bestanden.",
    "Im Mai soll der Antrag gestellt werden.",
    "Die Koordinierungsstelle lädt zur nächsten Planungskonferenz ein.",
    "Der Aufenthalt ist bis 2028 gesichert.",
    "Die Familie braucht Hilfe bei Briefen der Behörden.",
    "Seit drei Jahren lebt die Familie im Kreis.",
    "Hoffnung macht der neue Kursplatz mit Kinderbetreuung.",
    "Will die Klientin arbeiten, braucht sie einen Kitaplatz.",
    "Die Schuldnerberatung hat einen Haushaltsplan aufgestellt.",
    "Der Mietvertrag wird vom Jobcenter als angemessen anerkannt.",
    "Die Beratung findet mit Sprachmittlung statt.",
    "Frau und Mann teilen sich die Termine bei den Ämtern.",
    "Das Ziel ist eine Stelle in der Pflege nach dem Kurs.",
    "Die Ausländerbehörde hat die Fiktionsbescheinigung ausgestellt.",
    "Über die Verlängerung entscheidet die Behörde im Herbst.",
    "Die Kinder gehen gern zur Schule und haben Freunde gefunden.",
]


@dataclass
class Note:
    case: CaseData
    sentences: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)


def _date(rng: random.Random, year: int) -> dt.date:
    return dt.date(year, rng.randint(1, 12), rng.randint(1, 28))


def _birth(rng: random.Random, day: dt.date) -> tuple[str, str]:
    """A birth date as notes write it, and the part that must vanish."""
    forms = [
        (f"(geb. {day:%d.%m.%Y})", f"{day:%d.%m.%Y}"),
        (f"(geb. {day.day}.{day.month}.{day:%y})", f"{day.day}.{day.month}.{day:%y}"),
        (f"geboren am {day:%d/%m/%Y}", f"{day:%d/%m/%Y}"),
        (f"(geb. {day:%d-%m-%Y})", f"{day:%d-%m-%Y}"),
        (f"geboren im {MONTHS[min(day.month, 8) - 1]} {day.year}", f"{day.year}"),
        (f"(Geburtsdatum: {day:%d.%m.%y})", f"{day:%d.%m.%y}"),
    ]
    return rng.choice(forms)


def make_notes(count: int, seed: int = 29) -> list[Note]:
    rng = random.Random(seed)
    notes = []
    for _ in range(count):
        origin = rng.choice(list(FIRST))
        firsts = rng.sample(FIRST[origin], 4)
        family = rng.choice(FAMILY)
        client = f"{firsts[0]} {family}"
        spouse = f"{firsts[1]} {family.split('-')[0]}"
        kids = firsts[2:4]
        staff = rng.choice(STAFF)
        town = rng.choice(list(TOWNS))
        code = rng.choice(["SK", "NK", "AH", "BE"])
        case_id = f"KIM-{code}-2026-{rng.randint(1, 999):04d}"
        born = _date(rng, rng.randint(1975, 1998))
        event = _date(rng, 2026)
        listed = rng.random() < 0.5  # relatives in the agreement, or only in the text
        case = CaseData(
            client=client,
            relatives=[spouse, *kids] if listed else [],
            staff=[staff],
            birth_dates=[],
            case_ids=[case_id],
            codes=["SK", "NK", "AH", "BE"],
            towns=TOWNS,
            day=dt.date(2026, 9, 1),
            reference="REK-2026-050",
        )
        note = Note(case)
        birth, birth_gone = _birth(rng, born)
        title = rng.choice(["Frau", "Herr"])
        ids = [
            (
                f"{title} {family} {birth} lebt mit {rng.choice(['ihrem Mann', 'seiner Frau'])} "
                f"{spouse} und den Kindern {kids[0]} ({rng.randint(3, 9)}) und {kids[1]} "
                f"({rng.randint(10, 17)}) in {town}.",
                [
                    ("Name", family),
                    ("Name", spouse),
                    ("Name", kids[0]),
                    ("Name", kids[1]),
                    ("Datum", birth_gone),
                ],
            ),
            (
                f"Am {event:%d.%m.%Y} war {title} {family.split('-')[0]} mit {staff} bei der "
                "Ausländerbehörde.",
                [("Name", family.split("-")[0]), ("Name", staff), ("Datum", f"{event:%d.%m.%Y}")],
            ),
            (
                f"{kids[0]} ist {rng.randint(10, 17)} J. alt und braucht einen Schulplatz.",
                [("Name", kids[0])],
            ),
            (
                rng.choice(
                    [
                        f"Siehe {case_id.replace('-', ' ')}.",
                        f"Siehe Fall {code}-{case_id[-4:]}.",
                        f"Siehe {case_id}.",
                    ]
                ),
                [("Fall-ID", case_id[-4:])],
            ),
            (
                f"{spouse.split()[0]} arbeitet seit dem {event:%d.%m.%y} in einer Bäckerei.",
                [("Name", spouse.split()[0]), ("Datum", f"{event:%d.%m.%y}")],
            ),
            (
                f"Die Tochter {kids[1]} ist {rng.randint(14, 17)}jährig und sucht ein Praktikum.",
                [("Name", kids[1])],
            ),
        ]
        neutral = [(s, []) for s in rng.sample(NEUTRAL, 5)]
        mixed: list[tuple[str, list[tuple[str, str]]]] = [*ids, *neutral]
        rng.shuffle(mixed)
        note.sentences = mixed
        notes.append(note)
    return notes


def _gone(kind: str, text: str, output: str) -> bool:
    if kind == "Name":
        words = [w for w in re.split(r"[\s-]+", text) if len(w) >= 3]
        plain = name_key(output)
        return not any(re.search(rf"(?<!\w){re.escape(name_key(w))}", plain) for w in words)
    return text not in output


def measure(notes: list[Note]) -> dict[str, float]:
    counts = {"Name": [0, 0], "Datum": [0, 0], "Fall-ID": [0, 0]}
    neutral = changed = 0
    start = time.perf_counter()
    for note in notes:
        work = Engine(note.case)
        work.learn(sentence for sentence, _ in note.sentences)  # as for a whole copy
        for sentence, marks in note.sentences:
            out = work.text(sentence, "Notiz")
            if not marks:
                neutral += 1
                changed += out != sentence
            for kind, text in marks:
                counts[kind][0] += 1
                counts[kind][1] += _gone(kind, text, out)
    seconds = time.perf_counter() - start
    return {
        **{f"{k}_recall": v[1] / v[0] for k, v in counts.items() if v[0]},
        **{f"{k}_n": v[0] for k, v in counts.items()},
        "false_alarms": changed / neutral if neutral else 0.0,
        "neutral": neutral,
        "ms_per_note": 1000 * seconds / len(notes),
    }


def matcher_growth() -> float:
    """Time over 2,000 notes with 6,000 names against 600: the matcher is linear."""
    rng = random.Random(34)
    syllables = ["ka", "lo", "mi", "ra", "tes", "fa", "zu", "den", "bor", "vi", "nas", "hel"]

    def name() -> str:
        return "".join(rng.choice(syllables) for _ in range(4)).capitalize()

    texts = [" ".join(s for s, _ in note.sentences) for note in make_notes(2000, seed=34)]
    timings = []
    for size in (600, 6000):
        matcher = NameMatcher([(f"{name()} {name()}", n) for n in range(size)])
        start = time.perf_counter()
        for text in texts:
            matcher.find(text)
        timings.append(time.perf_counter() - start)
    return timings[1] / timings[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notizen", type=int, default=48)
    args = parser.parse_args()
    notes = make_notes(max(args.notizen, 40))
    found = measure(notes)
    growth = matcher_growth()
    rows = [
        ("Fallnotizen", f"{len(notes)}", ""),
        ("Namen entfernt", f"{found['Name_recall']:.1%} von {found['Name_n']}", "≥ 99 %"),
        ("Daten entfernt", f"{found['Datum_recall']:.1%} von {found['Datum_n']}", "≥ 99 %"),
        ("Fall-IDs entfernt", f"{found['Fall-ID_recall']:.1%} von {found['Fall-ID_n']}", ""),
        (
            "Sätze ohne Kennung verändert",
            f"{found['false_alarms']:.1%} von {found['neutral']}",
            "klein",
        ),
        ("Zeit je Notiz", f"{found['ms_per_note']:.1f} ms", ""),
        ("Abgleich: 6000 gegen 600 Namen", f"{growth:.2f}-fach", "≈ 1 (linear im Text)"),
    ]
    width = max(len(r[0]) for r in rows)
    for label, value, goal in rows:
        print(f"{label:<{width}}  {value:<22} {goal}")


if __name__ == "__main__":
    main()
