"""A translation states what the German states: its numbers, amounts, dates, fact
placeholders and link targets are those of the German segment, visibly.

Translation files come from translators by mail; a wrong digit ("80 %" → "8 %"), a bidi
override that shows "552 €" for 255 € or a fee hidden in a link's address would tell a
client something the office never said. What a reader cannot check in a language the
office cannot read, kimdocs checks here:

- characters that reorder or hide text (bidi embeddings, overrides and isolates; zero-width
  and invisible characters) are refused with their line. The marks that right-to-left
  text needs (LRM, RLM, ALM) and the joiners of Persian and of emoji (ZWNJ, ZWJ) stay;
- every number of the German segment appears in the translation, and no other: digits of
  any script count by their value, thousands and decimal marks of either convention alike;
- fact placeholders and numbers are never inside a link's address, and links point where
  the German links point.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

# Reorder the text around them (embeddings, overrides, isolates and their ends).
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
# Invisible, and not needed by any script kimdocs translates into.
_INVISIBLE = {
    "\u200b",  # zero width space
    "\u2060",  # word joiner
    "\u2061",
    "\u2062",
    "\u2063",
    "\u2064",  # invisible mathematical operators
    "\u180e",  # Mongolian vowel separator
    "\ufeff",  # zero width no-break space (a byte order mark inside the text)
    "\u00ad",  # soft hyphen: splits a number invisibly
    "\u034f",  # combining grapheme joiner
    "\u115f",
    "\u1160",
    "\u3164",
    "\uffa0",  # Hangul fillers: blank, but letters
}
_TAGS = range(0xE0000, 0xE0080)  # invisible "tag" characters
_NUMBER = re.compile(r"\d+(?:[.,\u066b\u066c'’\u00a0\u202f]\d+)*")
_SEPARATOR = re.compile(r"[.,\u066b\u066c'’\u00a0\u202f]")
_PLACEHOLDER = re.compile(r"\{[^{}\s]+\}")
# Inline links and autolinks of Markdown, each scanned once (no scan past a bracket).
_LINK = re.compile(r"\[[^\[\]]*\]\(([^()\s]*)(?:\s+\"[^\"]*\")?\)|<((?:https?|mailto):[^<>\s]*)>")


def hidden_characters(text: str) -> list[tuple[int, str]]:
    """(line, character) of every character that reorders or hides text."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        for char in line:
            if char in _BIDI or char in _INVISIBLE or ord(char) in _TAGS:
                found.append((number, char))
    return found


def character_name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unbenannt')}"


@dataclass(frozen=True)
class Differences:
    """What a translation states otherwise than its German segment."""

    lost: list[str]  # numbers of the German missing in the translation
    added: list[str]  # numbers of the translation that the German does not have
    in_links: list[str]  # placeholders or numbers inside a link's address
    links_lost: list[str]  # link targets of the German the translation does not have
    links_added: list[str]  # link targets the German does not have

    def __bool__(self) -> bool:
        return bool(self.lost or self.added or self.in_links or self.links_lost or self.links_added)

    def describe(self) -> str:
        parts = []
        if self.lost:
            parts.append(f"es fehlt die Zahl {', '.join(self.lost)}")
        if self.added:
            parts.append(f"die Zahl {', '.join(self.added)} steht nicht im deutschen Text")
        if self.in_links:
            parts.append(f"in der Adresse eines Links steht {', '.join(self.in_links)}")
        if self.links_lost:
            parts.append(f"es fehlt der Link auf {', '.join(self.links_lost)}")
        if self.links_added:
            parts.append(
                f"der Link auf {', '.join(self.links_added)} steht nicht im deutschen Text"
            )
        return "; ".join(parts)


def differences(german: str, translated: str) -> Differences:
    """How ``translated`` differs from ``german`` in numbers and links (placeholders are
    compared by the caller, :func:`kimdocs.translation.segments.placeholders`)."""
    german_links, german_text = _links(german)
    links, text = _links(translated)
    ours, theirs = numbers(german_text), numbers(text)
    hidden = [
        found
        for target in links
        for found in [*_PLACEHOLDER.findall(target), *numbers(_PLACEHOLDER.sub("", target))]
        if target not in german_links
    ]
    return Differences(
        lost=sorted((ours - theirs).elements()),
        added=sorted((theirs - ours).elements()),
        in_links=sorted(set(hidden)),
        links_lost=sorted((Counter(german_links) - Counter(links)).elements()),
        links_added=sorted((Counter(links) - Counter(german_links)).elements()),
    )


def numbers(text: str) -> Counter[str]:
    """The numbers a text states, by value, outside fact placeholders: ``1.000,50`` and
    ``1,000.50`` are ``1000.50``, ``٨٠`` is ``80``, a date ``01.02.2026`` is 1, 2 and 2026."""
    found: Counter[str] = Counter()
    for match in _NUMBER.finditer(_PLACEHOLDER.sub(" ", _digits(text))):
        found.update(_values(match.group()))
    return found


def _values(written: str) -> list[str]:
    groups = _SEPARATOR.split(written)
    rest = groups[1:]
    if not rest:
        return [_integer(written)]
    if all(len(g) == 3 for g in rest):  # 1.000 or 1,000 000: thousands
        return [_integer("".join(groups))]
    if all(len(g) == 3 for g in rest[:-1]):  # 1,5 or 1.000,50: the last mark is decimal
        return [f"{_integer(''.join(groups[:-1]))}.{rest[-1]}"]
    return [_integer(g) for g in groups]  # a date, a time, a telephone number


def _integer(digits: str) -> str:
    # As text, not int(): a number of 5,000 digits is no error here.
    return digits.lstrip("0") or "0"


def _digits(text: str) -> str:
    """Digits of any script (Arabic-Indic, Persian) as ASCII digits."""
    return "".join(
        str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in text
    )


def _links(text: str) -> tuple[list[str], str]:
    """The link targets of a text, and the text without them (the link texts stay)."""
    targets = [m.group(1) or m.group(2) or "" for m in _LINK.finditer(text)]
    shown = _LINK.sub(lambda m: " " if m.group(2) else m.group(0).split("](", 1)[0] + " ", text)
    return targets, shown
