"""One function per rule; each yields hits inside one sentence.

Messages name the problem in plain German; suggestions are concrete where the
fix is known (the split word, the digit, „Sie“ instead of „man“).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from kimdocs.base.dates import MONTHS
from kimdocs.easy_language import analysis
from kimdocs.easy_language.text import ADDRESS, WORD, Sentence
from kimdocs.text.grammar import case_errors
from kimdocs.text.sentences import ABBREVIATIONS, BEFORE_NUMBER

# Calibrated on the StaGE training split (benchmarks/leichte_sprache.py). Shares of its
# sentences flagged: more than 10/12/15 words 9.8/4.0/1.7 %, so 12 can be an error;
# zipf below 2.0/2.5/3.0 5.9/10.6/18.6 %, so rare words stay a warning at 2.5.
LONG_WORD = 14  # letters in one part of a word
LONG_SENTENCE = 12  # words; a Mediopunkt word counts as one
RARE_ZIPF = 2.5  # below: rare in German (wordfreq's scale, 0 … 7.5)
LONG_PARAGRAPH = 6  # sentences without a blank line
NO_HEADING = 10  # sentences before the first heading
LIST_ITEMS = 3  # more enumerated items than this belong in a list

EXPLANATION = re.compile(
    r"\b(?:das|dies) (?:heißt|bedeutet)\b|\bschwere(?:s)? Wort\b|\bbedeutet\b|\bheißt:",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Hit:
    rule: str
    start: int
    end: int
    message: str
    suggestion: str = ""
    replacement: str | None = None  # a safe mechanical fix for text[start:end]


@dataclass
class Context:
    """What a rule may know beyond its sentence."""

    glossary: frozenset[str] = frozenset()  # joined, lower-case words and forms
    style: str = analysis.MEDIOPUNKT  # how this text splits long words
    seen: set[str] = field(default_factory=set)  # rare words and abbreviations already reported
    facts: tuple[FactPattern, ...] = ()  # numbers and dates that fakten.yaml keeps


class View:
    """A sentence with its words and tags, computed once and only when a rule asks."""

    def __init__(self, sentence: Sentence, near_explanation: bool = False) -> None:
        self.sentence = sentence
        self.text = sentence.text
        self.near_explanation = near_explanation

    @cached_property
    def spans(self) -> tuple[tuple[int, int], ...]:
        return tuple(m.span() for m in WORD.finditer(self.text))

    @cached_property
    def words(self) -> list[tuple[int, int]]:
        return [(a, b) for a, b in self.spans if self.text[a].isalnum()]

    @cached_property
    def addresses(self) -> list[tuple[int, int]]:
        return [m.span() for m in ADDRESS.finditer(self.text)]

    def in_address(self, offset: int) -> bool:
        return any(a <= offset < b for a, b in self.addresses)

    @cached_property
    def plain_words(self) -> list[tuple[int, int]]:
        """Words without e-mail and web addresses, which no word rule is about."""
        return [(a, b) for a, b in self.words if not self.in_address(a)]

    @cached_property
    def tags(self) -> tuple[analysis.Tagged, ...]:
        return analysis.tag(self.text, self.spans)


@dataclass(frozen=True)
class FactPattern:
    """How a fact's value looks when written out: ``255 Euro``, ``B1``, ``30. Juni 2027``."""

    pattern: re.Pattern[str]
    names: tuple[str, ...]


RuleFn = Callable[[View, Context], Iterator[Hit]]
REGISTRY: dict[str, RuleFn] = {}


def rule(rule_id: str) -> Callable[[RuleFn], RuleFn]:
    def register(fn: RuleFn) -> RuleFn:
        REGISTRY[rule_id] = fn
        return fn

    return register


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def _in_glossary(word: str, ctx: Context) -> bool:
    return analysis.joined(word).lower() in ctx.glossary


# --- word rules -------------------------------------------------------------------------


