"""Every identifier a project knows, compiled once into one matcher.

:func:`kimdocs.text.identifiers.find_identifiers` decides what identifies (its patterns,
titled names, names that are also words); it searches each known name with a regular
expression of its own, which is right for one document and too slow for texts checked
against the thousands of names of a large project. :class:`KnownMatcher` asks the same
detector for the patterns and finds all known names in one pass: their spellings folded
(accents, umlauts, invisible characters) and joined into one expression shaped as a trie
("Haddad(?:-Beispiel)?"), so that the work per text does not grow with the number of names.

It also knows the loose forms the patterns miss: a known birth date in any way of writing
a date (14.7.91, 14/07/1991, 14. Juli 1991), a birth date after "geb." in any of them, and
case ids written with spaces or shortened ("KIM SK 2026 0031", "SK-0031").
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from kimdocs.base.dates import MONTHS
from kimdocs.text.identifiers import (
    BIRTH_DATE,
    CASE_ID,
    CASE_ID_PATTERN,
    Found,
    find_identifiers,
    names_person,
    ordinary_word,
)

# Letters that Unicode does not decompose, as people write them without the accent.
_PLAIN = str.maketrans(
    {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss"}
)
# German umlauts written out ("Müller" as "Mueller"): a second spelling of each name.
_SPELLED_OUT = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` without accents and invisible characters, and for each of its characters
    the position it came from (so that a finding is shown as it was written)."""
    out: list[str] = []
    origin: list[int] = []
    for n, char in enumerate(text):
        category = unicodedata.category(char)
        if category == "Cf":  # zero-width joiners and spaces, soft hyphens
            continue
        plain = char.translate(_PLAIN)
        for part in unicodedata.normalize("NFKD", plain):
            if unicodedata.category(part) == "Mn":  # a combining accent
                continue
            out.append(part)
            origin.append(n)
    return "".join(out), origin


def _folded(text: str) -> str:
    return fold(text)[0].casefold()


def _char(char: str) -> str:
    # A space in a name is any run of white space in a text ("Yonas  Ausgedachtmann").
    return r"\s+" if char == " " else re.escape(char)


def _trie_pattern(words: Iterable[str]) -> str:
    """One expression for many words: shared beginnings once, longer words tried first."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:  # type: ignore[type-arg]
        ends = "" in node
        branches = [_char(char) + pattern(node[char]) for char in sorted(node) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:  # a word ends here and longer ones go on: the longer first (greedy)
            return f"(?:{body})?"
        return body

    return pattern(trie)


_DAY_MONTH = r"\d{1,2}[./-]\s?\d{1,2}[./-]\s?(?:19|20)?\d{2}"
_ISO = r"(?:19|20)\d{2}-\d{1,2}-\d{1,2}"
_LONG = rf"\d{{1,2}}\.\s?(?:{'|'.join(MONTHS)})\s(?:19|20)?\d{{2}}"
_EXTRA: tuple[tuple[str, re.Pattern[str]], ...] = (
    # A birth date after its cue, however the date is written.
    (
        BIRTH_DATE,
        re.compile(
            rf"\b(?:geb\.|geboren|Geburtsdatum|Geburtstag|Jahrgang)\s*(?:am|:|im)?\s*"
            rf"(?:{_LONG}|{_ISO}|{_DAY_MONTH})",
            re.IGNORECASE,
        ),
    ),
    # A case id of kimdocs' scheme with spaces or underscores instead of hyphens.
    (
        CASE_ID,
        re.compile(
            r"(?<![\w-])KIM[\s_-]+[A-Za-z0-9]{1,8}[\s_-]+\d{4}[\s_-]+\d{4,6}(?!\w)",
            re.IGNORECASE,
        ),
    ),
)


def date_spellings(day: dt.date) -> list[str]:
    """The ways people write a date: 02.05.1986, 2.5.86, 02/05/1986, 1986-05-02, 2. Mai 1986."""
    d, m, y, yy = day.day, day.month, day.year, f"{day.year % 100:02d}"
    forms = {
        f"{d:02d}.{m:02d}.{y}",
        f"{d}.{m}.{y}",
        f"{d:02d}.{m:02d}.{yy}",
        f"{d}.{m}.{yy}",
        f"{d:02d}/{m:02d}/{y}",
        f"{d}/{m}/{y}",
        f"{d:02d}-{m:02d}-{y}",
        f"{d:02d}.{m:02d}. {y}",
        day.isoformat(),
        f"{d}. {MONTHS[m - 1]} {y}",
        f"{d:02d}. {MONTHS[m - 1]} {y}",
    }
    return sorted(forms)


def case_id_spellings(case_id: str) -> list[str]:
    """KIM-SK-2026-0031 also as "KIM SK 2026 0031", "SK-2026-0031", "SK-0031", "SK 0031"."""
    match = re.fullmatch(CASE_ID_PATTERN, case_id.strip(), re.IGNORECASE)
    if match is None:
        return [case_id]
    code, year, number = match.groups()
    return [
        case_id,
        f"KIM {code} {year} {number}",
        f"{code}-{year}-{number}",
        f"{code}-{number}",
        f"{code} {number}",
    ]


def _birth_date(text: str) -> dt.date | None:
    """A birth date as ``known_identifiers`` gives it in ISO form (its German form comes
    beside it, and among the spellings of the ISO one)."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


