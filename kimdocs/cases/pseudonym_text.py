"""The text of a pseudonymised copy: persons, birth dates, dates, ages, case ids, places.

One engine for a whole copy (its front matter and its text), so that a person keeps one
label throughout:

- Persons: everyone the case data names (the client first – always "Person A" –, the
  relatives an agreement lists, the staff and partners of the case and of kimdocs.toml),
  found by one compiled matcher (kimdocs.text.names: inflected, without accents, split at
  a line end); besides them, names the case data does not know: first names of the
  gazetteer (kimdocs.kinds.first_names), a word after a family relation ("Sohn Dawit",
  "den Kindern Lina und Sami"), before an age ("Lina (6)"), after a title ("Frau X") and
  a first name before a known family name ("Omar Haddad" is not the client Haddad). Each
  new name gets a label of its own; a first name said alone later keeps it.
- Birth dates are removed, not coarsened, with the place of birth if it follows ("geb.
  11.02.1988 in Aleppo"); in any form a note writes them (14.7.91, 14/07/1991, "Februar
  1988" after "geboren"). A date long before the document (14 years) counts as one.
- Other dates become their month and stay readable: "Am 02.04.2026" → "Im April 2026".
- Ages become bands ("17 J.", "17jährig", "(6)"); case ids in any spelling ("KIM SK 2026
  0031", "Fall SK-0031") the reconstruction id; towns of kimdocs.toml their district.

What it is not sure about goes on the review list; it never guesses a name away silently.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kimdocs.base.dates import MONTHS
from kimdocs.kinds.first_names import also_a_word, first_name
from kimdocs.kinds.minutes import name_parts
from kimdocs.text.identifiers import name_key, names_person, ordinary_word
from kimdocs.text.names import NameMatcher

# Bands as the statistics of the Federal Employment Agency count young people and adults.
AGE_BANDS = ((0, 2), (3, 5), (6, 9), (10, 14), (15, 17), (18, 24), (25, 34), (35, 44), (45, 54))
# A date this many years before the document is a birth date, not an event of the case.
BIRTH_YEARS = 14


def age_band(age: int) -> str:
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"{low}–{high}"
    return "55 oder älter" if age < 65 else "65 oder älter"


@dataclass(frozen=True)
class Replacement:
    where: str  # "Zeile 31, Feld „teilnehmende[2].name“" or "Zeile 60"
    original: str
    replacement: str
    what: str  # "Name", "Fall-ID", "Datum", "Geburtsdatum", "Alter", "Ort"


@dataclass(frozen=True)
class Risk:
    where: str
    text: str
    message: str


@dataclass
class CaseData:
    """What the case's documents and kimdocs.toml know, for one copy."""

    client: str = ""
    relatives: list[str] = field(default_factory=list)
    staff: list[str] = field(default_factory=list)
    birth_dates: list[dt.date] = field(default_factory=list)
    case_ids: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # district codes: "Fall SK-0031"
    towns: dict[str, str] = field(default_factory=dict)  # municipality → district name
    day: dt.date = dt.date(2026, 1, 1)  # the document's date: how old a date is
    reference: str = "REK"  # what a case id becomes


