"""Translations of the templates' fixed texts that ship with kimdocs.

They lie in ``texte/LANG.po``, keyed like the project's own (``vorlage.…``); a project's
translation file overrides them. Entries nobody has checked carry ``ungeprüft``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polib

TEXTS_DIR = Path(__file__).with_name("texte")


@cache
def shipped(code: str) -> dict[str, str]:
    """Fixed texts in language ``code``, by segment key (empty if none ship)."""
    path = TEXTS_DIR / f"{code}.po"
    if not path.is_file():
        return {}
    catalog = polib.pofile(str(path), wrapwidth=0)
    return {e.msgctxt: e.msgstr for e in catalog if e.msgctxt and e.msgstr and not e.obsolete}
