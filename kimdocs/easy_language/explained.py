"""Where a hard word is explained – decided here, once, for the checker and the flyer layout.

A *hard word* is a word of the project's Wörter-Buch (``glossar.yaml``, with its forms) or
a rare word (below ``rules.RARE_ZIPF`` on wordfreq's scale, the measure of LS-WORT-SELTEN).

A hard word is *explained where it is used* when, at the sentence of its first use in the
text (headings and titles name a topic and do not count as use):

1. that sentence, the one before or the one after it explains – it says „Das heißt“,
   „bedeutet“, „heißt:“ or names „das schwere Wort“ (``rules.EXPLANATION``); or
2. it is a Wörter-Buch word and the flyer shows explanations beside the text
   (``erklärungen: am_rand``): the layout puts its box beside the section of that sentence.

Otherwise it is explained too late (only in the Wörter-Buch at the end, or in a later
sentence): LS-TEXT-ERKLAERT. A rare word that is never explained is LS-WORT-SELTEN's.

An explanation runs from hard to easy: after „Das heißt:“ / „bedeutet“ no word may be rarer
than the rarest word of what it explains (LS-TEXT-LEICHTER). To name the official term after
an easy description, say „Das schwere Wort dafür ist: …“ – that is no explanation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from kimdocs.easy_language import analysis, rules
from kimdocs.easy_language.text import WORD, Sentence, blocks

# The flyer field and its values: where the layout shows the Wörter-Buch explanations.
FIELD = "erklärungen"
AT_END, BESIDE = "am_ende", "am_rand"

# „X heißt: Y“, „Das heißt: Y“, „X bedeutet Y“: the part after the marker explains.
_EXPLAINS = re.compile(r"\b(?:das|dies) (?:heißt|bedeutet)\b:?|\bbedeutet\b:?|\bheißt:", re.I)
_NAMES_TERM = re.compile(r"\bschwere(?:s)? Wort\b", re.I)
# Explaining words at least this common are easy whatever they explain.
EASY_ZIPF = 3.5


def terms(entries: Iterable[tuple[str, Sequence[str]]]) -> dict[str, str]:
    """Each written form of a Wörter-Buch word (joined, lower case) → the entry's word."""
    out: dict[str, str] = {}
    for word, forms in entries:
        for form in (word, *forms):
            out[analysis.joined(form).lower()] = word
    return out


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in WORD.finditer(text) if m.group()[:1].isalpha()]


def _hard(word: str) -> bool:
    joined = analysis.joined(word)
    if len(joined) < 4 or any(c.isdigit() for c in joined) or word.isupper():
        return False
    if analysis.zipf(joined) >= rules.RARE_ZIPF:
        return False
    parts = [p for p in re.split(r"[·\-\u00ad]", word) if p]
    return not (len(parts) > 1 and all(analysis.zipf(p) >= rules.RARE_ZIPF for p in parts))


def near_explanation(sentences: Sequence[Sentence]) -> list[bool]:
    """Per sentence: it, the one before or the one after it explains (rule 1 above)."""
    marks = [bool(rules.EXPLANATION.search(s.text)) for s in sentences]
    return [
        any(marks[j] for j in (i - 1, i, i + 1) if 0 <= j < len(marks)) for i in range(len(marks))
    ]


# A hard word's first use: sentence index, start, end, the word as written.
_Use = tuple[int, int, int, str]


def _first_uses(
    body: Sequence[Sentence], glossary: dict[str, str], near: Sequence[bool]
) -> tuple[dict[str, _Use], dict[str, int]]:
    """Each hard word's first use, and the sentence of a later explanation if there is one.

    A Wörter-Buch word is keyed by its entry's word, another hard word by itself.
    """
    first: dict[str, _Use] = {}
    explained_later: dict[str, int] = {}
    for i, sentence in enumerate(body):
        for a, b, word in _words(sentence.text):
            key = glossary.get(analysis.joined(word).lower())
            if key is None:
                key = analysis.joined(word).lower()
                if key in first or _hard(word):
                    pass
                else:
                    continue
            if key not in first:
                first[key] = (i, a, b, word)
            elif key not in explained_later and near[i] and not near[first[key][0]]:
                explained_later[key] = i
    return first, explained_later


