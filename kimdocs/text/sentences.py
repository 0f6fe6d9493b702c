"""Where a German sentence ends: decided once, for the checker and for the printed flyer.

The Leichte-Sprache checker measures sentences and the flyer prints each sentence on a
line of its own. Both take their sentences from ``split_sentences``, so that one sentence
of the checker is exactly one printed line. What it decides:

- ``.`` ``!`` ``?`` and ``…`` (or ``...``) end a sentence when white space and then a
  capital letter, a digit or an opening quote follow; closing quotes and brackets after
  the mark still belong to the sentence.
- A dot after an abbreviation (``ABBREVIATIONS``: z. B., d. h., Nr., Abs., Dr. …) or after a
  single letter (initials, "S. 3") ends nothing. "Art." is the abbreviation only before a
  number ("Art. 3"); elsewhere it is the noun ("eine neue Art."). "usw." and "etc." close
  a list, so they end a sentence where a capital follows.
- A dot after a number is an ordinal ("1. Februar 2026", "am 27. Juni", "3. Klasse")
  unless the next word cannot follow an ordinal: a number ("Sie sind 18. 5 Jahre später
  …" is two sentences) or a pronoun, article or the like ("18. Sie …"). Dates written
  with spaces ("1. 2. 2026") are therefore cut; Leichte Sprache writes "1. Februar 2026"
  anyway. A number of 4 digits (a year: "seit 2024. Im Mai …") or with a leading zero (a
  telephone number) is never an ordinal.
- A colon ends a sentence only at the end of the author's line. "Das heißt: Sie dürfen
  bleiben." is one sentence and one printed line, as published Leichte Sprache writes it;
  whoever wants the part after the colon on a line of its own writes it there.
- The author's line break ends a sentence after ``.`` ``!`` ``?`` ``:`` ``…`` (one
  sentence per line is the house style), but not after the dot of an abbreviation, an
  initial or an ordinal, where hard-wrapped prose goes on. With ``line_ends_sentence``
  (flyers and their text blocks) every line is a sentence, as it is printed.
"""

from __future__ import annotations

import re

# Written form → the plain words it stands for (the Leichte-Sprache check suggests them).
ABBREVIATIONS: dict[str, str] = {
    "z. B.": "zum Beispiel",
    "d. h.": "das heißt",
    "u. a.": "unter anderem",
    "o. ä.": "oder so ähnlich",
    "u. U.": "vielleicht",
    "i. d. R.": "meistens",
    "s. o.": "siehe oben",
    "s. u.": "siehe unten",
    "usw.": "und so weiter",
    "etc.": "und so weiter",
    "bzw.": "oder",
    "ggf.": "vielleicht",
    "evtl.": "vielleicht",
    "vgl.": "vergleiche",
    "ca.": "ungefähr",
    "inkl.": "mit",
    "zzgl.": "und dazu",
    "bzgl.": "über",
    "sog.": "so genannt",
    "Nr.": "Nummer",
    "Abs.": "Absatz",
    "Art.": "Artikel",
    "S.": "Seite",
    "Str.": "Straße",
    "Tel.": "Telefon",
    "Mio.": "Millionen",
    "Mrd.": "Milliarden",
    "Dr.": "Doktor",
    "Prof.": "Professor",
    "Hr.": "Herr",
    "Fr.": "Frau oder Freitag",
    "St.": "Sankt",
    "Mo.": "Montag",
    "Di.": "Dienstag",
    "Mi.": "Mittwoch",
    "Do.": "Donnerstag",
    "Sa.": "Samstag",
}
# Abbreviations that are also words: only an abbreviation when a number follows.
BEFORE_NUMBER = frozenset({"Art.", "S."})
# They close a list, so what follows with a capital letter is a new sentence.
_CLOSES_LIST = frozenset({"usw.", "etc."})
# The word before the last dot, case-folded → its abbreviation. Single letters ("B" of
# "z. B.") need no entry: every single letter before a dot continues the sentence.
_BY_LAST_WORD = {
    word: form
    for form in ABBREVIATIONS
    if len(word := form.rstrip(".").split(".")[-1].strip().casefold()) > 1
}
# Words that begin a sentence and never follow an ordinal number.
_NOT_AFTER_ORDINAL = frozenset(
    {"Sie", "Er", "Es", "Wir", "Ich", "Ihr", "Man"}
    | {"Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine", "Einen"}
    | {"Dann", "Danach", "Dort", "Hier", "Jetzt", "Auch", "Bitte", "Und", "Oder", "Aber", "Wenn"}
)

