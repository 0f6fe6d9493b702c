"""A flyer's pages that read in order: each explanation box on the page of its word's first use.

The text of the flyer (its introduction and each section) is cut into pieces at the places
where a box may stand: after each paragraph or list, and at the end of each list item
(``text.easy_text.easy_pieces``). A box stands right after the piece in which its word is
first used. Where the page breaks cannot be known in advance: the PDF is laid out, and a
box that landed on a later page than its word (the piece did not leave room for it) moves
to just before that piece; if the piece then goes on to the next page without it, the box
starts that page, and the piece follows it there. Each move is one more layout pass, at
most a few per flyer: boxes are short, and a box moved before its piece seldom needs more.

The word's first use is marked in the HTML (an empty element with an id), and so is each
box: the layout tells the page of both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup

from kimdocs.text.easy_text import BLOCK, Piece, easy_pieces
from kimdocs.text.html_text import map_text

BOX_ID, USE_ID = "erklaerung-{}", "wort-{}"
# Layout passes beyond the first, at most, per box: each pass moves one box one place.
PASSES_PER_BOX = 3


@dataclass(frozen=True)
class Box:
    """An explanation box as the template shows it."""

    entry: Any  # the Wörter-Buch entry (or, in a translation, the German word with its own)
    explanation: Markup
    picture: str
    number: int  # its ids: erklaerung-N, and wort-N at the first use of its word
    starts_page: bool = False  # a page break before the box: it and what follows start a page


@dataclass(frozen=True)
class Placed:
    """Where a box stands: in which text (intro "" or a section's slug), at which of the
    places it may stand (``choices``: place number and whether it starts a page), tried in
    this order: after the block of the first use, before it, after the sentence of the
    first use, before that sentence, and there at the top of a page."""

    box: Box
    text: str
    piece: int  # the piece (sentence or block) of the first use
    choices: tuple[tuple[int, bool], ...]
    choice: int = 0

    @property
    def slot(self) -> str:
        return slot_key(self.text, self.choices[self.choice][0])

    @property
    def starts_page(self) -> bool:
        return self.choices[self.choice][1]

    @property
    def last(self) -> bool:
        return self.choice == len(self.choices) - 1


def slot_key(text: str, place: int) -> str:
    return f"{text}#{place}"


# The pieces of each text, in reading order (text.easy_text.easy_pieces).
Pieces = dict[str, list[Piece]]


def cut(texts: Iterable[tuple[str, str]]) -> Pieces:
    """Each text (key, Markdown) cut into its pieces."""
    return {key: easy_pieces(markdown) for key, markdown in texts}


def choices(pieces: Sequence[Piece], use: int) -> tuple[tuple[int, bool], ...]:
    """The places a box may stand for a word first used in piece ``use``, best first."""
    block_end = next(
        (n for n in range(use, len(pieces)) if pieces[n].kind == BLOCK), len(pieces) - 1
    )
    block_start = next(n for n in range(use - 1, -1, -1) if n == 0 or pieces[n].kind == BLOCK)
    wanted = [(block_end, False), (block_start, False), (use, False), (use - 1, False)]
    wanted.append((use - 1, True))
    return tuple(dict.fromkeys(wanted))


def word_pattern(forms: Iterable[str]) -> re.Pattern[str]:
    """A Wörter-Buch word as it may be written in text: any of its forms, with or without
    the middle dot and soft hyphens, in any case."""
    alternatives = []
    for form in sorted(set(forms), key=len, reverse=True):
        letters = form.replace("·", "").replace("\u00ad", "")
        alternatives.append("[·\u00ad]?".join(re.escape(c) for c in letters))
    return re.compile(rf"(?<![\w·])(?:{'|'.join(alternatives)})(?![\w·])", re.IGNORECASE)


def place(pieces: Pieces, boxes: Sequence[tuple[Box, Callable[[str], bool]]]) -> list[Placed]:
    """Each box after the block where ``uses`` first finds its word (in reading order); a
    box whose word no piece uses is left out. In reading order of the first uses."""
    order = list(pieces)
    placed = []
    for box, uses in boxes:
        found = next(
            (
                (key, n)
                for key in order
                for n, piece in enumerate(pieces[key])
                if n and piece.source and uses(piece.source)
            ),
            None,
        )
        if found is not None:
            key, n = found
            placed.append(Placed(box, key, n, choices(pieces[key], n)))
    return sorted(placed, key=lambda p: (order.index(p.text), p.piece))


def template_parts(pieces: Pieces) -> dict[str, list[tuple[Markup, str, str, str]]]:
    """What the template loops over: per text, each piece with the key of the place after it
    and what closes and reopens the text around boxes standing there."""
    return {
        key: [(p.html, slot_key(key, n), p.close, p.reopen) for n, p in enumerate(items)]
        for key, items in pieces.items()
    }


def boxes_at(placed: Iterable[Placed]) -> dict[str, list[Box]]:
    """The boxes by the key of the place they stand in, in reading order."""
    found: dict[str, list[Box]] = {}
    for p in placed:
        # Before the first piece of a text its heading starts the page (page_starts).
        starts = p.starts_page and p.choices[p.choice][0] > 0
        found.setdefault(p.slot, []).append(replace(p.box, starts_page=starts))
    return found


def page_starts(placed: Iterable[Placed]) -> list[str]:
    """The texts (sections) that start a page: a box before their first piece has to, and
    the heading goes with it."""
    return [p.text for p in placed if p.starts_page and p.choices[p.choice][0] == 0]


def mark_uses(
    pieces: Pieces, placed: Iterable[Placed], patterns: Mapping[int, re.Pattern[str]]
) -> Pieces:
    """The pieces with the first use of each placed box's word marked (``wort-N``): in the
    piece of the first use, the word itself, or the piece's first word where the word is
    not found as written (a translation)."""
    marked = {key: list(items) for key, items in pieces.items()}
    for p in placed:
        piece = marked[p.text][p.piece]
        anchor = USE_ID.format(p.box.number)
        html = _mark(str(piece.html), anchor, patterns.get(p.box.number))
        marked[p.text][p.piece] = replace(piece, html=Markup(html))
    return marked


_FIRST_WORD = re.compile(r"\S+")


def _mark(html: str, anchor: str, pattern: re.Pattern[str] | None) -> str:
    """The first match of ``pattern`` in the text of ``html`` (else its first word) in a
    span with the id ``anchor``. The span holds the word: an empty one in a list item made
    WeasyPrint break the item's line after every word."""
    for wanted in (pattern, _FIRST_WORD):
        if wanted is None:
            continue
        done = False

        def mark(part: str, wanted: re.Pattern[str] = wanted) -> str:
            nonlocal done
            match = None if done else wanted.search(part)
            if match is None:
                return part
            done = True
            word = f'<span id="{anchor}">{match.group(0)}</span>'
            return part[: match.start()] + word + part[match.end() :]

        new = map_text(html, mark)
        if done:
            return new
    return html


def fit(
    placed: list[Placed],
    html: str,
    render: Callable[[list[Placed]], str],
    layout: Callable[[str], Sequence[Container[str]]],
) -> tuple[str, list[Placed]]:
    """The page (``html``, made from ``placed``) with every box on the page of its word,
    moving the first box that is not one place on (``Placed.choices``) per layout pass;
    and where the boxes stand in it."""
    for _ in range(PASSES_PER_BOX * len(placed)):
        late = _first_late(placed, layout(html))
        if late is None:
            break
        p = placed[late]
        if p.last:
            break  # nothing left to move: the piece and its box fill a page alone
        placed = [*placed[:late], replace(p, choice=p.choice + 1), *placed[late + 1 :]]
        html = render(placed)
    return html, placed


def _page(anchor: str, pages: Sequence[Container[str]]) -> int | None:
    return next((n for n, page in enumerate(pages) if anchor in page), None)


def _first_late(placed: Sequence[Placed], pages: Sequence[Container[str]]) -> int | None:
    for n, p in enumerate(placed):
        box = _page(BOX_ID.format(p.box.number), pages)
        use = _page(USE_ID.format(p.box.number), pages)
        if box is not None and use is not None and box != use:
            return n
    return None
