"""Write kimdocs/translation/texte/LANG.po from a table of fixed template texts.

Usage: python tools/shipped_texts.py [tools/shipped_texts.json]  (the table is
{german: {language code: translation}}, keyed by code so that a new language is a new key,
never a shifted column). Every entry is marked unreviewed until a native speaker checked it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

from kimdocs.translation.languages import LANGUAGES
from kimdocs.translation.po import DIGEST_MARK, UNREVIEWED_MARK
from kimdocs.translation.segments import source_digest, template_key

TEXTS = Path(__file__).resolve().parent.parent / "kimdocs" / "translation" / "texte"


def main(table_file: str) -> None:
    table: dict[str, dict[str, str]] = json.loads(Path(table_file).read_text(encoding="utf-8"))
    for code in LANGUAGES:
        catalog = polib.POFile(wrapwidth=0)
        catalog.header = (
            f"Feste Texte der mitgelieferten Vorlagen: {LANGUAGES[code].name}.\n"
            "Ungeprüft: bitte von einer Muttersprachlerin oder einem Muttersprachler prüfen "
            "lassen und dann X-Kimdocs-Geprueft auf „ja“ setzen."
        )
        catalog.metadata = {
            "Language": code,
            "Content-Type": "text/plain; charset=UTF-8",
            "X-Kimdocs-Geprueft": "nein",
        }
        for german, translations in table.items():
            entry = polib.POEntry(
                msgctxt=template_key(german), msgid=german, msgstr=translations.get(code, "")
            )
            entry.comment = f"{DIGEST_MARK} {source_digest(german)}"
            entry.tcomment = UNREVIEWED_MARK
            catalog.append(entry)
        catalog.save(str(TEXTS / f"{code}.po"))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).with_name("shipped_texts.json")))