def _pieces(part: str, first: bool = True) -> list[str]:
    """Split ``part`` at compound boundaries until no piece is long any more."""
    # A piece's linking s does not make it long: Staats·angehörigkeits·gesetz stays so.
    if _letters(part if first else part.removesuffix("s")) < LONG_WORD:
        return [part]
    split = analysis.split_compound(part)
    if split is None:
        return [part]
    head, tail = split
    offset = len(part) - len(tail)
    # compound-split changes the case of the tail; keep the author's letters.
    if part[offset:].lower() != tail.lower() or part[:offset].lower() != head.lower():
        return [part]
    return _pieces(part[:offset], False) + _pieces(part[offset:], False)


def split_suggestion(part: str, style: str) -> str | None:
    """``Staatsangehörigkeit`` → ``Staats·angehörigkeit`` (or ``Staats-Angehörigkeit``)."""
    pieces = _pieces(part)
    if len(pieces) < 2:
        return None
    if style == "-":
        return "-".join(p[:1].upper() + p[1:] for p in pieces)
    return pieces[0] + "".join(analysis.MEDIOPUNKT + p[:1].lower() + p[1:] for p in pieces[1:])


@rule("LS-WORT-LANG")
def long_word(v: View, ctx: Context) -> Iterator[Hit]:
    for a, b in v.plain_words:
        word = v.text[a:b]
        offset = a
        already_split = len(re.split(r"[·\-\u00ad]", word)) > 1
        for part in re.split(r"([·\-\u00ad])", word):
            if part and part not in "·-\u00ad" and _letters(part) >= LONG_WORD:
                suggestion = split_suggestion(part, ctx.style)
                if already_split and suggestion is None:
                    offset += len(part)
                    continue  # the author split it already; no better split known
                yield Hit(
                    "LS-WORT-LANG",
                    offset,
                    offset + len(part),
                    f"Das Wort „{part}“ ist lang und schwer zu lesen.",
                    f"Trennen Sie es: {suggestion}"
                    if suggestion
                    else "Trennen Sie es mit Medio·punkt oder Binde-Strich.",
                    suggestion,
                )
            offset += len(part)


_NE_TAGS = ("NE", "CARD", "FM", "XY")


@rule("LS-WORT-SELTEN")
def rare_word(v: View, ctx: Context) -> Iterator[Hit]:
    if v.near_explanation:
        return
    for t in v.tags:
        word = t.word
        if v.in_address(t.start):
            continue
        if not word[:1].isalpha() or _letters(word) < 4 or any(c.isdigit() for c in word):
            continue
        if t.pos in _NE_TAGS or word.isupper() or _in_glossary(word, ctx):
            continue
        key = analysis.joined(word).lower()
        if key in ctx.seen or analysis.zipf(analysis.joined(word)) >= RARE_ZIPF:
            continue
        parts = [p for p in re.split(r"[·\-\u00ad]", word) if p]
        if len(parts) > 1 and all(analysis.zipf(p) >= RARE_ZIPF for p in parts):
            continue
        ctx.seen.add(key)
        yield Hit(
            "LS-WORT-SELTEN",
            t.start,
            t.end,
            f"Das Wort „{word}“ ist selten und vielleicht schwer.",
            "Nehmen Sie ein bekanntes Wort, erklären Sie es (z. B. „Das heißt: …“) "
            "oder tragen Sie es ins Wörter-Buch (glossar.yaml) ein.",
        )


# A reference is left out rather than written out (as LS-TEXT-VERWEIS says).
_REFERENCES = frozenset({"s. o.", "s. u.", "vgl."})


def _abbreviation_key(text: str) -> str:
    return re.sub(r"\s", "", text).casefold()


def _abbreviation_pattern(form: str) -> str:
    # "z. B." is written "z.B." too; "Art." and "S." are words unless a number follows.
    pattern = re.escape(form).replace(r"\ ", r"\s?")
    return pattern + (r"(?=\s*\d)" if form in BEFORE_NUMBER else "")