def _letters(n: int) -> str:
    letters = string.ascii_uppercase
    return letters[n] if n < len(letters) else letters[n // 26 - 1] + letters[n % 26]


_UPPER = "A-ZÄÖÜÀ-ÞĀ-ſ"
_NAME = rf"[{_UPPER}][\w'’]*(?:-[{_UPPER}][\w'’]*)*"
_TITLE = re.compile(r"(?:\b(?:Herrn?|Frau)\s+)?(?:(?:Dr|Prof)\.\s*)*$")
_RELATIONS = (
    r"Sohn|Sohnes|Söhne[n]?|Tochter|Töchter[n]?|Kind|Kinder[n]?|Kindes|Mann|Ehemann|"
    r"Ehemannes|Frau|Ehefrau|Partner|Partnerin|Bruder|Bruders|Brüder[n]?|Schwester|"
    r"Schwestern|Vater|Vaters|Mutter|Onkel|Tante|Cousin|Cousine|Enkel|Enkelin|Neffe|Nichte|"
    r"Schwager|Schwägerin|Schwiegermutter|Schwiegervater|Oma|Opa|Großmutter|Großvater|Baby|"
    r"Säugling|Zwillinge[n]?|Jüngste[nr]?|Älteste[nr]?"
)
# "Sohn Dawit", "den Kindern Lina (6) und Sami (3)", "ihrem Mann Omar", "Tochter Selam,"
_NOT_RELATION = rf"(?!(?:{_RELATIONS})\b)"
_RELATION_NAMES = re.compile(
    rf"\b(?:{_RELATIONS})\s+(?P<names>{_NOT_RELATION}{_NAME}(?:\s*\(\d{{1,2}}\))?"
    rf"(?:(?:\s*,\s*|\s+und\s+|\s+sowie\s+){_NOT_RELATION}{_NAME}(?:\s*\(\d{{1,2}}\))?)*)"
)
_BEFORE_AGE = re.compile(rf"(?P<name>{_NAME})\s*\(\d{{1,2}}(?:\s*J(?:\.|ahre)?)?\)")
_TITLED = re.compile(rf"\b(?:Herrn?|Frau)\s+(?:(?:Dr|Prof)\.\s*)*(?P<name>{_NAME})")
_WORD = re.compile(rf"{_NAME}")
_FICTION = re.compile(r"\s*\(fiktiv\)")

# --- dates ------------------------------------------------------------------------------

_MONTH_NAMES = "|".join(MONTHS)
_YEAR = r"(?:19|20)\d{2}|\d{2}"
_SEP = r"\s*[./-]\s*"
_DATE = (
    rf"(?P<d>\d{{1,2}})(?P<s1>\.|/|-)\s?(?P<m>\d{{1,2}})(?P=s1)\s?(?P<y>{_YEAR})(?![\d])"
    rf"|(?P<iy>(?:19|20)\d{{2}})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})(?!\d)"
    rf"|(?P<ld>\d{{1,2}})\.\s?(?P<lm>{_MONTH_NAMES})\s+(?P<ly>(?:19|20)\d{{2}})"
)
_MONTH_YEAR = rf"(?:{_MONTH_NAMES})\s+(?:19|20)\d{{2}}"
_BIRTH = re.compile(
    rf"(?P<lead>\s*)(?P<open>\(\s*)?(?:\b(?:geb\.|geboren|Geburtsdatum|Geburtstag|Jahrgang|Jg\.|\*)\s*"
    rf"(?:(?:am|im|:)\s*)?)(?:{_DATE}|{_MONTH_YEAR}|(?:19|20)\d{{2}})"
    rf"(?P<place>\s+in\s+{_NAME})?(?P<close>\s*\))?",
    re.IGNORECASE,
)
_EVENT = re.compile(
    rf"(?P<pre>\b(?:[Aa]m|[Vv]om|[Ss]eit\s+dem|[Aa]b\s+dem|[Bb]is\s+zum|[Zz]um|[Dd]en|[Ss]eit|"
    rf"[Aa]b|[Bb]is)\s+)?(?<![\d.])(?:{_DATE})"
)
_PREPOSITIONS = {
    "am": "im",
    "vom": "im",
    "zum": "im",
    "den": "im",
    "seit dem": "seit",
    "ab dem": "ab",
    "bis zum": "bis",
    "seit": "seit",
    "ab": "ab",
    "bis": "bis",
}

# --- ages -------------------------------------------------------------------------------

# "(17)", "17 Jahre alt", "17-jährige", "17jährig", "17 J.", "im Alter von 17 Jahren";
# not durations such as "seit 3 Jahren".
_AGES = re.compile(
    r"\((?P<p>\d{1,2})(?:\s*J(?:\.|ahre))?\)"
    r"|(?P<y>\d{1,2})(?P<unit>\s+Jahre\s+alt\b|\s*-?\s*[jJ]ährige[nmrs]?\b|\s*-?\s*jährig\b"
    r"|\s+J\.(?=\s|$|[,;)]))"
    r"|(?P<pre>im\s+Alter\s+von\s+)(?P<a>\d{1,2})(?=\s+Jahren\b)"
)


def _age(m: re.Match[str]) -> str:
    if m.group("p"):
        return f"({age_band(int(m.group('p')))} Jahre)"
    if m.group("a"):
        return f"{m.group('pre')}{age_band(int(m.group('a')))}"
    unit = m.group("unit")
    if "ährig" in unit.lower():
        j = "J" if "Jährig" in unit else "j"  # "die 17-Jährige" is a noun, stays one
        return f"{age_band(int(m.group('y')))}-{j}ährig{unit.split('ährig', 1)[1]}"
    return f"{age_band(int(m.group('y')))} Jahre{' alt' if 'alt' in unit else ''}"


@dataclass
class _Span:
    start: int
    end: int
    key: str  # the person's key
    name: str  # how to show the person when first labelled
    certain: bool = True


class Engine:
    """Pseudonymises texts of one copy; collects what it replaced and what to review."""

    def __init__(self, data: CaseData, gazetteer: bool = True) -> None:
        self.data = data
        self.gazetteer = gazetteer
        self.replacements: list[Replacement] = []
        self.review: list[Risk] = []
        self._labels: dict[str, str] = {}  # person key → label
        self._first: dict[str, str] = {}  # a first name's key → person key
        self._surnames: set[str] = set()  # keys of name parts after the first
        self._forms: set[str] = set()  # keys of every name and name part
        people = [data.client, *data.relatives, *data.staff]
        people = [p for p in dict.fromkeys(_FICTION.sub("", p).strip() for p in people) if p]
        owners: dict[str, set[str]] = {}
        for person in people:
            for part in name_parts(person):
                owners.setdefault(name_key(part), set()).add(name_key(person))
        names: list[tuple[str, str]] = []
        self._words: set[str] = set()  # parts that are also words: only with a title
        for person in people:
            key = name_key(person)
            self._label(key)
            names.append((person, key))
            parts = name_parts(person)
            if len(parts) >= 2:
                names.append((f"{parts[0]} {parts[-1]}", key))
                self._first.setdefault(name_key(parts[0]), key)
            self._forms.add(key)
            for n, part in enumerate(parts):
                pkey = name_key(part)
                self._forms.add(pkey)
                if n:
                    self._surnames.add(pkey)
                if "-" not in part and ordinary_word(part):
                    self._words.add(pkey)
                names.append((part, key if len(owners[pkey]) == 1 else f"?{pkey}"))
        self._matcher: NameMatcher[str] = NameMatcher(names)
        # Names the text itself shows to be names ("den Kindern Lina und Sami"): found
        # anywhere in the copy once learned (:meth:`learn`).
        self._learned: dict[str, str] = {}
        self._learned_matcher: NameMatcher[str] = NameMatcher([])
        codes = "|".join(re.escape(c) for c in data.codes if c) or "[A-Z]{2}"
        self._case_ids = re.compile(
            rf"\bKIM[\s_-]*(?:{codes})[\s_-]*\d{{4}}[\s_-]*\d{{2,6}}\b"
            rf"|\b(?:Fall|Fall-ID|Akte|Az\.?)\s*:?\s*(?:KIM[\s_-]*)?(?:{codes})[\s_-]*"
            rf"(?:\d{{4}}[\s_-]*)?\d{{2,6}}\b"
            rf"|\b(?:{codes})-(?:\d{{4}}-)?\d{{3,6}}\b",
            re.IGNORECASE,
        )
        self._known_ids = [re.escape(c) for c in data.case_ids if c]

    # --- labels -------------------------------------------------------------------------

    def _label(self, key: str) -> str:
        if key not in self._labels:
            self._labels[key] = f"Person {_letters(len(self._labels))}"
        return self._labels[key]

    # --- the text -----------------------------------------------------------------------

    def learn(self, texts: Iterable[str]) -> None:
        """Read the whole copy first: a name shown as one in one place ("Sohn Dawit") is
        replaced everywhere, also where it stands alone before that place."""
        saved = (list(self.review), dict(self._first))
        for text in texts:
            for span in self._unknown_names(text, "", []):
                for word in span.name.split():
                    if not ordinary_word(word) or first_name(word):
                        self._learned.setdefault(name_key(word), span.key)
        self.review, self._first = saved
        self._learned_matcher = NameMatcher([(word, key) for word, key in self._learned.items()])

    def text(self, value: str, where: str) -> str:
        value = self._birth_dates(value, where)
        value = self._ids(value, where)
        value = self._persons(value, where)
        value = self._events(value, where)
        value = self._sub(_AGES, _age, value, where, "Alter")
        value = self._towns(value, where)
        return value

    def _sub(
        self,
        pattern: re.Pattern[str],
        replace: Callable[[re.Match[str]], str],
        value: str,
        where: str,
        what: str,
    ) -> str:
        def swap(m: re.Match[str]) -> str:
            new = replace(m)
            if new != m.group(0):
                self.replacements.append(Replacement(where, m.group(0).strip(), new, what))
            return new

        return pattern.sub(swap, value)

    def _birth_dates(self, value: str, where: str) -> str:
        def drop(m: re.Match[str]) -> str:
            if m.group("open") and m.group("close"):
                return ""  # " (geb. 11.02.1988)": the parenthesis goes with it
            before = m.group("lead") + (m.group("open") or "")
            return f"{before}[Geburtsangaben entfernt]{m.group('close') or ''}"

        value = self._sub(_BIRTH, drop, value, where, "Geburtsdatum")
        for day in self.data.birth_dates:
            for form in (
                day.isoformat(),
                f"{day.day:02d}.{day.month:02d}.{day.year}",
                f"{day.day}.{day.month}.{day.year}",
            ):
                if form in value:
                    value = value.replace(form, "[Geburtsdatum entfernt]")
                    self.replacements.append(
                        Replacement(where, form, "[Geburtsdatum entfernt]", "Geburtsdatum")
                    )
        return value

    def _ids(self, value: str, where: str) -> str:
        reference = self.data.reference
        value = self._sub(self._case_ids, lambda m: reference, value, where, "Fall-ID")
        for case_id in self._known_ids:
            pattern = re.compile(rf"(?<![\w-]){case_id}(?![\w])", re.IGNORECASE)
            value = self._sub(pattern, lambda m: reference, value, where, "Fall-ID")
        return value

    def _events(self, value: str, where: str) -> str:
        def month(m: re.Match[str]) -> str:
            day = _parse(m, self.data.day.year)
            if day is None:
                return m.group(0)
            pre = " ".join((m.group("pre") or "").split())
            if (self.data.day - day).days > BIRTH_YEARS * 365:
                self.review.append(
                    Risk(
                        where,
                        m.group(0).strip(),
                        "Datum lange vor dem Fall (vielleicht ein Geburtsdatum): entfernt.",
                    )
                )
                return f"{pre} [Datum entfernt]".strip() if pre else "[Datum entfernt]"
            said = f"{MONTHS[day.month - 1]} {day.year}"
            if not pre:
                return said
            new = _PREPOSITIONS.get(pre.lower(), pre.lower())
            if pre[:1].isupper():
                new = new[:1].upper() + new[1:]
            return f"{new} {said}"

        return self._sub(_EVENT, month, value, where, "Datum")

    def _towns(self, value: str, where: str) -> str:
        towns = self.data.towns
        if not towns:
            return value
        names = "|".join(re.escape(t) for t in sorted(towns, key=len, reverse=True))
        pattern = re.compile(
            rf"(?<!Kreis )(?P<pre>\b(?:in|nach)\s+|\b(?:der\s+)?(?:Stadt|Gemeinde)\s+)?"
            rf"(?<![\w-])(?P<town>{names})(?![\w-])"
        )

        def replace(m: re.Match[str]) -> str:
            district = towns[m.group("town")]
            pre = (m.group("pre") or "").strip()
            into = "in den " if pre == "nach" else "im " if pre else ""
            return f"{into}Bezirk {district}"

        return self._sub(pattern, replace, value, where, "Ort")

    # --- persons ------------------------------------------------------------------------

    def _persons(self, value: str, where: str) -> str:
        spans: list[_Span] = []
        for hit in self._matcher.find(value):
            key = hit.payloads[0]
            word = name_key(hit.text).rstrip("'s") if key.startswith("?") else ""
            if key.startswith("?"):  # a family name shared by two people of the case
                key = f"familie {word or name_key(hit.text)}"
            plain = name_key(hit.text)
            if plain in self._words or plain.rstrip("s") in self._words:
                title = _TITLE.search(value[: hit.start])
                titled = title is not None and bool(title.group(0).strip())
                # German nouns are capitalised: a name part that is also a word ("Probe",
                # "Anerkennung") counts only after a title or a first name.
                first = re.search(rf"({_NAME})\s+$", value[: hit.start])
                named = first is not None and first_name(first.group(1))
                if not titled and not named:
                    self.review.append(
                        Risk(
                            where,
                            hit.text,
                            "Namensteil und gewöhnliches Wort: nicht ersetzt, bitte prüfen, ob "
                            "hier die Person gemeint ist.",
                        )
                    )
                    continue
            spans.append(_Span(hit.start, hit.end, key, hit.text))
        taken = [(s.start, s.end) for s in spans]
        for hit in self._learned_matcher.find(value):
            if all(hit.end <= a or hit.start >= b for a, b in taken):
                spans.append(_Span(hit.start, hit.end, hit.payloads[0], hit.text))
        spans += self._unknown_names(value, where, spans)
        return self._apply(value, spans, where)

    def _unknown_names(self, value: str, where: str, known: list[_Span]) -> list[_Span]:
        """Names no case document lists: before a known family name, after a relation,
        before an age, after a title, and first names of the gazetteer."""
        taken = [(s.start, s.end) for s in known]

        def free(start: int, end: int) -> bool:
            return all(end <= a or start >= b for a, b in taken)

        found: list[_Span] = []

        def add(start: int, end: int, word: str, certain: bool = True) -> None:
            if not free(start, end):
                return
            # "Omar Haddad": a family name no document lists goes with the first name.
            after = re.match(rf"[ \t]+({_NAME})", value[end:])
            if after is not None:
                family = after.group(1)
                stop = end + after.end(1)
                plain = not ordinary_word(family) and not _TITLE_WORD.fullmatch(family)
                if plain and free(start, stop):
                    word, end = f"{word} {family}", stop
            key = self._first.get(name_key(word).removesuffix("s"), "") or name_key(word)
            key = self._first.get(name_key(word), key)
            found.append(_Span(start, end, key, word, certain))
            taken.append((start, end))

        # "Omar Haddad": a first name before a family name of the case is another person.
        for span in sorted(known, key=lambda s: s.start):
            stem = _stem(span.name)
            if stem not in self._surnames and stem[:-1] not in self._surnames:
                continue  # only a family name said alone can follow another's first name
            before = re.search(rf"({_NAME})\s+$", value[: span.start])
            if before is None or not free(before.start(1), before.end(1)):
                continue
            word = before.group(1)
            if _TITLE_WORD.fullmatch(word) or not first_name(word):
                continue
            whole = f"{word} {name_key(span.name)}"
            key = name_key(whole)
            self._first.setdefault(name_key(word), key)
            known.remove(span)
            taken.remove((span.start, span.end))
            found.append(_Span(before.start(1), span.end, key, f"{word} {span.name}"))
            taken.append((before.start(1), span.end))
        for m in _RELATION_NAMES.finditer(value):
            for w in _WORD.finditer(m.group("names")):
                if not ordinary_word(w.group(0)) or first_name(w.group(0)):
                    start = m.start("names") + w.start()
                    add(start, start + len(w.group(0)), w.group(0))
        for m in _BEFORE_AGE.finditer(value):
            word = m.group("name")
            if not ordinary_word(word) or first_name(word):
                add(m.start("name"), m.end("name"), word)
        for m in _TITLED.finditer(value):
            word = m.group("name")
            if not ordinary_word(word) and not _TITLE_WORD.fullmatch(word):
                add(m.start("name"), m.end("name"), word)
        if self.gazetteer:
            for w in _WORD.finditer(value):
                word = w.group(0)
                if "-" in word or _TITLE_WORD.fullmatch(word) or not free(w.start(), w.end()):
                    continue
                if not first_name(word):
                    continue
                if also_a_word(word.removesuffix("s")) and not _named_here(value, w.start(), word):
                    continue
                if not names_person(value, w.start(), word):
                    continue
                sentence_start = re.search(r"(?:^|[.!?:]\s+|\n\s*[-*]?\s*)$", value[: w.start()])
                if sentence_start is not None and also_a_word(word):
                    self.review.append(Risk(where, word, "Vielleicht ein Vorname: bitte prüfen."))
                    continue
                add(w.start(), w.end(), word)
        return found

    def _genitive(self, shown: str) -> bool:
        """ "Agathes" of the person "Agathe": the text adds an s the name does not have."""
        plain = name_key(shown)
        if shown.endswith(("'", "’")):
            return True
        return (
            plain.endswith("s")
            and plain not in self._forms
            and (plain[:-1] in self._forms or first_name(shown[:-1]) or plain.endswith("es"))
        )

    def _apply(self, value: str, spans: Iterable[_Span], where: str) -> str:
        out, last = [], 0
        for span in sorted(spans, key=lambda s: s.start):
            start = span.start
            title = _TITLE.search(value[last:start])
            if title is not None and title.group(0).strip():
                start = last + title.start()
            end = span.end
            fiction = _FICTION.match(value, end)
            if fiction is not None:
                end = fiction.end()
            label = self._label(span.key)
            shown = value[span.start : span.end]
            new = f"{label}s" if self._genitive(shown) else label
            out.append(value[last:start])
            out.append(new)
            self.replacements.append(Replacement(where, value[start:end].strip(), new, "Name"))
            last = end
        out.append(value[last:])
        return "".join(out)


_TITLE_WORD = re.compile(r"Herrn?|Frau|Dr|Prof|Familie")


def _stem(shown: str) -> str:
    """A name's key without the genitive the text added: "Haddads" → "haddad"."""
    plain = name_key(shown.rstrip("'’"))
    return plain


def _named_here(text: str, start: int, word: str) -> bool:
    """A first name that is also a word names someone where the text says so: after a
    relation or a title, before an age or a family name."""
    before = text[:start]
    after = text[start + len(word) :]
    return bool(
        re.search(rf"\b(?:{_RELATIONS}|Herrn?|Frau)\s+$", before)
        or re.match(r"\s*\(\d{1,2}\)", after)
    )


def _parse(m: re.Match[str], this_year: int) -> dt.date | None:
    try:
        if m.group("lm"):
            return dt.date(int(m.group("ly")), MONTHS.index(m.group("lm")) + 1, int(m.group("ld")))
        if m.group("iy"):
            return dt.date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        year = int(m.group("y"))
        if year < 100:
            year += 2000 if year <= this_year % 100 else 1900
        return dt.date(year, int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None
