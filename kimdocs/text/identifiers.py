"""What identifies a person or a case in a text: the one detector that anonymity checks and
the pseudonymisation's risk report both ask.

Fixed forms are found by pattern: case ids of kimdocs' scheme (``KIM-NK-2026-0112``),
telephone numbers, e-mail addresses, street addresses, birth dates written as such, and
titled names ("Frau Haddad", "Herrn Dr. Ausgedacht"). Names without a title and ids of
another scheme cannot be told from ordinary words by their form: the caller passes the
names and ids it knows (from the project's documents and kimdocs.toml).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from kimdocs.base.dates import MONTHS

CASE_PREFIX = "KIM"
# KIM-MI-2026-0002: prefix, district code, year, running number (case_files parses it).
CASE_ID_PATTERN = rf"{CASE_PREFIX}-([A-Za-z0-9]{{1,8}})-(\d{{4}})-(\d{{4,6}})"

CASE_ID = "eine Fall-ID"
BIRTH_DATE = "ein Geburtsdatum"
ADDRESS = "eine Anschrift"
PHONE = "eine Telefonnummer"
EMAIL = "eine E-Mail-Adresse"
NAME = "einen Namen"

_DATE = (
    r"\d{1,2}\.\s?\d{1,2}\.\s?(?:(?:19|20)\d{2}|\d{2}\b)|(?:19|20)\d{2}-\d{2}-\d{2}"
    r"|\d{1,2}[/-]\d{1,2}[/-](?:(?:19|20)\d{2}|\d{2}\b)"
)
_MONTHS = "|".join(MONTHS)
_LONG_DATE = rf"\d{{1,2}}\.\s?(?:{_MONTHS})\s(?:19|20)\d{{2}}"
# Street names end in these words ("Musterstraße 1", "Am Mühlenweg 3a", "Lange Straße 12").
_STREET_WORDS = (
    r"straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer|pfad|chaussee|markt|wall"
)
_UPPER = "A-ZÄÖÜ"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (CASE_ID, re.compile(rf"(?<![\w-]){CASE_ID_PATTERN}(?![\w])", re.IGNORECASE)),
    (EMAIL, re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    (
        BIRTH_DATE,
        re.compile(
            rf"\b(?:geb\.|geboren|Geburtsdatum|Geburtstag|Jahrgang|Jg\.)\s*(?:am|:|im)?\s*"
            rf"(?:{_LONG_DATE}|{_DATE}|(?:{_MONTHS})\s+(?:19|20)\d{{2}}|(?:19|20)\d{{2}})",
            re.IGNORECASE,
        ),
    ),
    (
        ADDRESS,
        re.compile(
            rf"\b[{_UPPER}][\w.-]*(?:{_STREET_WORDS})\s+\d{{1,4}}\s?[a-zA-Z]?\b"
            rf"|\b[{_UPPER}][\w.-]*\s(?:Straße|Str\.|Weg|Gasse|Allee|Platz|Ring|Damm)\s+"
            rf"\d{{1,4}}\s?[a-zA-Z]?\b"
            rf"|(?<![\d-])\d{{5}}\s+(?!Euro|Menschen|Personen|Fälle|Stunden)[{_UPPER}][a-zäöüß]+",
        ),
    ),
    (
        PHONE,
        re.compile(r"(?<![\w-])(?:\+\d{2}|00\d{2}|\(?0\d{2,5}\)?)(?:[\s/-]*\d){4,}(?![\w])"),
    ),
)
# "Frau Haddad", "Herrn Dr. Ausgedacht-Muster"; not "die Frau des Klienten", "eine Frau Mitte 30".
_TITLED = re.compile(
    rf"(?<![\w])(?<!der )(?<!die )(?<!eine )(?<!einer )(?<!ihre )(?<!seine )(?<!jede )"
    rf"(?:Herrn?|Frau)\s+(?:(?:Dr|Prof)\.\s*)*([{_UPPER}][\w'’-]+)"
)


@dataclass(frozen=True)
class Found:
    what: str  # German, with article: "eine Telefonnummer"
    text: str  # as written
    start: int


def find_identifiers(
    text: str, *, known: Iterable[tuple[str, str]] = (), titled_names: bool = True
) -> list[Found]:
    """Every identifier in ``text``, in the order they occur.

    ``known`` are texts known to identify (the project's case ids of any scheme, names and
    name parts of persons), each with what it is (``"eine Fall-ID"``); they are matched as
    whole words in any case.
    """
    found: list[Found] = []
    for what, pattern in _PATTERNS:
        found += [Found(what, m.group(0), m.start()) for m in pattern.finditer(text)]
    for needle, what in dict.fromkeys((n.strip(), w) for n, w in known if n.strip()):
        # A name that is also a word ("Aufenthalt") counts only where it names someone.
        careful = what != CASE_ID and " " not in needle and ordinary_word(needle)
        found += [
            Found(what, m.group(0), m.start())
            for m in whole_word(needle).finditer(text)
            if not careful or names_person(text, m.start(), m.group(0))
        ]
    if titled_names:
        found += [Found(NAME, m.group(0), m.start()) for m in _TITLED.finditer(text)]
    # One place, one finding: a phone number inside an address, a name inside a titled name.
    found.sort(key=lambda f: (f.start, -len(f.text)))
    kept: list[Found] = []
    for item in found:
        if kept and item.start < kept[-1].start + len(kept[-1].text):
            continue
        kept.append(item)
    return kept


# wordfreq's Zipf scale: 3 is a word seen about once per million words ("Aufenthalt" 4.0,
# "Probe" 4.1); family names such as "Haddad" or "Ausgedachtmann" lie far below.
ORDINARY_ZIPF = 3.0


@lru_cache(maxsize=4096)
def ordinary_word(word: str) -> bool:
    """Whether a name part is also an ordinary German word ("Aufenthalt", "Koch").

    Such a part names a person only where the text says so (with a title or the first
    name); alone it is read as the word.
    """
    from wordfreq import zipf_frequency  # its word lists load on first use, not at import

    return float(zipf_frequency(word.lower(), "de")) >= ORDINARY_ZIPF


@lru_cache(maxsize=1024)
def whole_word(text: str) -> re.Pattern[str]:
    """``text`` as a whole word in any case: "Koch" not in "Kochkurs", "Haddad" in "Haddads"."""
    return re.compile(rf"(?<![\w-]){re.escape(text)}(?=s?\b)(?!-\w)", re.IGNORECASE)


# Words before a noun that make it the word, not a name: "der Aufenthalt", "im Aufenthalt".
_DETERMINERS = frozenset(
    [
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einen",
        "einem",
        "einer",
        "eines",
        "kein",
        "keine",
        "keinen",
        "keinem",
        "keiner",
        "keines",
        "im",
        "am",
        "zum",
        "zur",
        "vom",
        "beim",
        "ins",
        "ans",
        "aufs",
        "ihr",
        "ihre",
        "ihren",
        "ihrem",
        "ihrer",
        "sein",
        "seine",
        "seinen",
        "seinem",
        "seiner",
        "mein",
        "meine",
        "unser",
        "unsere",
        "dieser",
        "diese",
        "dieses",
        "diesen",
        "diesem",
        "jeder",
        "jede",
        "jedes",
        "welcher",
        "welche",
        "welches",
    ]
)
_WORD_BEFORE = re.compile(r"(\w+)\W*$")


def names_person(text: str, start: int, found: str) -> bool:
    """Whether a name that is also a word names a person here.

    Written in lower case, or after an article or a possessive ("der Aufenthalt belastet
    ihn"), it is the word; capitalised without one ("Aufenthalt berichtet", "Frau
    Aufenthalt") it is taken for the name.
    """
    if not found[:1].isupper():
        return False
    # The word before is near: a short window keeps a long text linear.
    before = _WORD_BEFORE.search(text[max(0, start - 80) : start])
    return before is None or before.group(1).lower() not in _DETERMINERS


# Words that make a contact an office, not a person: "Koordinierungsstelle",
# "Fallmanagement Mitte", "Pressestelle", "Team Integration", "Bürgerbüro".
_OFFICE = re.compile(
    r"(?:stelle|management|koordination|presse|team|büro|amt|behörde|beratung|dienst|"
    r"zentrum|service|abteilung|referat|bereich|sekretariat|verwaltung|integration)$",
    re.IGNORECASE,
)


def office_name(name: str) -> bool:
    """Whether a contact's name names an office rather than a person."""
    return any(_OFFICE.search(word) for word in re.split(r"[\s,/()-]+", name) if word)


# --- one normal form for names and texts ------------------------------------------------

# Letters NFKD does not take apart: what an ASCII keyboard writes instead.
_ASCII = {"ß": "ss", "ı": "i", "ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "þ": "th"}
_ASCII |= {k.upper(): v.capitalize() for k, v in _ASCII.items() if k != "ß"}
_ASCII |= {"İ": "I", "’": "'", "‘": "'", "ʼ": "'", "‐": "-", "‑": "-", "–": "-"}
# German writes ä, ö, ü as ae, oe, ue without them; other languages simply drop the dots.
_UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}


def invisible(char: str) -> bool:
    """Zero-width joiners and spaces, soft hyphens, direction marks: nothing a reader sees."""
    return unicodedata.category(char) == "Cf"


def visible(text: str) -> str:
    """The text without invisible characters, in NFC: "Mi\u200dlan" is "Milan"."""
    return unicodedata.normalize("NFC", "".join(c for c in text if not invisible(c)))


def _plain(char: str) -> str:
    if char in _ASCII:
        return _ASCII[char]
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))