_ABBREVIATION = re.compile(
    r"(?<!\w)(?:"
    + "|".join(_abbreviation_pattern(f) for f in sorted(ABBREVIATIONS, key=len, reverse=True))
    + r")",
    re.IGNORECASE,
)
_ABBREVIATION_BY_KEY = {_abbreviation_key(form): form for form in ABBREVIATIONS}
_CAPS = re.compile(r"(?<![\w·])(?=\w*[A-ZÄÖÜ]\w*[A-ZÄÖÜ])[A-Za-zÄÖÜäöüß]{2,8}(?![\w·])")


@rule("LS-WORT-ABK")
def abbreviation(v: View, ctx: Context) -> Iterator[Hit]:
    for m in _ABBREVIATION.finditer(v.text):
        if v.in_address(m.start()):
            continue
        form = _ABBREVIATION_BY_KEY[_abbreviation_key(m.group())]
        expansion = "(Verweis weglassen)" if form in _REFERENCES else ABBREVIATIONS[form]
        yield Hit(
            "LS-WORT-ABK",
            m.start(),
            m.end(),
            f"Die Abkürzung „{m.group()}“ ist schwer.",
            f"Schreiben Sie: {expansion}",
        )
    for m in _CAPS.finditer(v.text):
        word = m.group()
        if v.in_address(m.start()):
            continue
        if word in ctx.seen or _in_glossary(word, ctx) or v.near_explanation:
            continue
        if v.text[m.start() - 1 : m.start()] == "(" and v.text[m.end() : m.end() + 1] == ")":
            ctx.seen.add(word)  # "Kommunales Integrations·management (KIM)" explains it
            continue
        ctx.seen.add(word)
        yield Hit(
            "LS-WORT-ABK",
            m.start(),
            m.end(),
            f"„{word}“ ist eine Abkürzung oder in Groß·buchstaben geschrieben.",
            "Schreiben Sie das ganze Wort, oder erklären Sie die Abkürzung beim 1. Mal.",
        )


NUMBER_WORDS = {
    "eins": "1",
    "zwei": "2",
    "drei": "3",
    "vier": "4",
    "fünf": "5",
    "sechs": "6",
    "sieben": "7",
    "acht": "8",
    "neun": "9",
    "zehn": "10",
    "elf": "11",
    "zwölf": "12",
    "dreizehn": "13",
    "vierzehn": "14",
    "fünfzehn": "15",
    "sechzehn": "16",
    "siebzehn": "17",
    "achtzehn": "18",
    "neunzehn": "19",
    "zwanzig": "20",
    "dreißig": "30",
    "vierzig": "40",
    "fünfzig": "50",
    "sechzig": "60",
    "siebzig": "70",
    "achtzig": "80",
    "neunzig": "90",
    "hundert": "100",
    "tausend": "1000",
}
_NUMBER_WORD = re.compile(r"(?<![\w·\-])(" + "|".join(NUMBER_WORDS) + r")(?![\w·\-])", re.I)


@rule("LS-WORT-ZAHLWORT")
def number_word(v: View, ctx: Context) -> Iterator[Hit]:
    for m in _NUMBER_WORD.finditer(v.text):
        word = m.group()
        # "Acht geben", "die Acht": a capital letter mid-sentence is a noun, not a number.
        if word[0].isupper() and m.start() > 0:
            continue
        digit = NUMBER_WORDS[word.lower()]
        yield Hit(
            "LS-WORT-ZAHLWORT",
            m.start(),
            m.end(),
            f"Zahlen sind als Ziffer leichter zu lesen als „{word}“.",
            f"Schreiben Sie: {digit}",
            digit,
        )


_PERCENT = re.compile(r"\d+(?:,\d+)?\s?(?:%|Prozent\b)")
_DECIMAL = re.compile(r"(?<![\d.,])\d+,\d+(?![\d.,])")
_BIG = re.compile(r"(?<![\d.,:])\d{1,3}(?:\.\d{3})+(?![\d.,])|(?<![\d.,:])\d{4,}(?![\d.,:])")
_ROMAN = re.compile(
    r"(?<![\w·])(?=[IVXLCDM]{2,}\b)"
    r"M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})(?![\w·])"
)


