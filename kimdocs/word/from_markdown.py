"""Markdown → python-docx: headings, paragraphs, emphasis, links, lists, tables, quotes.

The converter writes into any python-docx container (a document, a docxtpl
subdocument, a table cell) and uses only the built-in style names (Heading N,
List Bullet N, List Number N, List Continue N, Quote, Table Grid, Hyperlink), so
a DOCX template restyles the result without touching the code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor
from docx.table import _Cell
from markdown_it.token import Token

from kimdocs.text import markdown

_MAX_LIST_DEPTH = 3
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


@dataclass
class _List:
    ordered: bool
    num_id: int | None = None
    paragraphs_in_item: int = 0


@dataclass
class _State:
    container: Any
    part: Any
    base_dir: Path | None
    lists: list[_List] = field(default_factory=list)
    quote_depth: int = 0
    heading_offset: int = 0
    table: Any = None
    row: int = -1
    col: int = -1
    cell_align: list[str | None] = field(default_factory=list)
    style_ids: dict[str, str] = field(default_factory=dict)
    svg_as_png: Callable[[Path, float], bytes] | None = None


def add_markdown(
    container: Any,
    text: str,
    *,
    base_dir: Path | None = None,
    heading_offset: int = 0,
    svg_as_png: Callable[[Path, float], bytes] | None = None,
) -> None:
    """Append ``text`` as DOCX blocks to ``container`` (document, subdoc or cell).

    ``svg_as_png(path, width_mm)`` turns an SVG picture into a PNG that Word shows;
    without it an SVG picture becomes its alternative text.
    """
    part = container.part
    _ensure_hyperlink_style(part.styles)
    state = _State(container=container, part=part, base_dir=base_dir, heading_offset=heading_offset)
    state.svg_as_png = svg_as_png
    toks = markdown.tokens(text)
    i = 0
    while i < len(toks):
        i = _block(toks, i, state)


def _block(toks: list[Token], i: int, st: _State) -> int:
    tok = toks[i]
    kind = tok.type
    if kind == "heading_open":
        level = min(int(tok.tag[1]) + st.heading_offset, 9)
        para = _paragraph(st, f"Heading {level}")
        _inline(para, toks[i + 1], st)
        return i + 3
    if kind == "paragraph_open":
        para = _new_paragraph(st)
        _inline(para, toks[i + 1], st)
        return i + 3
    if kind in ("bullet_list_open", "ordered_list_open"):
        ordered = kind == "ordered_list_open"
        start = int(tok.attrGet("start") or 1)
        st.lists.append(_List(ordered, _restart_numbering(st, start) if ordered else None))
    elif kind in ("bullet_list_close", "ordered_list_close"):
        st.lists.pop()
    elif kind == "list_item_open":
        st.lists[-1].paragraphs_in_item = 0
    elif kind == "blockquote_open":
        st.quote_depth += 1
    elif kind == "blockquote_close":
        st.quote_depth -= 1
    elif kind in ("fence", "code_block"):
        para = _new_paragraph(st)
        lines = tok.content.rstrip("\n").split("\n")
        for n, line in enumerate(lines):
            run = para.add_run(line)
            run.font.name = "Courier New"
            if n < len(lines) - 1:
                run.add_break()
    elif kind == "hr":
        _horizontal_rule(st.container.add_paragraph())
    elif kind == "table_open":
        return _table(toks, i, st)
    return i + 1


def _paragraph(st: _State, style: str) -> Any:
    # python-docx looks a style name up by scanning every style, for every paragraph;
    # resolving each name once makes long documents several times faster.
    style_id = st.style_ids.get(style)
    if style_id is None:
        style_id = st.style_ids[style] = st.part.styles[style].style_id
    para = st.container.add_paragraph()
    para._p.style = style_id
    return para


def _new_paragraph(st: _State) -> Any:
    if st.lists:
        current = st.lists[-1]
        depth = min(len(st.lists), _MAX_LIST_DEPTH)
        suffix = "" if depth == 1 else f" {depth}"
        if current.paragraphs_in_item == 0:
            style = ("List Number" if current.ordered else "List Bullet") + suffix
            para = _paragraph(st, style)
            if current.ordered and current.num_id is not None:
                _set_numbering(para, current.num_id)
        else:
            para = _paragraph(st, "List Continue" + suffix)
        current.paragraphs_in_item += 1
        return para
    if st.quote_depth:
        return _paragraph(st, "Quote")
    return st.container.add_paragraph()


def _inline(para: Any, tok: Token, st: _State) -> None:
    marks = {"strong": 0, "em": 0, "s": 0}  # nesting depth of each emphasis
    link: Any = None
    for child in tok.children or []:
        kind = child.type
        name, _, edge = kind.rpartition("_")
        if name in marks:
            marks[name] += 1 if edge == "open" else -1
        elif kind == "link_open":
            link = _hyperlink(para, str(child.attrGet("href") or ""), st)
        elif kind == "link_close":
            link = None
        elif kind in ("text", "code_inline") and child.content:
            run = _run(para, link, child.content)
            run.bold = bool(marks["strong"]) or None
            run.italic = bool(marks["em"]) or None
            run.font.strike = bool(marks["s"]) or None
            if kind == "code_inline":
                run.font.name = "Courier New"
        elif kind == "softbreak":
            _run(para, link, " ")
        elif kind == "hardbreak":
            _run(para, link, "").add_break()
        elif kind == "image":
            _image(para, child, st)


def _run(para: Any, link: Any, text: str) -> Any:
    if link is None:
        return para.add_run(text)
    # python-docx has no public API to add runs inside a hyperlink.
    from docx.text.run import Run

    r = OxmlElement("w:r")
    link.append(r)
    run = Run(r, para)
    run.style = "Hyperlink"
    run.text = text
    return run


def _hyperlink(para: Any, url: str, st: _State) -> Any:
    node = OxmlElement("w:hyperlink")
    if url.startswith("#"):
        node.set(qn("w:anchor"), url[1:])
    else:
        rel_id = st.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        node.set(qn("r:id"), rel_id)
    para._p.append(node)
    return node


def _image(para: Any, tok: Token, st: _State) -> None:
    src = str(tok.attrGet("src") or "")
    alt = tok.content or ""
    path = (st.base_dir / src) if st.base_dir is not None else None
    suffix = path.suffix.lower() if path is not None else ""
    svg = suffix == ".svg" and st.svg_as_png is not None
    if path is None or not path.is_file() or not (svg or suffix in (".png", ".jpg", ".jpeg")):
        # Remote pictures have no DOCX form here; keep the text a reader needs.
        para.add_run(f"[Bild: {alt}]")
        return
    run = para.add_run()
    source: Any = str(path)
    if svg and st.svg_as_png is not None:
        import io

        source = io.BytesIO(st.svg_as_png(path, 80))
    shape = run.add_picture(source, width=Cm(8))
    shape._inline.docPr.set("descr", alt)


def _table(toks: list[Token], i: int, st: _State) -> int:
    end = i
    rows: list[list[tuple[Token, str | None]]] = []
    header_rows = 0
    in_head = False
    while toks[end].type != "table_close":
        tok = toks[end]
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            rows.append([])
            header_rows += in_head
        elif tok.type in ("th_open", "td_open"):
            style = str(tok.attrGet("style") or "")
            align = style.split(":", 1)[1] if style.startswith("text-align:") else None
            rows[-1].append((toks[end + 1], align))
        end += 1
    width = max(len(r) for r in rows)
    table = st.container.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    # python-docx's table.cell() and table.rows[n] rebuild the list of all cells (rows) on
    # every call, which made a table quadratic in its size (50 s for 100 rows × 20 columns);
    # walking the new table's XML once keeps it linear.
    for r, (tr, cells) in enumerate(zip(table._tbl.tr_lst, rows, strict=True)):
        for tc, (inline, align) in zip(tr.tc_lst, cells, strict=False):
            para = _Cell(tc, table).paragraphs[0]
            _inline(para, inline, st)
            if align in _ALIGN:
                para.alignment = _ALIGN[align]
            if r < header_rows:
                for run in para.runs:
                    run.bold = True
        if r < header_rows:
            _mark_header(tr)
    return end + 1


def _ensure_hyperlink_style(styles: Any) -> None:
    if any(s.name == "Hyperlink" for s in styles):
        return
    style = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    style.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    style.font.underline = True


def mark_header_row(row: Any) -> None:
    """Repeat the row on every page, and tell screen readers it is a header."""
    _mark_header(row._tr)


def _mark_header(tr: Any) -> None:
    tr_pr = tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    for tc in tr.tc_lst:  # the light background of the PDF's header cells
        shading = OxmlElement("w:shd")
        for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", "EEF2F6")):
            shading.set(qn(key), value)
        tc.get_or_add_tcPr().append(shading)


def _horizontal_rule(para: Any) -> None:
    p_pr = para._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)


def _restart_numbering(st: _State, start: int) -> int | None:
    """A fresh w:num for each ordered list, so every list starts at its own number."""
    numbering = st.part.numbering_part.element
    depth = min(len(st.lists) + 1, _MAX_LIST_DEPTH)
    style_name = "List Number" + ("" if depth == 1 else f" {depth}")
    style = st.part.styles.get_by_id(style_name.replace(" ", ""), 1)  # paragraph style
    base = (
        style.element.find(qn("w:pPr") + "/" + qn("w:numPr") + "/" + qn("w:numId"))
        if style is not None
        else None
    )
    if base is None:
        return None
    base_num = numbering.num_having_numId(int(base.get(qn("w:val"))))
    abstract_id = base_num.abstractNumId.val
    num = numbering.add_num(abstract_id)
    override = num.add_lvlOverride(ilvl=0)
    override.add_startOverride(start)
    return int(num.numId)


def _set_numbering(para: Any, num_id: int) -> None:
    num_pr = para._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


def html_as_markdown(html: str) -> str:
    """The Markdown of an HTML fragment as templates write it (paragraphs, emphasis,
    links, lists, headings), so that ``add_markdown`` puts it into a DOCX.

    A DOCX template takes an HTML template's block this way (``render.docx``): the same
    words, emphasis and order as the PDF, without a second copy of the text. Every literal
    character stays literal (``1.`` at a line's start is no list, ``*`` no emphasis).
    """
    from markdownify import markdownify

    if not html.strip():
        return ""
    markdown = markdownify(
        html,
        heading_style="ATX",
        bullets="-",
        newline_style="BACKSLASH",
        escape_asterisks=True,
        escape_underscores=True,
        escape_misc=True,
    )
    return "\n\n".join(block.strip() for block in markdown.split("\n\n") if block.strip())
