"""Leichte-Sprache typography on Markdown: one sentence per line, numbers kept with units,
and no sentence across a page break.

The rules are applied to the token stream, so that they hold in every output without the
author typing line breaks or non-breaking spaces. Each sentence is one piece
(``<span class="sentence">``, laid out as a block that no page break cuts): a page may end
between two sentences, never inside one. A sentence that leads into the next („Das
Fall·management sagt Ihnen:“) is one piece with it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

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
    inline.children = _pieces(out)


SENTENCE_CLASS = "sentence"
_BETWEEN = "between_sentences"  # the line break between two sentence pieces
# A sentence ending like this leads into the next one: they stay on one page together.
_LEADS_IN = (":",)


def _html(content: str) -> Token:
    token = Token("html_inline", "", 0)
    token.content = content
    return token


def _pieces(tokens: list[Token]) -> list[Token]:
    """The sentences (separated by line breaks) each wrapped as one piece that no page break
    cuts; a sentence that leads in and markup that runs over a sentence's end keep the
    sentences after it in the same piece."""
    sentences: list[list[Token]] = [[]]
    for token in tokens:
        if token.type == "hardbreak":
            sentences.append([])
        else:
            sentences[-1].append(token)
    groups: list[list[list[Token]]] = []
    open_group = False
    for sentence in sentences:
        if open_group:
            groups[-1].append(sentence)
        else:
            groups.append([sentence])
        flat = [t for s in groups[-1] for t in s]
        depth = [sum(t.nesting for t in flat[: n + 1]) for n in range(len(flat))]
        balanced = not depth or (min(depth) >= 0 and depth[-1] == 0)
        text = "".join(t.content for t in sentence if t.type == "text").rstrip()
        open_group = not balanced or text.endswith(_LEADS_IN)
    out: list[Token] = []
    for n, group in enumerate(groups):
        if n:
            between = Token("hardbreak", "br", 0)
            between.meta = {_BETWEEN: True}
            out.append(between)
        out.append(_html(f'<span class="{SENTENCE_CLASS}">'))
        for m, sentence in enumerate(group):
            if m:
                out.append(Token("hardbreak", "br", 0))
            out += sentence
        out.append(_html("</span>"))
    return out


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


def _easy_tokens(text: str) -> list[Token]:
    toks = markdown.parser().parse(text)
    for n, tok in enumerate(toks):
        if tok.type == "inline" and n and toks[n - 1].type == "paragraph_open":
            _break_sentences(tok)
        elif tok.type == "inline":
            for child in tok.children or []:
                if child.type == "text":
                    child.content = keep_together(child.content)
    return toks


def _render(toks: list[Token]) -> str:
    md = markdown.parser()
    # Safe because raw HTML is off and links are validated by the parser.
    return str(md.renderer.render(toks, md.options, {}))


def easy_html(text: str) -> Markup:
    """Markdown → HTML with each sentence on its own line."""
    return Markup(_render(_easy_tokens(text)))


# Where a text may take something in between its parts (kimdocs.kinds.flyer_pages puts the
# explanation boxes there): never shown.
_SLOT = "\ue030"
_LISTS = ("bullet_list_open", "ordered_list_open")
BLOCK, SENTENCE = "block", "sentence"


@dataclass(frozen=True)
class Piece:
    """A text's HTML up to a place where something may stand between its parts."""

    html: Markup
    source: str  # the words of the piece (for finding where a word is used)
    # After a block (paragraph, list, table, list item) or between two sentences of one.
    kind: str = BLOCK
    # Between two sentences of a paragraph: what ends the paragraph before something else
    # stands there, and what goes on with it after.
    close: str = ""
    reopen: str = ""


def easy_pieces(text: str) -> list[Piece]:
    """``easy_html(text)`` cut at the places where something may stand between its parts:
    before the first block, after each block, at the end of each item of a list (inside
    the item) and between two sentences. The first piece is empty (the place before
    everything); the pieces joined are ``easy_html(text)``."""
    toks = _easy_tokens(text)
    out: list[Token] = []
    pieces: list[Piece] = [Piece(Markup(""), "")]
    words: list[str] = []
    marks: list[tuple[str, str, str]] = []  # kind, close, reopen of each place
    top_list = False
    paragraph: Token | None = None

    def mark(kind: str, inline: bool = False, close: str = "", reopen: str = "") -> Token:
        token = Token("html_inline" if inline else "html_block", "", 0)
        token.content = _SLOT
        marks.append((kind, close, reopen))
        words.append("\0")
        return token

    for tok in toks:
        if tok.type == "paragraph_open":
            paragraph = tok
        if tok.nesting == 1 and tok.level == 0:
            top_list = tok.type in _LISTS
        if tok.type == "list_item_close" and tok.level == 1 and top_list:
            out.append(mark(BLOCK))
        if tok.type == "inline":
            children = []
            for child in tok.children or []:
                if child.type in ("text", "code_inline"):
                    words.append(child.content)
                if child.meta.get(_BETWEEN):
                    visible = paragraph is not None and not paragraph.hidden
                    children.append(
                        mark(
                            SENTENCE,
                            inline=True,
                            close="</p>\n" if visible else "",
                            reopen='<p class="continued">' if visible else "",
                        )
                    )
                children.append(child)
            tok.children = children
        out.append(tok)
        if tok.level == 0 and tok.nesting <= 0:
            out.append(mark(BLOCK))
    *html, rest = _render(out).split(_SLOT)
    sources = " ".join(words).split("\0")
    for part, source, (kind, close, reopen) in zip(html, sources, marks, strict=False):
        pieces.append(Piece(Markup(part), source.strip(), kind, close, reopen))
    if rest.strip():
        pieces.append(Piece(Markup(rest), sources[-1].strip()))
    return pieces