def _is_code(text: str, m: re.Match[str]) -> bool:
    """Telephone numbers (02581 000-000) and postcodes (48231 Warendorf) are no amounts."""
    after = text[m.end() : m.end() + 2]
    return (
        m.group().startswith("0")
        or after[:1] == "-"
        or (after[:1] == " " and after[1:2].isdigit())
        # A round number before a noun is an amount (12000 Menschen), not a postcode.
        or (
            len(m.group()) == 5
            and not m.group().endswith("00")
            and after[:1] == " "
            and after[1:2].isupper()
        )
    )


def _is_year(number: str) -> bool:
    return len(number) == 4 and 1900 <= int(number) <= 2100


@rule("LS-WORT-ZAHL")
def hard_number(v: View, ctx: Context) -> Iterator[Hit]:
    for m in _PERCENT.finditer(v.text):
        yield Hit(
            "LS-WORT-ZAHL",
            m.start(),
            m.end(),
            f"Prozent·zahlen wie „{m.group()}“ sind schwer zu verstehen.",
            "Schreiben Sie zum Beispiel: „die Hälfte“, „viele“, „1 von 4 Menschen“.",
        )
    percent_spans = [m.span() for m in _PERCENT.finditer(v.text)]
    for m in _DECIMAL.finditer(v.text):
        if any(a <= m.start() < b for a, b in percent_spans):
            continue
        yield Hit(
            "LS-WORT-ZAHL",
            m.start(),
            m.end(),
            f"Die Komma·zahl „{m.group()}“ ist schwer.",
            "Runden Sie, oder schreiben Sie: „etwa 3 und ein halber …“.",
        )
    for m in _BIG.finditer(v.text):
        if _is_year(m.group()) or _DATE.search(v.text, max(0, m.start() - 6), m.end()):
            continue
        if _is_code(v.text, m):
            continue
        yield Hit(
            "LS-WORT-ZAHL",
            m.start(),
            m.end(),
            f"Die große Zahl „{m.group()}“ ist schwer vorstellbar.",
            "Schreiben Sie zum Beispiel: „sehr viele“, oder geben Sie einen Vergleich.",
        )
    for m in _ROMAN.finditer(v.text):
        if not m.group():
            continue
        yield Hit(
            "LS-WORT-ZAHL",
            m.start(),
            m.end(),
            f"Die römische Zahl „{m.group()}“ kennen viele nicht.",
            "Schreiben Sie die Zahl mit Ziffern: 1, 2, 3 …",
        )


_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d])")


def date_words(m: re.Match[str]) -> str | None:
    day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    if len(year) == 2:
        year = f"20{year}"
    return f"{day}. {MONTHS[month - 1]} {year}"


@rule("LS-WORT-DATUM")
def date(v: View, ctx: Context) -> Iterator[Hit]:
    for m in _DATE.finditer(v.text):
        words = date_words(m)
        if words is None:
            continue
        yield Hit(
            "LS-WORT-DATUM",
            m.start(),
            m.end(),
            f"Das Datum „{m.group()}“ ist nur aus Ziffern schwer zu lesen.",
            f"Schreiben Sie: {words}",
            words,
        )


_SPECIAL = {
    "§": "Schreiben Sie „Paragraf“.",
    "&": "Schreiben Sie „und“.",
    "%": "Schreiben Sie „Prozent“, oder besser: „die Hälfte“, „viele“.",
    ";": "Machen Sie einen Punkt und beginnen Sie einen neuen Satz.",
    "(": "Schreiben Sie die Erklärung als eigenen Satz.",
    ")": "",
    "[": "Schreiben Sie die Erklärung als eigenen Satz.",
    "]": "",
    "/": "Schreiben Sie „oder“ beziehungsweise „und“.",
    "*": "Schreiben Sie beide Formen aus: „Bürgerinnen und Bürger“.",
    '"': "Lassen Sie die Anführungs·zeichen weg, oder schreiben Sie: Das heißt: …",
    "¹": "Fußnoten weglassen: Schreiben Sie die Erklärung in den Text.",
    "²": "Fußnoten weglassen: Schreiben Sie die Erklärung in den Text.",
    "³": "Fußnoten weglassen: Schreiben Sie die Erklärung in den Text.",
    "†": "Fußnoten weglassen: Schreiben Sie die Erklärung in den Text.",
}


