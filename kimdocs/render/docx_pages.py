"""Pages of a rendered DOCX that hold together, in Word and in LibreOffice.

One pass over the finished document, whatever the template: table rows never split,
columns are as wide as their longest word needs, e-mail addresses and web addresses
break only after ``@ . / -``, and the signing area stays on one page with the text
before it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from kimdocs.text.addresses import EMAIL

# Word's "no-width optional break": a line may break here, nothing is shown. This is
# the one place where DOCX text gets it.
BREAK = "\u200b"
# E-mail and web addresses; they may break after these characters and nowhere else.
_ADDRESS = re.compile(EMAIL + r"|(?:https?://|www\.)[^\s<>\"“”„]+")
_BREAK_AFTER = "@./-"

# Cell padding of the "Table Grid" style (left and right, 0.19 cm each) plus a reserve
# for rounding in the layout engines, in twentieths of a point.
_CELL_PADDING = 2 * 108 + 60
BODY_POINTS = 10.5  # the templates' Normal style
_TWIPS_PER_POINT = 20


def hold_pages_together(docx: Any, signing_caption: str, font_size: float = BODY_POINTS) -> None:
    """Apply the rules of this module to a rendered python-docx document, in place.

    ``font_size`` is the body text's size in points (columns are measured with it).
    """
    body = docx.element.body
    for tr in body.iter(qn("w:tr")):
        _ensure(tr.get_or_add_trPr(), "w:cantSplit")  # trPr's children come in any order
    for root in _text_roots(docx):
        for text in root.iter(qn("w:t")):
            if text.text and ("@" in text.text or "/" in text.text or "www." in text.text):
                text.text = breakable_addresses(text.text)
    width = _text_width(docx)
    for table in body.iter(qn("w:tbl")):
        if _caption(table) != signing_caption:
            fit_columns(table, width, font_size / BODY_POINTS)
    _keep_signing_area(body, signing_caption, _heading_styles(docx))


def at_least(docx: Any, points: float) -> None:
    """Every character at least ``points`` big – body, header, footer, every style.

    Leichte Sprache asks this of the whole page; the PDF does it in its CSS. Sizes already
    that large stay as they are (the templates' Leichte-Sprache styles are).
    """
    half_points = round(points * 2)  # Word counts font sizes in half points
    styles = docx.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:  # text without any size of its own falls back to this
        r_pr = _ensure(_ensure(defaults, "w:rPrDefault"), "w:rPr")
        _ensure(r_pr, "w:sz")
    for root in (*_text_roots(docx), styles):
        for tag in ("w:sz", "w:szCs"):
            for node in root.iter(qn(tag)):
                if int(node.get(qn("w:val"), "0") or 0) < half_points:
                    node.set(qn("w:val"), str(half_points))


def breakable_addresses(text: str) -> str:
    """``text`` with a break opportunity after each ``@ . / -`` inside an address."""

    def mark(match: re.Match[str]) -> str:
        address = match.group(0).replace(BREAK, "")
        marked = "".join(c + BREAK if c in _BREAK_AFTER else c for c in address[:-1])
        return marked + address[-1]

    return _ADDRESS.sub(mark, text)


def _text_roots(docx: Any) -> Iterator[Any]:
    yield docx.element.body
    # Headers and footers through the document's relationships: docxtpl puts the rendered
    # parts there, while python-docx's ``section.header`` still returns the template's.
    for rel in docx.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            yield rel.target_part.element


def _text_width(docx: Any) -> int:
    section = docx.sections[0]
    return int((section.page_width - section.left_margin - section.right_margin) / 635)


def _caption(table: Any) -> str:
    node = table.find(qn("w:tblPr") + "/" + qn("w:tblCaption"))
    return str(node.get(qn("w:val"))) if node is not None else ""


def _ensure(parent: Any, tag: str) -> Any:
    node = parent.find(qn(tag))
    if node is None:
        node = OxmlElement(tag)
        parent.append(node)
    return node


# --- column widths ---------------------------------------------------------------------


def fit_columns(table: Any, available: int, scale: float = 1.0) -> None:
    """Column widths from the content: each column at least as wide as its longest word
    (so no word breaks inside a cell), the rest shared by how much text a column holds.

    ``scale``: the text's size against the templates' Normal style (14 pt: 14 / 10.5).
    """
    grid = table.find(qn("w:tblGrid"))
    if grid is None:
        return
    cols = grid.findall(qn("w:gridCol"))
    n = len(cols)
    if n == 0:
        return
    least = [0.0] * n
    most = [0.0] * n
    for tr in table.iterchildren(qn("w:tr")):
        col = 0
        for tc in tr.iterchildren(qn("w:tc")):
            span = _span(tc)
            if span == 1 and col < n:
                word, line = _cell_needs(tc)
                least[col] = max(least[col], word)
                most[col] = max(most[col], line)
            col += span
    least = [w * scale * _TWIPS_PER_POINT + _CELL_PADDING for w in least]
    most = [
        max(m * scale * _TWIPS_PER_POINT + _CELL_PADDING, lo)
        for m, lo in zip(most, least, strict=True)
    ]
    widths = _share(least, most, available)
    _set_widths(table, cols, widths)


def _share(least: list[float], most: list[float], available: int) -> list[int]:
    if sum(most) <= available:
        # Everything fits on one line: fill the width as the PDF's tables do.
        extra = available - sum(most)
        total = sum(most) or 1
        return [int(m + extra * m / total) for m in most]
    if sum(least) >= available:
        # Even the longest words do not fit side by side: shrink them evenly.
        total = sum(least) or 1
        return [int(lo * available / total) for lo in least]
    room = available - sum(least)
    wish = [m - lo for m, lo in zip(most, least, strict=True)]
    total = sum(wish) or 1
    return [int(lo + room * w / total) for lo, w in zip(least, wish, strict=True)]


def _set_widths(table: Any, cols: list[Any], widths: list[int]) -> None:
    tbl_pr = table.find(qn("w:tblPr"))
    if tbl_pr is None:
        return
    tbl_pr.get_or_add_tblLayout().set(qn("w:type"), "fixed")
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:  # python-docx and Word always write one; its place is after the style
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.insert(1 if tbl_pr.find(qn("w:tblStyle")) is not None else 0, tbl_w)
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(widths)))
    for col, width in zip(cols, widths, strict=True):
        col.set(qn("w:w"), str(width))
    for tr in table.iterchildren(qn("w:tr")):
        col = 0
        for tc in tr.iterchildren(qn("w:tc")):
            span = _span(tc)
            tc_w = tc.get_or_add_tcPr().get_or_add_tcW()
            tc_w.set(qn("w:type"), "dxa")
            tc_w.set(qn("w:w"), str(sum(widths[col : col + span])))
            col += span


def _span(tc: Any) -> int:
    node = tc.find(qn("w:tcPr") + "/" + qn("w:gridSpan"))
    return int(node.get(qn("w:val"))) if node is not None else 1


def _cell_needs(tc: Any) -> tuple[float, float]:
    """Widths in points of the cell's longest unbreakable piece and longest paragraph."""
    word = line = 0.0
    for para in tc.iter(qn("w:p")):
        pieces: list[tuple[str, bool]] = []
        for run in para.iter(qn("w:r")):
            bold = run.find(qn("w:rPr") + "/" + qn("w:b")) is not None
            text = "".join(t.text or "" for t in run.iter(qn("w:t")))
            pieces.append((text, bold))
        line = max(line, sum(_measure(text, bold) for text, bold in pieces))
        for text, bold in pieces:
            for token in re.split(rf"[\s{BREAK}]+|(?<=-)", text):
                word = max(word, _measure(token, bold))
    return word, line


@functools.lru_cache(maxsize=65536)  # long tables repeat their words
def _measure(text: str, bold: bool) -> float:
    # Control characters take no room, and the text shaper refuses some of them.
    text = "".join(c for c in text if c.isprintable())
    if not text:
        return 0.0
    font = _font(bold)
    estimate = len(text) * BODY_POINTS * 0.62  # a generous average glyph width
    if font is None:
        return estimate
    try:
        return float(font.getlength(text)) * BODY_POINTS / 100
    except (OSError, RuntimeError, ValueError):  # a script the shaper cannot lay out
        return estimate


@functools.cache
def _font(bold: bool) -> Any:
    """Noto Sans, which LibreOffice puts in for Arial here and which is wider than Arial:
    what fits with it fits in Word too. ``None`` if it is not installed."""
    from PIL import ImageFont

    for name in ("NotoSans-Bold.ttf",) if bold else ("NotoSans-Regular.ttf",):
        try:
            return ImageFont.truetype(name, 100)
        except OSError:
            continue
    return None


# --- signing area ------------------------------------------------------------------------


def _keep_signing_area(body: Any, caption: str, headings: frozenset[str]) -> None:
    """Everything from the signing area's heading to the end on one page, together with
    the paragraph before the heading (Word and LibreOffice keep a paragraph with the next
    one, and a table row with the next row, when its paragraphs have keepNext)."""
    children = [c for c in body.iterchildren() if c.tag in (qn("w:p"), qn("w:tbl"))]
    start = next(
        (i for i, c in enumerate(children) if c.tag == qn("w:tbl") and _caption(c) == caption),
        None,
    )
    if start is None:
        return
    # Back over the heading and the lines that introduce the signatures, then one more.
    i = start - 1
    while i >= 0 and not _is_heading(children[i], headings):
        i -= 1
    before = _last_paragraphs(children[i - 1]) if i > 0 else []
    paragraphs = before + [p for c in children[max(i, 0) :] for p in _paragraphs(c)]
    for para in paragraphs[:-1]:
        para.get_or_add_pPr().get_or_add_keepNext()


def _last_paragraphs(node: Any) -> list[Any]:
    """The last paragraph, or the paragraphs of the last row of a table."""
    if node.tag == qn("w:p"):
        return [node]
    rows = node.findall(qn("w:tr"))
    return list(rows[-1].iter(qn("w:p"))) if rows else []


def _paragraphs(node: Any) -> list[Any]:
    return [node] if node.tag == qn("w:p") else list(node.iter(qn("w:p")))


def _is_heading(node: Any, headings: frozenset[str]) -> bool:
    if node.tag != qn("w:p"):
        return False
    style = node.find(qn("w:pPr") + "/" + qn("w:pStyle"))
    return style is not None and str(style.get(qn("w:val"))) in headings


def _heading_styles(docx: Any) -> frozenset[str]:
    """The ids of Word's heading styles and of the styles based on them (a template's own
    heading style, such as the Leichte-Sprache headings, is a heading too)."""
    found = set()
    for style in docx.styles:
        base = style
        while base is not None:
            if str(base.style_id).startswith("Heading"):
                found.add(style.style_id)
                break
            base = getattr(base, "base_style", None)
    return frozenset(found)