def folded(text: str) -> tuple[str, list[int]]:
    """The text as names are compared – lower case, accents and invisible characters
    dropped, a name split at a line end joined – and for each of its characters the index
    in ``text`` it comes from.

    "Haddad-Bei-\nspiel" reads "haddad-beispiel", "Omar\nHaddad" and "Omar  Haddad" "omar
    haddad"; an empty line still parts two paragraphs.
    """
    out: list[str] = []
    where: list[int] = []
    n, size = 0, len(text)
    while n < size:
        char = text[n]
        if invisible(char):
            n += 1
            continue
        if char == "-" and n + 1 < size and text[n + 1] == "\n":
            after = n + 2
            while after < size and text[after] in " \t":
                after += 1
            if after < size and text[after].isalpha():
                if text[after].islower():  # a word broken at the line end: joined
                    n = after
                    continue
                out.append("-")  # a double name broken after its hyphen
                where.append(n)
                n = after
                continue
        if char == "\n":
            if n + 1 < size and text[n + 1] == "\n":
                out.append("\n")
                where.append(n)
            elif not out or out[-1] != " ":
                out.append(" ")
                where.append(n)
            n += 1
            continue
        if char in " \t":  # a run of spaces is one: "Yonas  Ausgedachtmann"
            if not out or out[-1] != " ":
                out.append(" ")
                where.append(n)
            n += 1
            continue
        for piece in _plain(char).lower():
            out.append(piece)
            where.append(n)
        n += 1
    return "".join(out), where