@rule("LS-WORT-ZEICHEN")
def special_character(v: View, ctx: Context) -> Iterator[Hit]:
    for i, char in enumerate(v.text):
        if char not in _SPECIAL or not _SPECIAL[char]:
            continue
        if v.in_address(i):
            continue
        yield Hit(
            "LS-WORT-ZEICHEN",
            i,
            i + 1,
            f"Das Zeichen „{char}“ ist schwer zu verstehen.",
            _SPECIAL[char],
        )


# --- sentence rules ---------------------------------------------------------------------


@rule("LS-SATZ-LANG")
def long_sentence(v: View, ctx: Context) -> Iterator[Hit]:
    count = len(v.words)
    if count > LONG_SENTENCE:
        yield Hit(
            "LS-SATZ-LANG",
            0,
            len(v.text),
            f"Der Satz hat {count} Wörter. Gut sind höchstens {LONG_SENTENCE}.",
            "Teilen Sie den Satz in 2 kurze Sätze.",
        )


_SPLIT_AFTER_COMMA = {"aber", "denn", "sondern", "doch", "jedoch"}


@rule("LS-SATZ-AUSSAGE")
def one_statement(v: View, ctx: Context) -> Iterator[Hit]:
    tags = v.tags
    finite = [i for i, t in enumerate(tags) if t.pos.endswith("(FIN)")]
    # "Sie möchten Deutsche oder Deutscher werden": after a modal verb the infinitive at
    # the end is no second finite verb, even where the tagger says so.
    if any(tags[i].pos == "VM(FIN)" for i in finite):
        finite = [i for i in finite if tags[i].word.lower() != tags[i].lemma.lower()]
    reason = ""
    at = 0
    for i, t in enumerate(tags):
        if t.pos in ("KOUS", "KOUI") or (
            t.pos in ("PRELS", "PRELAT") and i and tags[i - 1].pos == "$,"
        ):
            reason, at = f"Der Neben·satz mit „{t.word}“ ist eine 2. Aussage.", i
            break
        if t.word.lower() in _SPLIT_AFTER_COMMA and i and tags[i - 1].pos == "$,":
            reason, at = f"„, {t.word}“ verbindet 2 Aussagen.", i
            break
        if (
            t.pos == "KON"
            and t.word.lower() in ("und", "oder")
            and any(f < i for f in finite)
            and any(f > i for f in finite)
        ):
            reason, at = f"„{t.word}“ verbindet 2 Aussagen mit je einem Verb.", i
            break
    # "Das Amt sagt: Sie brauchen einen Pass." A colon before a whole sentence is the
    # Leichte-Sprache way to split, so verbs on both sides of it are fine.
    colons = [i for i, t in enumerate(tags) if t.word == ":"]
    if colons:
        finite = [i for i in finite if i > colons[-1]] or finite[:1]
    if not reason and len(finite) >= 2:
        at = finite[1]
        reason = f"Der Satz hat 2 gebeugte Verben („{tags[finite[0]].word}“, „{tags[at].word}“)."
    if not reason:
        at = next((i for i, t in enumerate(tags) if t.pos == "PTKZU"), -1)
        if at >= 0:
            reason = "„zu“ mit einem 2. Verb ist eine 2. Aussage."
    if reason:
        yield Hit(
            "LS-SATZ-AUSSAGE",
            tags[at].start,
            tags[at].end,
            reason,
            "Schreiben Sie jede Aussage als eigenen Satz.",
        )


