"""Finding known names in a text: one compiled matcher for all of them.

A county has thousands of clients, relatives and staff; a check that tried one regular
expression per name would grow with names times text. The matcher is an Aho–Corasick
automaton (pyahocorasick) over every name's normal forms (:func:`identifiers.name_forms`:
lower case, accents and invisible characters dropped, umlauts also as ae/oe/ue), built
once per run and run once over each text: linear in the text and the names.

It finds a name as a whole word, capitalised as names are, also inflected as German
inflects names ("Haddads", "Agnes'"), written without accents ("Agaoglu-Sahin"), with a
zero-width character inside, or split at a line end ("Haddad-Bei-\\nspiel", "Omar\\nHaddad").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

import ahocorasick

from kimdocs.text.identifiers import folded, name_forms

T = TypeVar("T")

# What may follow a name in German: the genitive "s" or "es", or an apostrophe for names
# ending in s ("Agnes'"); then no letter or digit.
_SUFFIXES = ("", "s", "es", "'", "'s")


@dataclass(frozen=True)
class Hit(Generic[T]):
    start: int  # in the original text
    end: int
    text: str  # as written there, with its inflection ("Haddads")
    payloads: tuple[T, ...]  # every name this spelling belongs to
    name: str = ""  # the name alone, as written ("Haddad")


class NameMatcher(Generic[T]):
    """Every occurrence of any of the given names in a text, longest first."""

    def __init__(self, names: Iterable[tuple[str, T]], *, capitalised: bool = True) -> None:
        # With ``capitalised``, a name counts only where it is written capitalised; a check
        # that must miss nothing (reports) takes every spelling and decides by context.
        self.capitalised = capitalised
        self._automaton = ahocorasick.Automaton()
        keys: dict[str, list[T]] = {}
        for name, payload in names:
            for form in name_forms(name):
                if len(form) >= 2:
                    keys.setdefault(form, []).append(payload)
        for key, payloads in keys.items():
            self._automaton.add_word(key, (len(key), tuple(dict.fromkeys(payloads))))
        self.empty = not keys
        if not self.empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Hit[T]]:
        if self.empty or not text:
            return []
        plain, where = folded(text)
        found: list[tuple[int, int, int, tuple[T, ...]]] = []
        for end, (size, payloads) in self._automaton.iter(plain):
            start = end - size + 1
            if start > 0 and _wordlike(plain[start - 1]):
                continue
            after = _word_end(plain, end + 1)
            if after is None:
                continue
            found.append((start, after, end, payloads))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        hits: list[Hit[T]] = []
        last = -1
        for start, after, end, payloads in found:
            if start < last:
                continue  # inside a longer name found already
            first, stop = where[start], where[after - 1] + 1
            if self.capitalised and text[first].islower():
                continue  # "fiktiv" is a word; the name "Fiktiv" is written capitalised
            name_stop = where[end] + 1
            hits.append(Hit(first, stop, text[first:stop], payloads, text[first:name_stop]))
            last = after
        return hits


def _wordlike(char: str) -> bool:
    return char.isalnum() or char == "-"


def _word_end(plain: str, at: int) -> int | None:
    """Where a name ending before ``at`` ends with its inflection, or None if a letter
    follows (then it is part of a longer word)."""
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        stop = at + len(suffix)
        if plain.startswith(suffix, at) and (stop >= len(plain) or not _wordlike(plain[stop])):
            return stop
    return None
