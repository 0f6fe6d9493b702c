"""The rules: stable ids, default severities and German names.

Kept free of heavy imports, so that the project configuration and the flyer
schema can validate rule ids without loading any language model.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    ERROR = "Fehler"
    WARNING = "Warnung"
    HINT = "Hinweis"


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    area: str  # Wort, Satz, Text
    title: str


# Default severities are calibrated on published Leichte-Sprache sentences (StaGE):
# the error rules together flag at most 15 % of them (see benchmarks/leichte_sprache.py).
RULES: tuple[Rule, ...] = (
    Rule("LS-WORT-LANG", Level.WARNING, "Wort", "Langes Wort ohne Trennung"),
    Rule("LS-WORT-SELTEN", Level.WARNING, "Wort", "Seltenes Wort ohne Erklärung"),
    Rule("LS-WORT-ABK", Level.ERROR, "Wort", "Abkürzung"),
    Rule("LS-WORT-ZAHLWORT", Level.WARNING, "Wort", "Zahl als Wort statt als Ziffer"),
    Rule("LS-WORT-ZAHL", Level.WARNING, "Wort", "Schwere Zahl"),
    Rule("LS-WORT-DATUM", Level.ERROR, "Wort", "Datum in Ziffern"),
    Rule("LS-WORT-ZEICHEN", Level.WARNING, "Wort", "Sonderzeichen"),
    Rule("LS-SATZ-LANG", Level.ERROR, "Satz", "Langer Satz"),
    Rule("LS-SATZ-AUSSAGE", Level.WARNING, "Satz", "Mehr als eine Aussage"),
    Rule("LS-SATZ-PASSIV", Level.ERROR, "Satz", "Passiv"),
    Rule("LS-SATZ-GENITIV", Level.ERROR, "Satz", "Genitiv"),
    Rule("LS-SATZ-KONJUNKTIV", Level.ERROR, "Satz", "Konjunktiv"),
    Rule("LS-SATZ-VERNEINUNG", Level.WARNING, "Satz", "Verneinung"),
    Rule("LS-SATZ-PRAETERITUM", Level.WARNING, "Satz", "Präteritum"),
    Rule("LS-TEXT-MAN", Level.WARNING, "Text", "„man“ statt direkter Anrede"),
    Rule("LS-TEXT-VERWEIS", Level.ERROR, "Text", "Verweis auf eine andere Stelle"),
    Rule("LS-TEXT-STRUKTUR", Level.WARNING, "Text", "Aufbau: Absätze, Überschriften, Listen"),
)

BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
LEVELS: dict[str, Level] = {level.value.lower(): level for level in Level} | {
    "error": Level.ERROR,
    "warning": Level.WARNING,
    "hint": Level.HINT,
}


def unknown_rule_message(rule_id: str) -> str:
    import difflib

    guess = difflib.get_close_matches(rule_id.upper(), list(BY_ID), n=1, cutoff=0.6)
    hint = f" Meinten Sie „{guess[0]}“?" if guess else f" Bekannt sind: {', '.join(BY_ID)}."
    return f"Unbekannte Regel „{rule_id}“.{hint}"