@rule("LS-SATZ-PASSIV")
def passive(v: View, ctx: Context) -> Iterator[Hit]:
    tags = v.tags
    werden = [t for t in tags if t.pos.startswith("VA") and t.lemma == "werden"]
    # A participle followed by haben/sein is Perfekt ("bestanden haben"), not passive.
    participles = [
        t
        for i, t in enumerate(tags)
        if t.pos == "VV(PP)"
        and not (
            i + 1 < len(tags)
            and tags[i + 1].pos.startswith("VA")
            and tags[i + 1].lemma in ("haben", "sein")
        )
    ]
    if werden and participles:
        w, p = werden[0], participles[0]
        yield Hit(
            "LS-SATZ-PASSIV",
            min(w.start, p.start),
            max(w.end, p.end),
            f"Passiv („{w.word} … {p.word}“): Es wird nicht gesagt, wer etwas tut.",
            "Schreiben Sie aktiv: Wer tut etwas? Zum Beispiel: „Das Amt prüft den Antrag.“",
        )


_GENITIVE_ARTICLES = {
    "des",
    "eines",
    "meines",
    "deines",
    "seines",
    "ihres",
    "unseres",
    "eures",
    "keines",
    "dieses",
    "jenes",
    "jedes",
}
_GENITIVE_PREPOSITIONS = {
    "wegen",
    "während",
    "trotz",
    "aufgrund",
    "statt",
    "anstatt",
    "innerhalb",
    "außerhalb",
    "bezüglich",
    "mithilfe",
    "anhand",
    "infolge",
    "zwecks",
    "seitens",
    "hinsichtlich",
}


@rule("LS-SATZ-GENITIV")
def genitive(v: View, ctx: Context) -> Iterator[Hit]:
    tags = v.tags
    for i, t in enumerate(tags):
        low = t.word.lower()
        nxt = tags[i + 1] if i + 1 < len(tags) else None
        if low in _GENITIVE_ARTICLES and t.pos in ("ART", "PPOSAT", "PIAT", "PDAT"):
            noun = next((n for n in tags[i + 1 : i + 4] if n.pos in ("NN", "NE")), None)
            if noun is not None and (low == "des" or noun.word.endswith("s")):
                yield Hit(
                    "LS-SATZ-GENITIV",
                    t.start,
                    noun.end,
                    f"Genitiv („{v.text[t.start : noun.end]}“) ist schwer.",
                    "Schreiben Sie mit „von“: „das Haus von dem Vater“ statt „das Haus des "
                    "Vaters“.",
                )
                return
        if low in _GENITIVE_PREPOSITIONS and t.pos in ("APPR", "APPO", "ADV"):
            if nxt is not None and nxt.word.lower() == "von":
                continue
            better = "weil" if low in ("wegen", "aufgrund", "infolge") else "einfacher"
            yield Hit(
                "LS-SATZ-GENITIV",
                t.start,
                t.end,
                f"Nach „{t.word}“ folgt ein Genitiv; das ist schwer.",
                f"Schreiben Sie den Satz {'mit „weil“' if better == 'weil' else 'anders'}.",
            )
            return


_SUBJUNCTIVES = {
    "würde",
    "würden",
    "würdest",
    "würdet",
    "wäre",
    "wären",
    "wärst",
    "wäret",
    "hätte",
    "hätten",
    "hättest",
    "hättet",
    "könnte",
    "könnten",
    "könntest",
    "müsste",
    "müssten",
    "dürfte",
    "dürften",
    "bräuchte",
    "bräuchten",
    "käme",
    "kämen",
    "ginge",
    "gingen",
    "gäbe",
    "wüsste",
    "sollte",
    "sollten",
}


@rule("LS-SATZ-KONJUNKTIV")
def subjunctive(v: View, ctx: Context) -> Iterator[Hit]:
    # "möchte" is the everyday polite form and well understood; it is not reported.
    for a, b in v.words:
        word = v.text[a:b]
        if word.lower() in _SUBJUNCTIVES and not (word.lower() == "gingen" and a == 0):
            yield Hit(
                "LS-SATZ-KONJUNKTIV",
                a,
                b,
                f"„{word}“ ist Möglichkeits·form (Konjunktiv); das ist schwer.",
                "Schreiben Sie, was gilt: „kann“, „muss“, „ist“ oder „Vielleicht …“.",
            )
            return


