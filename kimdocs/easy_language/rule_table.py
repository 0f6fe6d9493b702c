"""The rules: stable ids, default severities and German names.

Kept free of heavy imports, so that the project configuration and the flyer
schema can validate rule ids without loading any language model.
"""

from __future__ import annotations

from dataclasses import dataclass

from kimdocs.base.errors import Severity


@dataclass(frozen=True)
class Rule:
    id: str
    level: Severity
    area: str  # Wort, Satz, Text
    title: str


# Default severities are calibrated on published Leichte-Sprache sentences (StaGE):
# the error rules together flag at most 15 % of them (see benchmarks/leichte_sprache.py).
RULES: tuple[Rule, ...] = (
    Rule("LS-WORT-LANG", Severity.WARNING, "Wort", "Langes Wort ohne Trennung"),
    Rule("LS-WORT-SELTEN", Severity.WARNING, "Wort", "Seltenes Wort ohne Erklärung"),
    Rule("LS-WORT-ABK", Severity.ERROR, "Wort", "Abkürzung"),
    Rule("LS-WORT-ZAHLWORT", Severity.WARNING, "Wort", "Zahl als Wort statt als Ziffer"),
    Rule("LS-WORT-ZAHL", Severity.WARNING, "Wort", "Schwere Zahl"),
    Rule("LS-WORT-DATUM", Severity.WARNING, "Wort", "Datum in Ziffern"),
    Rule("LS-WORT-FALL", Severity.WARNING, "Wort", "Zahl mit Einheit im falschen Fall"),
    Rule("LS-WORT-ZEICHEN", Severity.WARNING, "Wort", "Sonderzeichen"),
    Rule("LS-SATZ-LANG", Severity.ERROR, "Satz", "Langer Satz"),
    Rule("LS-SATZ-AUSSAGE", Severity.WARNING, "Satz", "Mehr als eine Aussage"),
    Rule("LS-SATZ-PASSIV", Severity.ERROR, "Satz", "Passiv"),
    Rule("LS-SATZ-GENITIV", Severity.ERROR, "Satz", "Genitiv"),
    Rule("LS-SATZ-KONJUNKTIV", Severity.ERROR, "Satz", "Konjunktiv"),
    Rule("LS-SATZ-VERNEINUNG", Severity.WARNING, "Satz", "Verneinung"),
    Rule("LS-SATZ-PRAETERITUM", Severity.WARNING, "Satz", "Präteritum"),
    Rule("LS-TEXT-MAN", Severity.WARNING, "Text", "„man“ statt direkter Anrede"),
    Rule("LS-TEXT-VERWEIS", Severity.ERROR, "Text", "Verweis auf eine andere Stelle"),
    Rule("LS-TEXT-STRUKTUR", Severity.WARNING, "Text", "Aufbau: Absätze, Überschriften, Listen"),
    Rule("LS-TEXT-FAKT", Severity.WARNING, "Text", "Zahl oder Datum aus fakten.yaml ohne Fakt"),
    Rule(
        "LS-TEXT-ERKLAERT", Severity.WARNING, "Text", "Schweres Wort erst nach der Stelle erklärt"
    ),
    Rule("LS-TEXT-LEICHTER", Severity.WARNING, "Text", "Erklärung schwerer als das Erklärte"),
)

BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
SEVERITIES: dict[str, Severity] = {level.value.lower(): level for level in Severity} | {
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "hint": Severity.HINT,
}


def unknown_rule_message(rule_id: str) -> str:
    from kimdocs.base.wording import did_you_mean

    hint = did_you_mean(rule_id, BY_ID) or f" Bekannt sind: {', '.join(BY_ID)}."
    return f"Unbekannte Regel „{rule_id}“.{hint}"
