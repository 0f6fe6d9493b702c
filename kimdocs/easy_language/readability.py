"""Readability figures for German: Flesch-Amstad, Wiener Sachtextformel, LIX.

Short flyers make these noisy, so they are reported, never used to fail a check.
Syllables come from pyphen's German hyphenation dictionary, loaded on first use.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

from kimdocs.easy_language.analysis import joined
from kimdocs.easy_language.findings import Readability

_VOWEL = re.compile(r"[aeiouyäöü]", re.IGNORECASE)
# A doubled vowel is one long sound, though pyphen may hyphenate inside it (I-de-e).
_LONG_VOWELS = {"aa", "ee", "oo"}


@cache
def _hyphenator() -> Any:
    import pyphen

    # One-letter pieces allowed (O-per, A-bend): hyphenation rules forbid them at line
    # ends, but they are syllables all the same.
    return pyphen.Pyphen(lang="de_DE", left=1, right=1)


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Syllables from pyphen's German hyphenation points.

    A point inside a long vowel (I-de-e) or one that leaves a piece without a vowel
    (Kin-d) is no syllable boundary, so such a piece joins the one before it.
    """
    pieces: list[str] = []
    for piece in _hyphenator().inserted(joined(word).lower(), hyphen="|").split("|"):
        joins = bool(pieces) and (
            not _VOWEL.search(piece)
            or not _VOWEL.search(pieces[-1])
            or pieces[-1][-1:] + piece[:1] in _LONG_VOWELS
        )
        if joins:
            pieces[-1] += piece
        else:
            pieces.append(piece)
    return max(1, sum(1 for piece in pieces if _VOWEL.search(piece)))


def readability(sentences: Sequence[Sequence[str]]) -> Readability | None:
    """Figures for a text given as sentences of words; None for a text without words."""
    words = [w for s in sentences for w in s]
    count = len(words)
    sentence_count = sum(1 for s in sentences if s)
    if not count or not sentence_count:
        return None
    syl = [syllables(w) for w in words]
    long_words = sum(1 for w in words if len(joined(w)) > 6)
    asl = count / sentence_count
    asw = sum(syl) / count
    ms = 100 * sum(1 for s in syl if s >= 3) / count
    iw = 100 * long_words / count
    es = 100 * sum(1 for s in syl if s == 1) / count
    return Readability(
        flesch_amstad=180 - asl - 58.5 * asw,
        wiener_sachtextformel=0.1935 * ms + 0.1672 * asl + 0.1297 * iw - 0.0327 * es - 0.875,
        lix=asl + 100 * long_words / count,
        sentences=sentence_count,
        words=count,
    )
