"""Sentences of a Markdown body with their exact place in the source file.

Markup is blanked out rather than removed, so that every character offset of a
sentence still maps to the source line and column the author has to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kimdocs.text import markdown
from kimdocs.text.addresses import EMAIL
from kimdocs.text.directives import DIRECTIVE
from kimdocs.text.sentences import split_sentences

ADDRESS = re.compile(EMAIL + r"|(?:https?://|www\.)[^\s<>()]*[\w/]")
WORD = re.compile(
    ADDRESS.pattern + r"|"  # an e-mail or web address reads as one word
    r"\d+(?:[.,:]\d+)*"  # 5, 3,5, 01.02.2026, 9:30
    r"|[^\W\d_]+(?:[·\-\u00ad][^\W\d_]*)*(?:\d+)?"  # words, Mediopunkt or hyphen compounds, B1
    r"|[^\w\s]",
    re.UNICODE,
)
# Each scan ends where its construct cannot go on (a bracket, a blank), so that a text of
# many "![" or "<http:" is read once, not once per opening.
_MASKS = [
    re.compile(r"!\[[^\[\]]*\]\([^()\s]*\)"),  # pictures: the alt text is not running text
    re.compile(r"`+[^`]*`+"),  # code
    re.compile(r"<(?:https?:|mailto:)[^<>\s]*>"),  # autolinks
]
FACT_WORD = "Fakt"
_LINK = re.compile(r"\[([^\[\]]*)\]\(([^()\s]*)\)")
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")
_ESCAPE = re.compile(r"\\(?=[^\w\s])")


@dataclass(frozen=True)
class Sentence:
    text: str
    places: tuple[tuple[int, int], ...]  # (line, col) of each character, 1-based
    block: int  # paragraph, list item or heading number
    heading: bool = False
    in_list: bool = False

    def place(self, offset: int) -> tuple[int, int]:
        if not self.places:
            return (1, 1)
        return self.places[min(max(offset, 0), len(self.places) - 1)]

    @property
    def line(self) -> int:
        return self.place(0)[0]

    def words(self) -> list[re.Match[str]]:
        return [m for m in WORD.finditer(self.text) if m.group()[0].isalnum()]


@dataclass(frozen=True)
class Block:
    kind: str  # paragraph, heading, item
    sentences: tuple[Sentence, ...]
    line: int


def _blank(chars: list[str], start: int, end: int, word: str = "") -> None:
    chars[start:end] = word.ljust(end - start)


def plain(text: str) -> str:
    """Inline Markdown with markup replaced by spaces, same length as ``text``.

    Each step blanks its matches in a list of characters, then the text is joined once:
    cutting and joining the whole text for every match took minutes for a long text
    full of markup.
    """
    chars = list(text)
    for m in DIRECTIVE.finditer(text):
        # A block stands on a line of its own and is checked where it is written; a fact
        # reads as one word here (its wording is kept in fakten.yaml).
        _blank(chars, m.start(), m.end(), FACT_WORD if m.group(1) == "fakt" else "")
    for pattern in _MASKS:
        text = "".join(chars)
        for m in pattern.finditer(text):
            _blank(chars, m.start(), m.end())
    text = "".join(chars)
    for m in _LINK.finditer(text):
        _blank(chars, m.start(2) - 2, m.end())  # "](url)"
        _blank(chars, m.start(), m.start() + 1)  # "["
    for pattern in (_EMPHASIS, _ESCAPE):
        text = "".join(chars)
        for m in pattern.finditer(text):
            _blank(chars, m.start(), m.end())
    return "".join(chars)


def blocks(body: str, first_line: int, line_ends_sentence: bool = False) -> list[Block]:
    """Paragraphs, list items, headings and table cells of ``body`` with their sentences.

    ``first_line`` is the source line of the body's first line (after the front matter).
    """
    source_lines = body.split("\n")
    found: list[Block] = []
    tokens = markdown.structure(body)
    in_heading = False
    list_depth = 0
    for tok in tokens:
        if tok.type == "heading_open":
            in_heading = True
        elif tok.type == "heading_close":
            in_heading = False
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        if tok.type != "inline" or tok.map is None:
            continue
        content = tok.content
        chars: list[str] = []
        places: list[tuple[int, int]] = []
        for i, part in enumerate(content.split("\n")):
            body_index = tok.map[0] + i
            src = source_lines[body_index] if body_index < len(source_lines) else ""
            col = src.find(part) if part else 0
            col = max(col, 0)
            if i:
                chars.append("\n")
                places.append((first_line + body_index - 1, len(source_lines[body_index - 1]) + 1))
            chars.append(part)
            places += [(first_line + body_index, col + k + 1) for k in range(len(part))]
        text = plain("".join(chars))
        sentences = tuple(
            Sentence(
                text=text[a:b].replace("\n", " "),
                places=tuple(places[a:b]),
                block=len(found),
                heading=in_heading,
                in_list=list_depth > 0,
            )
            for a, b in split_sentences(text, line_ends_sentence)
        )
        kind = "heading" if in_heading else "item" if list_depth else "paragraph"
        found.append(Block(kind, sentences, first_line + tok.map[0]))
    return found
