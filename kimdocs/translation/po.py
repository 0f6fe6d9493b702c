"""Translation files in gettext PO format, read and written with polib.

One entry per segment: ``msgctxt`` is the segment's key, ``msgid`` the German text the
translation was made from, ``msgstr`` the translation. A comment keeps a digest of that
German text; exporting again after the German changed keeps the translation, notes the
old German as ``#| msgid`` and flags the entry ``fuzzy``, as translators' tools expect.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import polib

from kimdocs.base import dates
from kimdocs.base.errors import ContentError, Problem
from kimdocs.base.inputs import read_text
from kimdocs.translation.faithful import character_name, hidden_characters
from kimdocs.translation.languages import Language
from kimdocs.translation.segments import Segment, source_digest

DIGEST_MARK = "quelle-hash:"
UNREVIEWED_MARK = "ungeprüft"
NOTE_HEADER = "X-Kimdocs-Hinweis"  # shown on the translated document (a sample's mark)
_DIGEST = re.compile(rf"{DIGEST_MARK}\s*([0-9a-f]+)")
_LINE = re.compile(r"line (\d+)")


@dataclass(frozen=True)
class Entry:
    key: str
    source: str  # the German text the translation was made from
    text: str  # the translation ("" while untranslated)
    line: int
    fuzzy: bool
    digest: str  # of the German source, as recorded
    unreviewed: bool = False

    def stale_for(self, german: str) -> bool:
        return self.fuzzy or self.source != german or self.digest != source_digest(german)


@dataclass(frozen=True)
class TranslationFile:
    path: Path
    entries: dict[str, Entry]
    revised: dt.date | None  # PO-Revision-Date: the translation's "Stand"
    note: str  # e.g. "Beispielübersetzung – vor Verwendung prüfen lassen"


def read_po(path: Path, root: Path | None = None) -> TranslationFile:
    """A translation file, or a ContentError in German naming the file and line.

    Read through the guarded reader (a regular file, inside the project ``root``, not too
    big, UTF-8); checked line by line before polib reads it, which passes over an unclosed
    quote and loses a character; characters that reorder or hide text are refused.
    """
    text = read_text(path, root=root)
    problems = syntax_problems(text, path) + hidden_problems(text, path)
    if problems:
        raise ContentError(problems)
    try:
        catalog = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError, UnicodeError) as exc:
        found = _LINE.search(str(exc))
        raise ContentError(
            Problem(
                "Die Übersetzungsdatei ist kein gültiges PO-Format"
                + (f" (Fehler in Zeile {found.group(1)})" if found else "")
                + ". Bitte mit einem Übersetzungsprogramm (z. B. Poedit) öffnen und "
                "speichern oder neu exportieren: „kimdocs übersetzung exportieren“.",
                file=path,
                line=int(found.group(1)) if found else None,
            )
        ) from None
    rows = text.splitlines()
    entries: dict[str, Entry] = {}
    for item in catalog:
        if item.obsolete or item.msgctxt is None:
            continue
        digest = _DIGEST.search(item.comment or "")
        entries[item.msgctxt] = Entry(
            key=item.msgctxt,
            source=item.msgid,
            text=item.msgstr,
            line=_msgstr_line(rows, item.linenum or 1),
            fuzzy=item.fuzzy,
            digest=digest.group(1) if digest else source_digest(item.msgid),
            unreviewed=UNREVIEWED_MARK in (item.tcomment or ""),
        )
    return TranslationFile(
        path,
        entries,
        _revised(catalog.metadata.get("PO-Revision-Date", "")),
        catalog.metadata.get(NOTE_HEADER, "").strip(),
    )


# One line of a PO file, as gettext's msgfmt takes it: a comment, a keyword with a quoted
# string, or a further quoted string. Obsolete (#~) and previous (#|) entries are lines of
# the same kind behind their mark.
_QUOTED = r'"(?:[^"\\]|\\.)*"'
_PO_LINE = re.compile(rf"\s*(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?{_QUOTED}\s*")
_COMMENT_ENTRY = re.compile(r"#[~|]\s?(.*)")


def syntax_problems(text: str, path: Path) -> list[Problem]:
    """Every line that is not PO syntax, with its number (polib guesses past them)."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        body = line
        entry = _COMMENT_ENTRY.fullmatch(line)
        if entry:
            body = entry.group(1)
            if not body.strip():
                continue
        elif not line.strip() or line.startswith("#"):
            continue
        if not _PO_LINE.fullmatch(body):
            why = (
                "ein Anführungszeichen wird nicht geschlossen"
                if (body.count('"') - body.count('\\"')) % 2
                else "das ist keine Zeile einer PO-Datei"
            )
            problems.append(
                Problem(
                    f"Die Übersetzungsdatei ist kein gültiges PO-Format: {why} "
                    f"(„{_shown(line)}“). Texte stehen in geraden Anführungszeichen "
                    '"…", ein " im Text als \\". Bitte mit einem Übersetzungsprogramm '
                    "(z. B. Poedit) öffnen und speichern.",
                    file=path,
                    line=number,
                )
            )
    return problems


