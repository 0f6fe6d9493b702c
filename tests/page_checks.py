"""Pages read back as their reader sees them: how full each page is, where a sentence or a
value (a time, a phone number, an amount) runs across a break, and on which page an
explanation box stands against the first use of its word.

Only the PDF is read (pdfplumber): text lines, drawn boxes and pictures with their
positions. Running headers and footers are found as what repeats at the same place on
several pages, in the top or bottom margin, and are not counted as the page's content.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber

# Filled at least this much (from the top of the text area to its lowest content), but
# for the last page.
MIN_FILL = 0.45
# Running elements stand in this share of the page height at the top or the bottom.
MARGIN_SHARE = 0.15
# The grey of an explanation box (flyer.css ``.explain``).
BOX_GREY = 0xF3 / 0xFF


@dataclass
class Line:
    page: int  # 1-based
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    text: str
    first_word: float = 0.0  # the width of the line's first word


@dataclass
class Box:
    """An explanation box: its word (the first line) and its area."""

    page: int
    word: str
    area: tuple[float, float, float, float]  # x0, top, x1, bottom

    def holds(self, line: Line) -> bool:
        x0, top, x1, bottom = self.area
        return (
            line.page == self.page
            and x0 - 1 <= line.x0 <= x1 + 1
            and top - 1 <= line.top
            and line.bottom <= bottom + 1
        )


@dataclass
class Page:
    number: int
    height: float
    width: float
    lines: list[Line] = field(default_factory=list)  # body lines, in reading order
    lowest: float | None = None  # the bottom of the lowest content (text, drawing, picture)
    highest: float | None = None
    boxes: list[Box] = field(default_factory=list)


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip())


def _raw_lines(page: Any, number: int) -> list[Line]:
    lines = []
    for found in page.extract_text_lines(strip=True, return_chars=True):
        chars = [c for c in found["chars"] if c["text"].strip()]
        if not chars:
            continue
        first = chars[0]
        end = first["x1"]
        for char in chars[1:]:
            if char["x0"] - end > char["size"] * 0.2:  # a space: the first word ends
                break
            end = char["x1"]
        lines.append(
            Line(
                page=number,
                top=found["top"],
                bottom=found["bottom"],
                x0=found["x0"],
                x1=found["x1"],
                size=max(round(c["size"], 1) for c in chars),
                text=_norm(found["text"]),
                first_word=end - first["x0"],
            )
        )
    return lines


def _visible(obj: dict[str, Any]) -> bool:
    """A drawing a reader sees: not white, not a hairline of no size."""
    colour = obj.get("non_stroking_color") if obj.get("fill") else obj.get("stroking_color")
    if obj.get("fill") and isinstance(colour, (tuple, list)) and all(v >= 0.99 for v in colour):
        return bool(obj.get("stroke"))
    return obj["width"] > 0.5 or obj["height"] > 0.5


def read_pages(path: Path) -> list[Page]:
    """The body of every page of a PDF, running headers and footers left out."""
    pages: list[Page] = []
    drawings: list[list[tuple[float, float]]] = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            found = Page(number, float(page.height), float(page.width), _raw_lines(page, number))
            extents = [
                (float(o["top"]), float(o["bottom"]))
                for o in [*page.rects, *page.lines, *page.curves]
                if _visible(o)
            ] + [(float(i["top"]), float(i["bottom"])) for i in page.images]
            drawings.append(extents)
            for rect in page.rects:
                colour = rect.get("non_stroking_color")
                if (
                    rect.get("fill")
                    and isinstance(colour, (tuple, list))
                    and len(colour) >= 3
                    and all(abs(v - BOX_GREY) < 0.01 for v in colour[:3])
                ):
                    found.boxes.append(
                        Box(number, "", (rect["x0"], rect["top"], rect["x1"], rect["bottom"]))
                    )
            pages.append(found)
    _drop_running(pages)
    for page, extents in zip(pages, drawings, strict=True):
        tops = [line.top for line in page.lines] + [t for t, b in extents if b - t < page.height]
        bottoms = [line.bottom for line in page.lines] + [
            b for t, b in extents if b - t < page.height
        ]
        # Drawings in the margins (a header rule) are not content either.
        limit_top, limit_bottom = page.height * MARGIN_SHARE, page.height * (1 - MARGIN_SHARE)
        body_tops = [t for t in tops if t >= limit_top * 0.5]
        body_bottoms = [b for b in bottoms if b <= limit_bottom + page.height * 0.1]
        page.highest = min(body_tops) if body_tops else None
        page.lowest = max(body_bottoms) if body_bottoms else None
        for box in page.boxes:
            inside = [line for line in page.lines if box.holds(line)]
            box.word = inside[0].text if inside else ""
    return pages


def _drop_running(pages: list[Page]) -> None:
    """Lines that repeat at the same height on several pages, in the top or bottom margin."""
    if len(pages) < 2:
        return
    seen: dict[tuple[int, str], int] = {}
    for page in pages:
        for line in page.lines:
            key = (round(line.top), _running_key(line.text))
            seen[key] = seen.get(key, 0) + 1
    for page in pages:
        keep = []
        for line in page.lines:
            in_margin = line.bottom < page.height * MARGIN_SHARE or line.top > page.height * (
                1 - MARGIN_SHARE
            )
            if in_margin and seen[(round(line.top), _running_key(line.text))] >= 2:
                continue
            keep.append(line)
        page.lines = keep


def fills(pages: list[Page]) -> list[float]:
    """How far down each page's content reaches, as a share of the text area the document
    uses (from its highest to its lowest content on any page)."""
    tops = [p.highest for p in pages if p.highest is not None]
    bottoms = [p.lowest for p in pages if p.lowest is not None]
    if not tops or not bottoms:
        return [0.0 for _ in pages]
    top, bottom = min(tops), max(bottoms)
    height = max(bottom - top, 1.0)
    return [0.0 if p.lowest is None else (p.lowest - top) / height for p in pages]


def sparse_pages(pages: list[Page], notes: str = "Notizen") -> list[tuple[int, float]]:
    """Pages but the last filled less than MIN_FILL (pages of note lines are filled by
    their lines)."""
    found = []
    for page, fill in zip(pages[:-1], fills(pages)[:-1], strict=True):
        if fill < MIN_FILL:
            found.append((page.number, round(fill, 2)))
    del notes
    return found


_END = re.compile(r"[.!?…](?:[\"“”’'»«)\]]*)$")
_OPEN = re.compile(r"[:,;–-]$")


def _body(page: Page) -> list[Line]:
    return [line for line in page.lines if not any(box.holds(line) for box in page.boxes)]


def split_sentences(pages: list[Page]) -> list[str]:
    """Page breaks inside a sentence: the last line of a page does not end a sentence, and
    the next page goes on with it (it starts in lower case, the line before ends open, or
    the line before was broken because the next word did not fit)."""
    lines = [line for page in pages for line in page.lines]
    found = []
    for page, following in itertools.pairwise(pages):
        if not page.lines or not following.lines:
            continue
        last, first = page.lines[-1], following.lines[0]
        if _END.search(last.text):
            continue
        if first.size > last.size + 0.5:  # a heading starts the next page
            continue
        # The right edge of the column the line stands in: its longest line.
        right = max(line.x1 for line in lines if abs(line.x0 - last.x0) < 3)
        space = last.size * 0.3
        wrapped = abs(first.x0 - last.x0) < 3 and last.x1 + space + first.first_word > right + 1
        if _OPEN.search(last.text) or first.text[:1].islower() or wrapped:
            found.append(f"S. {page.number}/{following.number}: „{last.text}“ / „{first.text}“")
    return found


# A time ("9 Uhr", "8 bis 12 Uhr", "8:30–12:00 Uhr"), a phone number ("02581 000-650",
# "+49 2581 000650") or an amount ("113 Euro", "1.000,50 €"): each read as one thing.
_SEP = r"[ \u00a0\n]"
VALUES = [
    re.compile(
        rf"\b\d{{1,2}}(?:[:.]\d{{2}})?{_SEP}*(?:Uhr{_SEP}*)?(?:bis|–|-){_SEP}*\d{{1,2}}(?:[:.]\d{{2}})?"
        rf"{_SEP}*Uhr\b"
    ),
    re.compile(rf"\b\d{{1,2}}(?:[:.]\d{{2}})?{_SEP}Uhr\b"),
    re.compile(rf"(?<![\w.,])(?:\+\d{{1,3}}{_SEP}?|0)\d{{2,5}}(?:{_SEP}?[/-]?{_SEP}?\d{{2,}})+"),
    re.compile(rf"\b\d{{1,3}}(?:\.\d{{3}})*(?:,\d{{2}})?{_SEP}*(?:Euro|EUR|€)"),
    re.compile(rf"€{_SEP}*\d{{1,3}}(?:\.\d{{3}})*(?:,\d{{2}})?"),
]


def broken_values(pages: list[Page]) -> list[str]:
    """Times, phone numbers and amounts broken over two lines (or two pages)."""
    lines = [line for page in pages for line in _body(page)]
    found = []
    for one, two in itertools.pairwise(lines):
        if one.page == two.page and (two.top < one.bottom - 2 or abs(two.x0 - one.x0) > 40):
            continue  # not the next line of the same column
        joined = f"{one.text}\n{two.text}"
        for pattern in VALUES:
            for match in pattern.finditer(joined):
                value = match.group(0)
                if "\n" in value and not value.endswith("\n") and not value.startswith("\n"):
                    found.append(f"S. {one.page}: „{value.replace(chr(10), ' | ')}“")
    return found


def _body_size(pages: list[Page]) -> float:
    """The size most lines are set in."""
    sizes: dict[float, int] = {}
    for page in pages:
        for line in page.lines:
            sizes[line.size] = sizes.get(line.size, 0) + 1
    return max(sizes, key=lambda s: sizes[s]) if sizes else 0.0


def _forms(word: str) -> re.Pattern[str]:
    """A box's word as written in the text: with or without the middle dot, any case, with
    an ending (Ausländer·behörde, Ausländer·behörden)."""
    parts = [re.escape(p) for p in re.split(r"[·\u00b7]", word.strip())]
    return re.compile(r"(?<!\w)" + r"·?".join(parts), re.IGNORECASE)


_LATIN_RUN = re.compile(r"[A-Za-zÄÖÜäöüß][\w·-]*(?: [A-Za-zÄÖÜäöüß0-9][\w·-]*)*")


def box_word(first_line: str) -> str:
    """The German word a box explains: the longest run of Latin script in its first line
    (in a translation the line also holds the word in the reader's language)."""
    runs = _LATIN_RUN.findall(first_line)
    return max(runs, key=len) if runs else ""


def late_boxes(pages: list[Page], titles: tuple[str, ...] = ()) -> list[str]:
    """Explanation boxes on a later page than the first use of their word. Headings and
    the title and subtitle name a topic and are no use (easy_language/explained.py)."""
    body_size = _body_size(pages)
    shown = [" ".join(t.split()) for t in titles if t]

    def used(line: Line, pattern: re.Pattern[str]) -> bool:
        if line.size > body_size + 0.5 or any(line.text in t for t in shown):
            return False
        return bool(pattern.search(line.text))

    found = []
    for page in pages:
        for box in page.boxes:
            word = box_word(box.word)
            if not word:
                continue
            pattern = _forms(word)
            first = next(
                (
                    line.page
                    for p in pages
                    for line in _body(p)
                    if line.page <= page.number and used(line, pattern)
                ),
                None,
            )
            if first is not None and first < page.number:
                found.append(f"„{word}“: zuerst S. {first}, Kasten S. {page.number}")
    return found