_OPENING = "\"„“‚‘'»«("
_CLOSING = "\"“”’'»«)"
# A sentence mark with the closing quotes or brackets that belong to it.
_MARK = re.compile(rf"[.!?…:]+[{re.escape(_CLOSING)}]*")
_AHEAD = 40
_WORD_BEFORE = re.compile(r"[^\W_]+$")
_NEXT_WORD = re.compile(rf"[{re.escape(_OPENING)}]*([^\W_]*)")


def split_sentences(text: str, line_ends_sentence: bool = False) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences in ``text``, without surrounding white space.

    ``text`` keeps the author's line breaks as ``\\n``; ``line_ends_sentence``: every line
    is a sentence of its own, as flyers print them.
    """
    cuts = {len(text)}
    if line_ends_sentence:
        cuts |= {m.start() for m in re.finditer("\n", text)}
    for m in _MARK.finditer(text):
        end = m.end()
        if end < len(text) and not text[end].isspace():
            continue  # "01.02.2026", "www.kreis.example", "9:30": no white space, no end
        newline = text.find("\n", end)
        line_end = len(text) if newline < 0 else newline
        at_line_end = not text[end:line_end].strip()
        # The next words decide; a short look ahead is enough and keeps long texts linear.
        ahead = (
            text[newline + 1 : newline + _AHEAD]
            if at_line_end
            else text[end : min(line_end, end + _AHEAD)]
        )
        if at_line_end and newline < 0:
            ahead = ""
        if _ends(
            text[max(0, m.start() - _AHEAD) : m.start()],
            m.group(),
            ahead.lstrip()[:_AHEAD],
            at_line_end,
        ):
            cuts.add(end)
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in sorted(cuts):
        a, b = start, cut
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            spans.append((a, b))
        start = cut
    return spans


def _ends(before: str, mark: str, following: str, at_line_end: bool) -> bool:
    """Whether ``mark`` after ``before`` ends a sentence that ``following`` does not continue."""
    stops = mark.rstrip(_CLOSING)
    starts_sentence = _starts_sentence(following)
    if any(c in stops for c in "!?…") or ".." in stops:
        return at_line_end or starts_sentence
    if stops.endswith(":"):
        return at_line_end
    word = m.group() if (m := _WORD_BEFORE.search(before)) else ""
    if _continues(word, following):
        return False
    return at_line_end or starts_sentence


def _continues(word: str, following: str) -> bool:
    """Whether the dot after ``word`` is part of an abbreviation, an initial or an ordinal."""
    if len(word) == 1 and word.isalpha():
        return True  # z. B., d. h., S. 3, initials
    next_word = m.group(1) if (m := _NEXT_WORD.match(following)) else ""
    form = _BY_LAST_WORD.get(word.casefold())
    if form is not None:
        if form in _CLOSES_LIST:
            return False
        return form not in BEFORE_NUMBER or next_word[:1].isdigit()
    if word.isdigit():
        if len(word) > 3 or word.startswith("0"):
            return False  # a year or a telephone number, never an ordinal
        return not (next_word[:1].isdigit() or next_word in _NOT_AFTER_ORDINAL)
    return False


def _starts_sentence(following: str) -> bool:
    first = following.lstrip(_OPENING)[:1]
    return first.isupper() or first.isdigit()