def explained_in_text(text: str, glossary: dict[str, str]) -> frozenset[str]:
    """The Wörter-Buch words that ``text`` (Markdown) explains itself where first used.

    They need no box beside the text: it would only repeat what the reader just read.
    """
    body = [s for b in blocks(text, 1) for s in b.sentences if not s.heading]
    near = near_explanation(body)
    first, _later = _first_uses(body, glossary, near)
    words = set(glossary.values())
    return frozenset(key for key, (i, *_use) in first.items() if key in words and near[i])


def first_use_findings(
    sentences: Sequence[Sentence],
    glossary: dict[str, str],
    beside: bool,
) -> list[tuple[Sentence, rules.Hit]]:
    """LS-TEXT-ERKLAERT: hard words whose explanation comes after their first use."""
    body = [s for s in sentences if not s.heading]
    near = near_explanation(body)
    first, explained_later = _first_uses(body, glossary, near)
    hits: list[tuple[Sentence, rules.Hit]] = []
    for key, (i, a, b, word) in first.items():
        in_glossary = key in glossary.values()
        if near[i] or (in_glossary and beside):
            continue
        if in_glossary:
            message = (
                f"„{word}“ steht im Wörter-Buch, wird hier aber noch nicht erklärt: "
                "Die Erklärung steht erst am Ende."
            )
            suggestion = (
                "Erklären Sie das Wort hier („Das heißt: …“) oder setzen Sie im Flyer "
                f"„{FIELD}: {BESIDE}“: Dann steht die Erklärung neben dieser Stelle."
            )
        elif key in explained_later:
            message = f"„{word}“ wird erst später erklärt, nicht hier, wo es zuerst steht."
            suggestion = "Erklären Sie das Wort dort, wo es zum ersten Mal steht."
        else:
            continue  # never explained: LS-WORT-SELTEN says so
        hits.append((body[i], rules.Hit("LS-TEXT-ERKLAERT", a, b, message, suggestion)))
    return hits


def _hardest(text: str) -> tuple[float, str] | None:
    scored = [
        (analysis.zipf(analysis.joined(w)), w)
        for _a, _b, w in _words(text)
        if len(analysis.joined(w)) >= 4 and not any(c.isdigit() for c in w)
    ]
    return min(scored) if scored else None


def harder_word(word: str, forms: Sequence[str], explanation: str) -> tuple[float, str] | None:
    """The explanation's rarest word if it is rarer than the explained word (and not easy)."""
    own = {analysis.joined(f).lower() for f in (word, *forms)}
    text = re.sub(r"\[\[[^\]]*\]\]", " ", explanation)  # facts are the law's wording
    scored = [
        (analysis.zipf(analysis.joined(w)), w)
        for _a, _b, w in _words(text)
        if len(analysis.joined(w)) >= 4
        and analysis.joined(w).lower() not in own
        and not any(analysis.joined(w).lower().startswith(o) for o in own)
    ]
    if not scored:
        return None
    hardest = min(scored)
    level = min(analysis.zipf(analysis.joined(p)) for p in word.split()) if word.split() else 0.0
    return hardest if hardest[0] < min(level, EASY_ZIPF) else None


def easy_explanation_findings(sentences: Sequence[Sentence]) -> list[tuple[Sentence, rules.Hit]]:
    """LS-TEXT-LEICHTER: an explanation that uses a word harder than what it explains."""
    hits: list[tuple[Sentence, rules.Hit]] = []
    body = [s for s in sentences if not s.heading]
    for i, sentence in enumerate(body):
        m = _EXPLAINS.search(sentence.text)
        if m is None or _NAMES_TERM.search(sentence.text):
            continue
        before = sentence.text[: m.start()]
        explained = before if _hardest(before) else (body[i - 1].text if i > 0 else "")
        explaining = _hardest(sentence.text[m.end() :])
        hard = _hardest(explained)
        if explaining is None or hard is None:
            continue
        if explaining[0] < min(hard[0], EASY_ZIPF):
            word = explaining[1]
            start = m.end() + sentence.text[m.end() :].find(word)
            hits.append(
                (
                    sentence,
                    rules.Hit(
                        "LS-TEXT-LEICHTER",
                        start,
                        start + len(word),
                        f"Die Erklärung benutzt „{word}“: Das ist schwerer als "
                        f"„{hard[1]}“, das sie erklären soll.",
                        "Erklären Sie mit leichteren Wörtern. Wollen Sie das schwere Wort "
                        "nennen, schreiben Sie: „Das schwere Wort dafür ist: …“.",
                    ),
                )
            )
    return hits