def name_forms(name: str) -> set[str]:
    """A name as ``folded`` reads it, with German umlauts also as ae, oe, ue: "Müller" is
    found as "Müller", "Muller" and "Mueller"."""
    forms = {folded(name)[0], folded("".join(_UMLAUTS.get(c, c) for c in name))[0]}
    return {" ".join(f.split()) for f in forms if f.strip()}


def name_key(name: str) -> str:
    """One key for two spellings of a name: "Ağaoğlu-Şahin" and "agaoglu-sahin"."""
    plain = re.sub(r"\s*\(fiktiv\)\s*", " ", name)
    return " ".join(folded(plain)[0].split())


# --- quasi-identifiers: each harmless, together a person -------------------------------

BIRTHPLACE = "einen Geburts- oder Herkunftsort"
TOWN = "eine Gemeinde"
RELATIVE = "vielleicht den Namen eines Angehörigen"
PROFILE = "Herkunft, Familiengröße und Ankunft zusammen"
_NAMEWORD = rf"[{_UPPER}][\w'’-]+"
_BIRTHPLACE = re.compile(
    rf"\b(?:geboren|geb\.|stammt|stammend|aufgewachsen)\b[^.;\n]{{0,40}}?\b(?:in|aus)\s+"
    rf"(?P<place>{_NAMEWORD})"
    rf"|\b(?:in|aus)\s+(?P<before>{_NAMEWORD})\s+(?:geboren|aufgewachsen)\b"
)
_RELATIVE = re.compile(
    rf"\b(?:Sohn|Tochter|Kind|Kinder[n]?|Mann|Ehemann|Ehefrau|Bruder|Schwester|Vater|Mutter|"
    rf"Onkel|Tante|Neffe|Nichte)\s+(?P<name>{_NAMEWORD})"
)
_ORIGIN = re.compile(
    r"\b(?:syrisch|afghanisch|eritreisch|irakisch|iranisch|türkisch|ukrainisch|russisch|"
    r"somalisch|nigerianisch|guineisch|kosovarisch|albanisch|serbisch|georgisch|"
    r"jemenitisch|sudanesisch|äthiopisch|libanesisch|palästinensisch|kurdisch)\w*"
    r"|\baus\s+(?:Syrien|Afghanistan|Eritrea|dem Irak|Irak|Iran|der Türkei|der Ukraine|"
    r"Russland|Somalia|Nigeria|Guinea|Kosovo|Albanien|Serbien|Georgien|Jemen|Sudan|"
    r"Äthiopien|Libanon)\b",
    re.IGNORECASE,
)
_FAMILY_SIZE = re.compile(
    r"\b(?:\d|zwei|drei|vier|fünf|sechs|sieben|acht)\s+(?:Kinder|Kindern|Geschwister)\b"
    r"|\b(?:\d|Zwei|Drei|Vier|Fünf|Sechs|Sieben|Acht)-Personen-Haushalt",
    re.IGNORECASE,
)
_ARRIVAL = re.compile(
    r"\b(?:eingereist|Einreise|gekommen|angekommen|Ankunft|Familiennachzug|zugezogen)\b",
    re.IGNORECASE,
)


def quasi_identifiers(text: str, towns: Iterable[str] = ()) -> list[Found]:
    """What identifies a person only together with other things: a birthplace, a
    municipality, a relative's name. For warnings: a person must weigh them."""
    found = [Found(BIRTHPLACE, m.group(0), m.start()) for m in _BIRTHPLACE.finditer(text)]
    found += [
        Found(RELATIVE, m.group("name"), m.start("name"))
        for m in _RELATIVE.finditer(text)
        if not ordinary_word(m.group("name"))
    ]
    for town in towns:
        found += [Found(TOWN, m.group(0), m.start()) for m in whole_word(town).finditer(text)]
    return sorted(found, key=lambda f: f.start)


def profile(text: str) -> bool:
    """Whether a text tells origin, family size and arrival together: few families in a
    district share all three."""
    return all(p.search(text) for p in (_ORIGIN, _FAMILY_SIZE, _ARRIVAL))
