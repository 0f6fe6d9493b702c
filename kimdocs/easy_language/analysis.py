"""Language analysis from packages that ship their data: HanTa, wordfreq, compound-split.

Every model loads on first use and once per process; results are cached per
sentence or word, because flyers repeat the same short sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

MEDIOPUNKT = "·"
SOFT_HYPHEN = "\u00ad"


@dataclass(frozen=True)
class Tagged:
    word: str  # as written
    pos: str  # HanTa tag: NN, VA(FIN), VV(PP), KOUS, PRELS, …
    start: int  # offset in the sentence text
    end: int

    @property
    def lemma(self) -> str:
        # Computed on demand: finding the lemma costs as much as tagging, and most rules
        # need only the part of speech.
        return lemma(joined(self.word), self.pos)


@cache
def _tagger() -> Any:
    from HanTa import HanoverTagger

    tagger = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")
    # HanTa analyses every word afresh in every sentence; the word analyses are pure
    # functions of the word, so caching them makes tagging several times faster.
    for name in ("analyze_forward", "_analyze"):
        setattr(tagger, name, lru_cache(maxsize=65536)(getattr(tagger, name)))
    return tagger


@lru_cache(maxsize=65536)
def proper_name(word: str) -> bool:
    """Whether HanTa reads a capitalised word on its own as a proper name (NE): "Omar",
    "Paul" are, "Hoffnung", "Mai", "Will" are not."""
    found = _tagger().analyze(word)
    pos = found[1] if isinstance(found, tuple) else found
    return str(pos) == "NE"


def joined(word: str) -> str:
    """``Aufenthalts·erlaubnis`` → ``Aufenthaltserlaubnis``, as dictionaries spell it."""
    parts = word.replace(SOFT_HYPHEN, "").split(MEDIOPUNKT)
    return parts[0] + "".join(p[:1].lower() + p[1:] for p in parts[1:] if p)


@lru_cache(maxsize=8192)
def _tag_words(words: tuple[str, ...]) -> tuple[str, ...]:
    if not words:
        return ()
    return tuple(str(pos) for pos in _tagger().tag_sent(list(words), taglevel=0))


@lru_cache(maxsize=65536)
def lemma(word: str, pos: str) -> str:
    """The lemma of ``word`` read as part of speech ``pos`` (``gilt``, VV(FIN) → ``gelten``)."""
    return str(_tagger().analyze(word, pos=pos, taglevel=1)[0])


def tag(text: str, spans: tuple[tuple[int, int], ...]) -> tuple[Tagged, ...]:
    """Tag the tokens at ``spans`` of ``text`` (words and punctuation)."""
    words = tuple(joined(text[a:b]) for a, b in spans)
    tags = _tag_words(words)
    return tuple(Tagged(text[a:b], pos, a, b) for (a, b), pos in zip(spans, tags, strict=True))


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """How common ``word`` is in German: 0 (unknown) to about 7.5 (der, die, das)."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "de"))


_LINKING = ("", "s", "es", "n", "en", "e")  # Fugen-Elemente: Staat-s-angehörigkeit


def _known(part: str) -> float:
    # Short strings are often accidental words (ver, ein); long ones rarely are.
    return 1.5 if len(part) >= 8 else 3.0


def _quick_split(word: str) -> tuple[str, str] | None:
    """Split into two common words, if there is such a split (no model load needed)."""
    best: tuple[float, str, str] | None = None
    low = word.lower()
    for i in range(4, len(word) - 3):
        tail = low[i:]
        # The tail may itself end in a linking s (…angehörigkeits·gesetz).
        tail_score = max(zipf(tail), zipf(tail[:-1]) if tail.endswith("s") else 0.0)
        if tail_score < _known(tail):
            continue
        for link in _LINKING:
            if link and not low[:i].endswith(link):
                continue
            head = low[: i - len(link)] if link else low[:i]
            if len(head) < 4:
                continue
            head_score = zipf(head)
            if head_score < _known(head):
                continue
            score = min(head_score, tail_score)
            if best is None or score > best[0]:
                best = (score, word[:i], word[i:])
    return (best[1], best[2]) if best else None


@lru_cache(maxsize=4096)
def split_compound(word: str) -> tuple[str, str] | None:
    """The most likely split of a German compound, or None if no split is convincing.

    Two common words are found with wordfreq; compound-split's character model (which
    takes seconds to load) is asked only when that fails.
    """
    quick = _quick_split(word)
    if quick is not None:
        return quick
    from compound_split import char_split

    candidates = char_split.split_compound(word)
    if not candidates:
        return None
    score, head, tail = candidates[0][:3]
    if score < 0.3 or len(head) < 4 or len(tail) < 4:
        return None
    return str(head), str(tail)