@dataclass(frozen=True)
class _Needle:
    what: str
    careful: bool  # also an ordinary word: counts only where it names someone


class KnownMatcher:
    """The identifier check for many texts against one project's known identifiers.

    ``known`` is what :func:`find_identifiers` takes: (text, what it is). Built once per
    run (it compiles one expression), then :meth:`find` is called for each text.
    """

    def __init__(self, known: Iterable[tuple[str, str]]) -> None:
        needles: dict[str, _Needle] = {}
        for text, what in known:
            text = text.strip()
            if not text:
                continue
            # "Rania D'Souza-Haddad (fiktiv)" is written without the note in a text.
            spellings = list(dict.fromkeys([text, re.split(r"\s*[,(]", text, maxsplit=1)[0]]))
            day = _birth_date(text) if "Geburtsdatum" in what else None
            if what == CASE_ID:
                spellings = case_id_spellings(text)
            elif day is not None:
                spellings = date_spellings(day)
            # Only a name can also be a word: dates and ids are what they are ("1986" is
            # frequent in wordfreq, and a date is never capitalised).
            careful = (
                what != CASE_ID
                and day is None
                and " " not in text
                and text[:1].isalpha()
                and ordinary_word(text)
            )
            for spelling in spellings:
                for form in {spelling, spelling.translate(_SPELLED_OUT)}:
                    key = _folded(form)
                    if len(key) >= 2 and key not in needles:
                        needles[key] = _Needle(what, careful)
        self._needles = needles
        self.size = len(needles)
        body = _trie_pattern(sorted(needles)) if needles else r"(?!x)x"
        # Whole words, as ``identifiers.whole_word``: "Haddad" in "Haddads", not in "Haddadi".
        self._pattern = re.compile(rf"(?<![\w-])(?:{body})(?=s?\b)(?!-\w)", re.IGNORECASE)

    def find(self, text: str) -> list[Found]:
        """Every identifier in ``text``, in order, one finding per place."""
        found = find_identifiers(text)
        for what, pattern in _EXTRA:
            found += [Found(what, m.group(0), m.start()) for m in pattern.finditer(text)]
        folded, origin = fold(text)
        for match in self._pattern.finditer(folded):
            needle = self._needles.get(match.group(0).casefold())
            if needle is None:
                continue
            start = origin[match.start()]
            end = origin[match.end() - 1] + 1
            written = text[start:end]
            if needle.careful and not names_person(text, start, written):
                continue
            found.append(Found(needle.what, written, start))
        found.sort(key=lambda f: (f.start, -len(f.text)))
        kept: list[Found] = []
        for item in found:
            if kept and item.start < kept[-1].start + len(kept[-1].text):
                continue
            kept.append(item)
        return kept
