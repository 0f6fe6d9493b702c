"""Every identifier a project knows, checked in many texts at once.

:func:`kimdocs.text.identifiers.find_identifiers` decides what identifies (its patterns,
titled names, names that are also words). :class:`KnownMatcher` adds the project's own
identifiers – names, birth dates, case ids – found with the one compiled name matcher
(:class:`kimdocs.text.names.NameMatcher`), so that the work per text does not grow with the
number of names.

It also knows the loose forms the patterns miss: a known birth date in any way of writing
a date (14.7.91, 14/07/1991, 14. Juli 1991), a birth date after "geb." in any of them, and
case ids written with spaces or shortened ("KIM SK 2026 0031", "SK-0031").
"""

from __future__ import annotations

import datetime as dt
import re
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
from kimdocs.text.names import NameMatcher

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
    run, then :meth:`find` is called for each text.
    """

    def __init__(self, known: Iterable[tuple[str, str]]) -> None:
        entries: list[tuple[str, _Needle]] = []
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
            entries += [(spelling, _Needle(what, careful)) for spelling in spellings]
        # Lower case too: "ausgedachtmann" in a finding is still the client's name.
        self._names = NameMatcher(entries, capitalised=False)

    def find(self, text: str) -> list[Found]:
        """Every identifier in ``text``, in order, one finding per place."""
        found = find_identifiers(text)
        for what, pattern in _EXTRA:
            found += [Found(what, m.group(0), m.start()) for m in pattern.finditer(text)]
        for hit in self._names.find(text):
            # Of several identifiers spelled alike, one that is no ordinary word decides.
            needle = min(hit.payloads, key=lambda n: n.careful)
            if needle.careful and not names_person(text, hit.start, hit.name):
                continue
            found.append(Found(needle.what, hit.name, hit.start))
        found.sort(key=lambda f: (f.start, -len(f.text)))
        kept: list[Found] = []
        for item in found:
            if kept and item.start < kept[-1].start + len(kept[-1].text):
                continue
            kept.append(item)
        return kept