_NEGATIONS = re.compile(
    r"(?<![\w·])(nicht|nie|niemals|niemand|niemanden|nichts|kein|keine|keinen|keinem|keiner|keines)(?![\w·])",
    re.IGNORECASE,
)


@rule("LS-SATZ-VERNEINUNG")
def negation(v: View, ctx: Context) -> Iterator[Hit]:
    m = _NEGATIONS.search(v.text)
    if m:
        yield Hit(
            "LS-SATZ-VERNEINUNG",
            m.start(),
            m.end(),
            f"Verneinung („{m.group()}“) wird leicht überlesen.",
            "Sagen Sie es positiv, wenn das geht, und schreiben Sie das Wort fett.",
        )


_PRESENT_CHANGES = {("e", "i"), ("e", "ie"), ("a", "ä"), ("au", "äu"), ("o", "ö")}
_VOWELS = re.compile(r"[aeiouäöü]+")


def is_preterite(word: str, lemma: str) -> bool:
    """A finite full verb in Präteritum, judged from its form and lemma."""
    w, lem = word.lower(), lemma.lower()
    stem = re.sub(r"e?n$", "", lem)
    if not stem or w == lem:
        return False
    for ending in ("ete", "eten", "etest", "etet", "te", "ten", "test", "tet"):
        if w.endswith(ending) and w[: -len(ending)] in (stem, stem.removesuffix("e")):
            return not stem.endswith(("t", "d")) or ending.startswith("e")
    # Strong verbs: the stem vowel changes, but not as in the present (gilt, fährt, läuft).
    prefix = ""
    for x, y in zip(w, stem, strict=False):
        if x != y:
            break
        prefix += x
    wv = _VOWELS.search(w, len(prefix) - 2 if len(prefix) >= 2 else 0)
    lv = _VOWELS.search(stem, len(prefix) - 2 if len(prefix) >= 2 else 0)
    if wv is None or lv is None or wv.group() == lv.group():
        return False
    # Present-tense vowel changes only happen with the endings -t and -st (gibt, gibst).
    return not ((lv.group(), wv.group()) in _PRESENT_CHANGES and w.endswith("t"))


@rule("LS-SATZ-PRAETERITUM")
def preterite(v: View, ctx: Context) -> Iterator[Hit]:
    for t in v.tags:
        if t.pos == "VV(FIN)" and is_preterite(t.word, t.lemma):
            yield Hit(
                "LS-SATZ-PRAETERITUM",
                t.start,
                t.end,
                f"„{t.word}“ ist Präteritum; in Leichter Sprache ist Perfekt leichter.",
                f"Schreiben Sie Perfekt mit „hat“ oder „ist“ (Verb: {t.lemma}), zum Beispiel "
                "„ist … gegangen“ statt „ging“.",
            )
            return


# --- text rules -------------------------------------------------------------------------

_MAN = re.compile(r"(?<![\w·])[Mm]an(?![\w·])")


@rule("LS-TEXT-MAN")
def impersonal(v: View, ctx: Context) -> Iterator[Hit]:
    for m in _MAN.finditer(v.text):
        yield Hit(
            "LS-TEXT-MAN",
            m.start(),
            m.end(),
            "„man“ spricht niemanden an.",
            "Sprechen Sie die Leser direkt an: „Sie“ statt „man“.",
        )


_REFERENCE = re.compile(
    r"(?<![\w·])(?:siehe|vgl\.|s\.\s?o\.|s\.\s?u\.|(?:wie|weiter|siehe) (?:oben|unten))(?![\w·])",
    re.IGNORECASE,
)


