"""Leichte-Sprache typography on Markdown: one sentence per line, numbers kept with units.

Both rules are applied to the token stream, so that they hold in every output
without the author typing line breaks or non-breaking spaces.
"""

from __future__ import annotations

import re

from markdown_it.token import Token
from markupsafe import Markup

from kimdocs import markdown

# A sentence ends at . ! ? or : followed by space and a capital letter, digit or quote.
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÄÖÜ0-9„\"])")
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


def _split_sentences(inline: Token) -> None:
    children: list[Token] = []
    for child in inline.children or []:
        if child.type == "softbreak":  # the author's own line break between sentences
            children.append(Token("hardbreak", "br", 0))
            continue
        if child.type != "text":
            children.append(child)
            continue
        parts = _SENTENCE_END.split(keep_together(child.content))
        for n, part in enumerate(parts):
            if n:
                children.append(Token("hardbreak", "br", 0))
            text = Token("text", "", 0)
            text.content = part
            children.append(text)
    inline.children = children


def easy_html(text: str) -> Markup:
    """Markdown → HTML with each sentence on its own line."""
    md = markdown.parser()
    toks = md.parse(text)
    for n, tok in enumerate(toks):
        if tok.type == "inline" and n and toks[n - 1].type == "paragraph_open":
            _split_sentences(tok)
        elif tok.type == "inline":
            for child in tok.children or []:
                if child.type == "text":
                    child.content = keep_together(child.content)
    # Safe because raw HTML is off and links are validated by the parser.
    return Markup(md.renderer.render(toks, md.options, {}))
