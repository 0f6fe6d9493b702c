"""Leichte-Sprache typography on Markdown: one sentence per line, numbers kept with units.

Both rules are applied to the token stream, so that they hold in every output
without the author typing line breaks or non-breaking spaces.
"""

from __future__ import annotations

import itertools
import re

from markdown_it.token import Token
from markupsafe import Markup

from kimdocs.text import markdown
from kimdocs.text.sentences import split_sentences

# "9 Uhr", "255 Euro", "Paragraf 10", "5 Jahre": one unit, never split over two lines.
_KEEP_TOGETHER = [
    re.compile(r"(\d+)\s+(Uhr|Euro|Prozent|Jahre?n?|Monate?n?|Wochen?|Tage?n?)\b"),
    re.compile(r"\b(Paragraf|Nummer|Seite|Zimmer|Raum)\s+(\d+)"),
]
NBSP = "\u00a0"


def keep_together(text: str) -> str:
    for pattern in _KEEP_TOGETHER:
        text = pattern.sub(lambda m: f"{m.group(1)}{NBSP}{m.group(2)}", text)
    return text


_BREAKS = ("softbreak", "hardbreak")


def _plain(token: Token) -> str:
    """What the sentence splitter reads for one inline token.

    The checker reads the Markdown source with its markup blanked to spaces; the same text
    here (markup, code and pictures as a space, line breaks as "\n") makes the printer cut
    exactly where the checker does.
    """
    if token.type == "text":
        return token.content
    return "\n" if token.type in _BREAKS else " "


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = keep_together(content)
    return token


def _break_sentences(inline: Token) -> None:
    """Each sentence of ``inline`` on a line of its own, as the checker splits them."""
    children = [c for c in inline.children or [] if c.type != "text" or c.content]
    pieces = [_plain(c) for c in children]
    spans = split_sentences("".join(pieces), line_ends_sentence=True)
    # Between two sentences there is only white space (and markup): one line break there.
    gaps = [(b, a) for (_, b), (a, _) in itertools.pairwise(spans)]
    out: list[Token] = []
    in_gap: list[Token] = []  # markup between two sentences, waiting for the line break
    current: int | None = None
    offset = 0
    for child, piece in zip(children, pieces, strict=True):
        for start, end, gap in _cut(offset, offset + len(piece), gaps):
            if gap != current and current is not None:
                out += _line_break(in_gap)
                in_gap = []
            current = gap
            if gap is None:
                out.append(
                    _text(piece[start - offset : end - offset]) if child.type == "text" else child
                )
            elif child.type != "text" and child.type not in _BREAKS:
                in_gap.append(child)  # white space and the author's line break give way
        offset += len(piece)
    if current is not None:
        out += _line_break(in_gap)
    inline.children = out


def _cut(start: int, end: int, gaps: list[tuple[int, int]]) -> list[tuple[int, int, int | None]]:
    """[start, end) in pieces, each inside one gap (its number) or outside all (None)."""
    pieces: list[tuple[int, int, int | None]] = []
    for n, (a, b) in enumerate(gaps):
        if b <= start or a >= end:
            continue
        if start < a:
            pieces.append((start, a, None))
        pieces.append((max(start, a), min(end, b), n))
        start = min(end, b)
    if start < end:
        pieces.append((start, end, None))
    return pieces


def _line_break(markup: list[Token]) -> list[Token]:
    """The line break between two sentences, after closing markup and before opening."""
    closing = 0
    while closing < len(markup) and markup[closing].nesting == -1:
        closing += 1
    return [*markup[:closing], Token("hardbreak", "br", 0), *markup[closing:]]


def easy_html(text: str) -> Markup:
    """Markdown → HTML with each sentence on its own line."""
    md = markdown.parser()
    toks = md.parse(text)
    for n, tok in enumerate(toks):
        if tok.type == "inline" and n and toks[n - 1].type == "paragraph_open":
            _break_sentences(tok)
        elif tok.type == "inline":
            for child in tok.children or []:
                if child.type == "text":
                    child.content = keep_together(child.content)
    # Safe because raw HTML is off and links are validated by the parser.
    return Markup(md.renderer.render(toks, md.options, {}))
