"""Readability figures for German: Flesch-Amstad, Wiener Sachtextformel, LIX.

Short flyers make these noisy, so they are reported, never used to fail a check.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from kimdocs.easy_language.analysis import joined
from kimdocs.easy_language.findings import Readability

# Vowel groups count German syllables well (ei, au, eu, ie are one group) and need no
# model: pyphen's hyphenation dictionary takes about a second to load and, by design, never
# splits off a single letter (O-per), so it undercounts.
_VOWEL_GROUPS = re.compile(r"[aeiouyäöü]+", re.IGNORECASE)


# Two vowels that form one sound; any other pair of vowels belongs to two syllables
# (The-a-ter, Ja-nu-ar, Feu-er).
_ONE_SOUND = {"ai", "au", "ei", "eu", "äu", "ie", "ey", "ay", "aa", "ee", "oo"}


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    count = 0
    for group in _VOWEL_GROUPS.findall(joined(word).lower()):
        count += 1
        i = 0
        while i + 1 < len(group):
            if group[i : i + 2] in _ONE_SOUND:
                i += 2
            else:
                i += 1
            if i < len(group):
                count += 1
    return max(1, count)


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