@rule("LS-TEXT-VERWEIS")
def reference(v: View, ctx: Context) -> Iterator[Hit]:
    for m in _REFERENCE.finditer(v.text):
        yield Hit(
            "LS-TEXT-VERWEIS",
            m.start(),
            m.end(),
            f"Der Verweis „{m.group()}“ schickt die Leser an eine andere Stelle.",
            "Schreiben Sie die Information hier noch einmal hin.",
        )


# Commas before a subordinate or relative clause separate clauses, not listed things.
_CLAUSE_COMMA = re.compile(
    r",\s*(?:wenn|weil|dass|ob|obwohl|damit|der|die|das|den|dem|deren|dessen|aber|denn|sondern)\b"
)


@rule("LS-TEXT-STRUKTUR")
def enumeration(v: View, ctx: Context) -> Iterator[Hit]:
    if v.sentence.in_list:
        return
    commas = v.text.count(",")
    if commas >= LIST_ITEMS - 1 and re.search(r",[^,]*\b(?:und|oder)\b[^,]*$", v.text):
        items = commas + 2
        if items > LIST_ITEMS and not _CLAUSE_COMMA.search(v.text):
            yield Hit(
                "LS-TEXT-STRUKTUR",
                0,
                len(v.text),
                f"Der Satz zählt {items} Dinge auf.",
                "Schreiben Sie eine Liste: jedes Ding in eine eigene Zeile mit „- “.",
            )


# --- facts ------------------------------------------------------------------------------

_UNIT_FORMS = {"euro": r"(?:Euro|€)"}


def _unit_pattern(unit: str) -> str:
    key = unit.strip().lower()
    if key in _UNIT_FORMS:
        return _UNIT_FORMS[key]
    # Jahre, Jahren, Jahr; Monate, Monaten: the same unit in every case ending.
    stem = re.sub(r"(?:en|e|n)$", "", unit.strip())
    return re.escape(stem) + r"\w*"


def _value_patterns(value: object, unit: str) -> list[str]:
    text = str(value).strip()
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if iso:
        year, month, day = int(iso[1]), int(iso[2]), int(iso[3])
        return [
            rf"0?{day}\.\s*0?{month}\.\s*{year}",
            rf"0?{day}\.\s*{MONTHS[month - 1]}\s+{year}",
        ]
    if isinstance(value, (int, float)) and unit:
        return [rf"{re.escape(text)}\s*{_unit_pattern(unit)}"]
    if re.search(r"\d", text):
        return [re.escape(text)]
    return []


def fact_patterns(facts: dict[str, tuple[object, str]]) -> tuple[FactPattern, ...]:
    """One pattern per written form, with every fact that has it: ``{name: (value, unit)}``."""
    by_form: dict[str, list[str]] = {}
    for name, (value, unit) in sorted(facts.items()):
        for form in _value_patterns(value, unit):
            by_form.setdefault(form, []).append(name)
    return tuple(
        FactPattern(re.compile(rf"(?<![\w.,]){form}(?!\w)", re.IGNORECASE), tuple(names))
        for form, names in by_form.items()
    )


@rule("LS-WORT-FALL")
def unit_case(v: View, ctx: Context) -> Iterator[Hit]:
    """ "Sind Sie 16 Jahren alt?": the unit's ending does not fit the words around it."""
    for start, end, error in case_errors(v.text):
        yield Hit(
            "LS-WORT-FALL",
            start,
            end,
            f"„{error.found}“ passt nicht zusammen.",
            f"Schreiben Sie „{error.right}“.",
        )


@rule("LS-TEXT-FAKT")
def written_fact(v: View, ctx: Context) -> Iterator[Hit]:
    for fact in ctx.facts:
        for m in fact.pattern.finditer(v.text):
            names = ", ".join(f"[[fakt:{n}]]" for n in fact.names)
            yield Hit(
                "LS-TEXT-FAKT",
                m.start(),
                m.end(),
                f"„{m.group()}“ steht so auch in fakten.yaml. Ändert sich der Fakt, "
                "bleibt hier die alte Angabe stehen.",
                f"Schreiben Sie {names}.",
            )