def hidden_problems(text: str, path: Path) -> list[Problem]:
    """Characters that reorder or hide text (a bidi override shows "552 €" for 255 €)."""
    return [
        Problem(
            f"Die Übersetzung enthält ein unsichtbares Steuerzeichen ({character_name(char)}). "
            "Es kann die Reihenfolge von Zeichen umkehren oder Text verstecken, sodass "
            "Zahlen und Beträge anders erscheinen, als sie dastehen. Bitte das Zeichen "
            "entfernen (in Poedit: Text neu eintippen).",
            file=path,
            line=line,
        )
        for line, char in hidden_characters(text)
    ]


def _shown(line: str, limit: int = 60) -> str:
    line = line.strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _msgstr_line(rows: list[str], start: int) -> int:
    """The line of an entry's translation (polib counts from the entry's first comment)."""
    for number in range(start, len(rows) + 1):
        if rows[number - 1].startswith("msgstr"):
            return number
    return start


def _revised(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def write_po(
    path: Path,
    language: Language,
    title: str,
    segments: list[Segment],
    suggestions: dict[str, str],
) -> polib.POFile:
    """Write or update ``path``: new segments added, changed ones flagged, translations kept.

    ``suggestions`` are shipped translations of fixed texts, entered as unreviewed.
    """
    if path.is_file():
        catalog = polib.pofile(read_text(path), wrapwidth=0)
    else:
        catalog = polib.POFile(wrapwidth=0)
        catalog.metadata = {
            "Project-Id-Version": title,
            "PO-Revision-Date": dates.today().isoformat(),
            "Language": language.code,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
        }
    old = {e.msgctxt: e for e in catalog if e.msgctxt is not None and not e.obsolete}
    fresh = polib.POFile(wrapwidth=0)
    fresh.metadata = catalog.metadata
    fresh.header = catalog.header or (
        f"Übersetzung von „{title}“ ins {language.name}e ({language.native}).\n"
        "msgctxt: Stelle im Dokument; msgid: deutscher Text; msgstr: Übersetzung.\n"
        "Platzhalter wie {fakt:name} oder {datum} bitte unverändert übernehmen."
    )
    for segment in segments:
        entry = old.pop(segment.key, None)
        comment = f"{segment.note}\n{DIGEST_MARK} {segment.digest}".strip()
        if entry is None:
            entry = polib.POEntry(msgctxt=segment.key, msgid=segment.text, msgstr="")
            if segment.key in suggestions:
                entry.msgstr = suggestions[segment.key]
                entry.tcomment = f"{UNREVIEWED_MARK}: mitgelieferte Übersetzung, bitte prüfen"
        elif entry.msgid != segment.text:
            entry.previous_msgid = entry.msgid
            entry.msgid = segment.text
            if entry.msgstr and "fuzzy" not in entry.flags:
                entry.flags.append("fuzzy")
        entry.comment = comment
        entry.occurrences = (
            [(path.with_suffix("").stem + ".md", str(segment.line))] if (segment.line) else []
        )
        fresh.append(entry)
    for entry in old.values():  # segments the German no longer has: kept, but not used
        entry.obsolete = True
        fresh.append(entry)
    return fresh
