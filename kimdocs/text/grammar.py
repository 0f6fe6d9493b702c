"""Numbers with a unit in the wrong case: "Sind Sie 16 Jahren alt?", "seit 3 Jahre".

A fact's unit is written in one case (``einheit``) and may carry others (``formen``); the
text chooses (``[[fakt:name:dativ]]``). These checks read the words around a number with
its unit and say when the ending cannot be right. They know the units that change in
the dative plural (Jahre/Jahren, Monate/Monaten, Tage/Tagen) and nothing else, so that
they never guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Plural units with a dative of their own: nominative and accusative → dative.
DATIVE = {"Jahre": "Jahren", "Monate": "Monaten", "Tage": "Tagen"}
NOMINATIVE = {dative: plain for plain, dative in DATIVE.items()}
# Prepositions that take the dative before a span of time or an age: "seit 3 Jahren",
# "ab 16 Jahren", "unter 18 Jahren", "nach 5 Jahren", "vor 2 Jahren", "mit 14 Jahren".
DATIVE_PREPOSITIONS = frozenset(
    {"ab", "aus", "bei", "binnen", "in", "mit", "nach", "seit", "unter", "von", "vor"}
)
# Words that may stand between the preposition and the number: "seit mindestens 3 Jahren".
QUALIFIERS = frozenset({"mindestens", "höchstens", "genau", "etwa", "rund", "fast", "knapp"})
# "… ist 16 Jahre alt", "sind 6 Jahre": a form of sein or werden takes no dative.
COPULAS = frozenset(
    {"bin", "bist", "ist", "sind", "seid", "war", "waren", "werden", "wird", "wirst", "wurde"}
)
ADJECTIVES = frozenset({"alt", "jung", "lang", "her"})

NUMBER_UNIT = re.compile(
    rf"(?<![\w.,])(\d+)\s+({'|'.join(sorted([*DATIVE, *NOMINATIVE], key=len, reverse=True))})\b"
)
_WORD = re.compile(r"[^\W\d_][\w·-]*")


@dataclass(frozen=True)
class CaseError:
    found: str  # "16 Jahren alt"
    right: str  # "16 Jahre alt"
    case: str  # the case the unit should be in: "dativ" or "nominativ"
    unit: str  # the unit in that case: "Jahre"
    certain: bool  # the ending cannot be right (an error), or very likely wrong


def _last_words(text: str, n: int) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)][-n:]


def _next_word(text: str) -> str:
    found = _WORD.search(text)
    return found.group(0).lower() if found else ""


def case_error(before: str, number: str, unit: str, after: str) -> CaseError | None:
    """The case error of ``number unit`` between the texts ``before`` and ``after``."""
    words = _last_words(before, 2)
    previous = words[-1] if words else ""
    if previous in QUALIFIERS and len(words) == 2:
        previous = words[0]
    following = _next_word(after)
    if unit in NOMINATIVE:
        plain = NOMINATIVE[unit]
        if following in ADJECTIVES and after.lstrip().lower().startswith(following):
            return CaseError(
                f"{number} {unit} {following}",
                f"{number} {plain} {following}",
                "nominativ",
                plain,
                True,
            )
        if previous in COPULAS:
            return CaseError(
                f"{previous} {number} {unit}",
                f"{previous} {number} {plain}",
                "nominativ",
                plain,
                True,
            )
        return None
    if unit in DATIVE and previous in DATIVE_PREPOSITIONS:
        # "vor 3 Jahre" is never right; "ab 16 Jahre" is heard, but "ab 16 Jahren" is written.
        wanted = DATIVE[unit]
        return CaseError(
            f"{previous} {number} {unit}", f"{previous} {number} {wanted}", "dativ", wanted, False
        )
    return None


def case_errors(text: str) -> list[tuple[int, int, CaseError]]:
    """Every number with a unit in ``text`` whose ending cannot be right, with its span."""
    found: list[tuple[int, int, CaseError]] = []
    for m in NUMBER_UNIT.finditer(text):
        error = case_error(text[: m.start()], m.group(1), m.group(2), text[m.end() :])
        if error is not None:
            found.append((m.start(), m.end(), error))
    return found
