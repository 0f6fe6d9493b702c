"""What a user types into the skeletons of ``kimdocs init`` and ``kimdocs new``.

Every placeholder «…» the skeletons leave has a value here, as an office would fill it
in (all persons fictional). A placeholder without a value fails the test that fills it,
so that a new placeholder is never left unnoticed.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

PLACEHOLDER = re.compile(r"«[^«»\n]+»")

FILLED = {
    # Vereinbarung
    "«Vorname Nachname»": "Hana Beispiel (fiktiv)",
    "«Vorname Nachname der Fallmanagerin / des Fallmanagers»": "Frida Fallbeispiel (fiktiv)",
    "«Telefon oder E-Mail»": "fallmanagement@kreis.example",
    "«Das Ergebnis, das erreicht werden soll»": "Frau Beispiel hat das Sprachniveau B1.",
    "«Woran man erkennt, dass das Ziel erreicht ist»": "Das Zertifikat B1 liegt vor.",
    "«Erster Schritt»": "Anmeldung zum Integrationskurs",
    "«Wer ihn geht, z. B. Klientin / Klient»": "Klientin",
    "«Kurze Beschreibung der Lage in den Handlungsfeldern, nur mit den nötigen Angaben.»": (
        "Frau Beispiel lebt seit 2025 in Musterstadt und besucht noch keinen Sprachkurs."
    ),
    "«Was die Klientin / der Klient mitbringt»": "gute Englischkenntnisse",
    "«Was die Klientin / der Klient selbst erreichen möchte, in ihren / seinen Worten.»": (
        "Frau Beispiel möchte wieder als Pflegehelferin arbeiten."
    ),
    # Einwilligung
    "«Organisation»": "Jobcenter",
    # Protokoll
    "«Raum und Gebäude»": "Rathaus Musterstadt, Raum 12",
    "«Vorname Nachname der Moderation»": "Kai Koordinationsprobe (fiktiv)",
    "«Vorname Nachname der protokollführenden Person»": "Frida Fallbeispiel (fiktiv)",
    "«Vorname Nachname der Partnerin / des Partners»": "Jana Jobcenterprobe (fiktiv)",
    "«Warum die Fallkonferenz stattfindet»": "Abstimmung der nächsten Schritte zum Sprachkurs",
    "«Was getan wird»": "Berechtigungsschein für den Integrationskurs ausstellen",
    "«Wer es tut»": "Jobcenter",
    "«Nur die Angaben, die für die Konferenz nötig sind.»": "Ein Kursplatz fehlt noch.",
    "«In ihren / seinen Worten.»": "„Ich möchte schnell Deutsch lernen.“",
    "«Einschätzung»": "Ein Kurs mit Kinderbetreuung passt am besten.",
    "«Was noch zu klären ist»": "Kinderbetreuung während des Kurses",
    "«Anonyme Hinweise für die Koordinierungsstelle, zum Beispiel Lücken im Angebot.»": (
        "Es gibt zu wenige Integrationskurse mit Kinderbetreuung."
    ),
    # Fallrekonstruktion
    "«Welche Hürden der Fall zeigt, ohne Angaben zur Person»": (
        "Zugang zu Integrationskursen mit Kinderbetreuung im Familiennachzug"
    ),
    "«Der Verlauf in Monaten, die Person nur als „die Klientin“ oder „der Klient“.»": (
        "Im März 2026 kam die Klientin zum Fallmanagement; ein Kursplatz fehlt bis heute."
    ),
    # Pressemitteilung
    "«Überschrift der Pressemitteilung»": "Integrationsmanagement berät jetzt auch donnerstags",
    "«Eine Zeile, die die Überschrift ergänzt»": "Neue Sprechzeiten im Rathaus",
    "«Ort»": "Musterstadt",
    "«Wer hat was wann wo wie und warum getan? Der Vorspann beantwortet die W-Fragen in "
    "zwei bis drei Sätzen.»": (
        "Das Kommunale Integrationsmanagement berät ab Mai auch donnerstags. Termine gibt es "
        "telefonisch und per E-Mail."
    ),
    "«Der Text der Pressemitteilung in Absätzen. Die wichtigsten Angaben zuerst.»": (
        "Die Beratung findet im Rathaus statt. Sie ist kostenlos und vertraulich."
    ),
    # Bericht
    "«Kurze Zusammenfassung für das Gremium: Was ist erreicht, wo muss gegengesteuert "
    "werden?»": "Die Fallzahlen sind gestiegen; Kurse mit Kinderbetreuung fehlen weiter.",
    "«Wie sind die Zahlen zu lesen? Was hat sich gegenüber dem letzten Bericht "
    "verändert?»": "Kleine Zahlen erscheinen als „< 5“, damit niemand erkennbar wird.",
    "«Was ist für das nächste Halbjahr geplant?»": "Zwei weitere Kurse mit Kinderbetreuung.",
    # Bleibeperspektive
    "«Tag der Einreise»": "2019-10-01",
    "«Grundlage, z. B. Duldung»": "Duldung",
    "«Erster Tag»": "2021-06-01",
    "«Nur, was für die Prüfung wichtig ist. Das Arbeitsblatt zeigt diesen Text unter den "
    "Karten.»": "Der Pass ist beantragt; die Ausländerbehörde hat den Eingang bestätigt.",
    # Flyer in Leichter Sprache
    "«Titel in Leichter Sprache»": "Beratung im Rathaus",
    "«Worum es geht, in einem Satz»": "So bekommen Sie Hilfe beim Amt.",
    "«Gesetz und Paragraf, auf denen die Angaben beruhen»": "Sprechzeiten des Rathauses",
    "«Ein kurzer Satz: Worum geht es?»": "Sie haben Fragen zu Ihrem Leben in Deutschland.",
    "«Jeder Satz hat nur eine Aussage.»": "Wir helfen Ihnen gern.",
    "«Erster Schritt.»": "Rufen Sie uns an.",
    "«Zweiter Schritt.»": "Kommen Sie zu Ihrem Termin.",
}

# kimdocs.toml of "kimdocs init": the press contact that check asks for, and the data
# protection officer and storage period the consent forms print.
PRESS_CONTACT = {
    'telefon = ""\nemail = ""\n\n# Bezirke': (
        'telefon = "01234 000-0 (fiktiv)"\nemail = "presse@kreis.example"\n\n# Bezirke'
    ),
    "«Wie lange die Daten gespeichert werden und warum»": (
        "Die Daten werden bis zum Abschluss der Beratung gespeichert und danach drei Jahre "
        "aufbewahrt."
    ),
    "«Dasselbe in Leichter Sprache»": "Wir heben Ihre Daten 3 Jahre nach der Beratung auf.",
    "«Name der oder des Datenschutzbeauftragten»": "Dana Datenschutzprobe (fiktiv)",
    "«Anschrift»": "Musterstraße 1, 00000 Musterstadt",
    "«Telefon»": "01234 000-9 (fiktiv)",
    "«E-Mail»": "datenschutz@kreis.example",
}


def _lines(text: str) -> list[tuple[bool, str]]:
    """Each line with whether it is a comment of the front matter (hints, never checked)."""
    out, dashes = [], 0
    for line in text.split("\n"):
        dashes += line == "---"
        out.append((dashes == 1 and line.lstrip().startswith("#"), line))
    return out


def placeholders_in(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [p for comment, ln in _lines(text) if not comment for p in PLACEHOLDER.findall(ln)]


def fill(path: Path) -> None:
    """Replace every placeholder of a file by what an office would write there."""
    unknown = sorted({p for p in placeholders_in(path) if p not in FILLED})
    assert not unknown, f"Platzhalter ohne Wert in tests/skeletons.py: {unknown}"
    lines = []
    for comment, line in _lines(path.read_text(encoding="utf-8")):
        for placeholder, value in FILLED.items():
            line = line if comment else line.replace(placeholder, value)
        lines.append(line)
    path.write_text("\n".join(lines), encoding="utf-8")


def fill_project(root: Path) -> list[Path]:
    """Fill every skeleton under content/ and the press contact of kimdocs.toml."""
    filled = sorted(p for p in (root / "content").rglob("*.md") if placeholders_in(p))
    for path in filled:
        fill(path)
    config = root / "kimdocs.toml"
    text = config.read_text(encoding="utf-8")
    for old, new in PRESS_CONTACT.items():
        assert old in text, old
        text = text.replace(old, new)
    config.write_text(text, encoding="utf-8")
    return filled


def placeholder_fields(path: Path) -> set[str]:
    """Each front-matter field and each line of text that holds a placeholder.

    Read with plain PyYAML, independently of kimdocs, to count the messages ``check`` must
    give: one per field (``klient.name``), one per line of text (``Text:50``).
    """
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    found: set[str] = set()

    def walk(value: object, field: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{field}.{key}" if field else str(key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{field}[{index + 1}]")
        elif isinstance(value, str) and PLACEHOLDER.search(value):
            found.add(field)

    walk(yaml.load(front, Loader=yaml.BaseLoader), "")
    first_body_line = front.count("\n") + 3  # after the opening and the closing "---"
    for index, line in enumerate(body.split("\n")):
        if PLACEHOLDER.search(line):
            found.add(f"Text:{first_body_line + index}")
    return found
