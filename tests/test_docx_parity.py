"""The DOCX is the same document as the PDF, and its pages hold together.

Read back as their users see them: python-docx for the DOCX (body, headers, footers),
pdfplumber for the PDF, and LibreOffice for the DOCX's pages (each DOCX is converted
once for this module).
"""

from __future__ import annotations

import difflib
import io
import re
import shutil
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from docx import Document

from kimdocs.build.run import build
from kimdocs.project import load_project
from kimdocs.render.docx import LAYOUT_DIFFERENCES
from kimdocs.render.docx_pages import BREAK
from tests.conftest import PROJECTS, SAMPLE_DAY, SharedBuild
from tests.outputs import libreoffice_to_pdf

MM = 72 / 25.4
# The page margins of base.css (@page): the running header and footer live in them.
PDF_TOP, PDF_BOTTOM = 20 * MM, 22 * MM
# The margins of a slide (report.css, @page slide: 16:9 landscape).
SLIDE_TOP, SLIDE_BOTTOM = 10 * MM, 12 * MM
# Headings that open a signing area, in the shipped templates.
SIGNING_HEADINGS = ("Unterschriften", "Genehmigung")
# Kinds (output folders) that nobody signs: press releases, reports and the worksheets of
# the residence routes; and the client's copy of an agreement in her language
# (``KIM-….ar.docx``): the German original is signed.
UNSIGNED = ("presse", "berichte", "perspektiven")
_TRANSLATED = re.compile(r".+\.[a-z]{2,3}")
BREAK_AFTER = "@./-"


@dataclass
class Built:
    docx: list[Path]
    converted: dict[Path, Path]  # DOCX → LibreOffice's PDF of it

    def pdf(self, docx: Path) -> Path:
        return docx.with_suffix(".pdf")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, built_sample: SharedBuild) -> Built:
    base = tmp_path_factory.mktemp("parity")
    sample = built_sample.root  # in the project's formats, PDF and DOCX
    hostile = base / "hostile"
    shutil.copytree(PROJECTS / "basic", hostile)
    results = built_sample.results
    assert all(r.ok for r in results), [p.format() for r in results for p in r.problems]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kimdocs.base.dates.today", lambda: SAMPLE_DAY)
        results = build(load_project(hostile), formats=["pdf", "docx"])
        assert all(r.ok for r in results), [p.format() for r in results for p in r.problems]
    docx = sorted(sample.rglob("output/**/*.docx")) + sorted(hostile.rglob("output/**/*.docx"))
    assert len(docx) >= 10
    converted = libreoffice_to_pdf(docx, base / "libreoffice")
    return Built(docx, dict(zip(docx, converted, strict=True)))


# --- reading -------------------------------------------------------------------------


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(BREAK, "").replace("\u00ad", "")


def docx_lines(path: Path, running: str = "") -> list[str]:
    """The DOCX's text in reading order: the first page's letterhead, then the body.

    The other headers and footers are running ones (``LAYOUT_DIFFERENCES["running"]``),
    and so is a line of the first page's header that our PDF sets in the running header
    of its first page (``running``, see :func:`running_header`): the worksheet's label.
    """
    doc = Document(str(path))
    lines: list[str] = []

    def blocks(container: Any) -> None:
        for block in container.iter_inner_content():
            if hasattr(block, "rows"):
                for row in block.rows:
                    seen: set[int] = set()
                    for cell in row.cells:
                        if id(cell._tc) not in seen:  # a merged cell appears once
                            seen.add(id(cell._tc))
                            blocks(cell)
            else:
                lines.extend(block.text.split("\n"))

    section = doc.sections[0]
    if section.different_first_page_header_footer:
        blocks(section.first_page_header)
        margin = " ".join(running.split())
        lines = [ln for ln in lines if not (ln.strip() and " ".join(ln.split()) in margin)]
    blocks(doc)
    return [_clean(line) for line in lines]


def running_header(path: Path) -> str:
    """The text in the top margin of our PDF's first page: its running header."""
    top, _ = margins(path)
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        return _clean(page.crop((0, 0, page.width, top)).extract_text() or "")


def margins(path: Path) -> tuple[float, float]:
    """The top and bottom margin of our PDF: a slide's, or an A4 page's."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        slide = page.width > 1.5 * page.height
    return (SLIDE_TOP, SLIDE_BOTTOM) if slide else (PDF_TOP, PDF_BOTTOM)


def pdf_lines(path: Path, top: float = PDF_TOP, bottom: float = PDF_BOTTOM) -> list[list[str]]:
    """Per page, the lines of text between the margins, table cells cell by cell.

    A table's header row that a page repeats at its top is left out
    (``LAYOUT_DIFFERENCES["header-rows"]``): the DOCX holds it once.
    """
    pages: list[list[str]] = []
    open_table: tuple[str, ...] | None = None  # the header of a table the last page ended in
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            body = page.crop((0, top, page.width, page.height - bottom))
            items, first_rows = _page_items(body)
            if items and items[0][3] >= 0 and first_rows[items[0][3]] == open_table:
                repeated = items[0][3]
                items = [item for item in items if item[3] != repeated]
            open_table = None
            if items and items[-1][4] >= 0:
                open_table = first_rows[items[-1][4]] if items[-1][4] < len(first_rows) else None
            pages.append([_clean(item[2]) for item in items])
    return pages


Item = tuple[float, float, str, int, int]


def _page_items(page: Any) -> tuple[list[Item], list[tuple[str, ...]]]:
    """Lines as (top, left, text, h, t): h numbers the table whose first row the line is
    in, t the table it is in, -1 for other lines; and the tables' first rows."""
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
    items: list[Item] = []
    first_rows: list[tuple[str, ...]] = []
    taken: set[int] = set()
    for table in page.find_tables():
        for r, (top, row) in enumerate(_rows(table.cells)):
            texts = []
            for cell in row:
                inside = [
                    (i, w) for i, w in enumerate(words) if i not in taken and _within(w, cell)
                ]
                taken.update(i for i, _ in inside)
                lines = _lines([w for _, w in inside])
                texts.append(" ".join(lines))
                tag = len(first_rows) if r == 0 else -1
                number = len(first_rows) - (r > 0)
                items.extend((top, cell[0], line, tag, number) for line in lines)
            if r == 0:
                first_rows.append(tuple(texts))
    rest = [w for i, w in enumerate(words) if i not in taken]
    for line_words in _line_groups(rest):
        text = " ".join(w["text"] for w in line_words)
        items.append((line_words[0]["top"], 0.0, text, -1, -1))
    # Table cells sort by their row's top, then left to right; the order inside a cell
    # is kept by the stable sort.
    items.sort(key=lambda item: (round(item[0], 0), item[1]))
    return items, first_rows


Box = tuple[float, float, float, float]


def _encloses(outer: Box, inner: Box) -> bool:
    return outer != inner and all(
        o <= i if n < 2 else o >= i for n, (o, i) in enumerate(zip(outer, inner, strict=True))
    )


def _rows(cells: list[Box]) -> list[tuple[float, list[Box]]]:
    """A table's rows, top down, each with its cells left to right. A box around other
    cells is none: pdfplumber takes a border drawn around the table (a worksheet card's,
    continued on a new page, meets the table's top) for one more cell."""
    inner = [c for c in cells if not any(_encloses(c, other) for other in cells)]
    tops = sorted({round(c[1], 1) for c in inner})
    return [(top, sorted(c for c in inner if round(c[1], 1) == top)) for top in tops]


def _within(word: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _line_groups(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    groups: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if groups and abs(groups[-1][0]["top"] - word["top"]) < 3:
            groups[-1].append(word)
        else:
            groups.append([word])
    return [sorted(g, key=lambda w: w["x0"]) for g in groups]


def _lines(words: list[dict[str, Any]]) -> list[str]:
    return [" ".join(w["text"] for w in g) for g in _line_groups(words)]


_MARKER = re.compile(r"^(?:•|◦|▪|\d{1,2}\.)\s+")
# In a right-to-left list the marker stands at the right: the end of a line read visually.
_MARKER_RIGHT = re.compile(r"\s+(?:•|◦|▪)$")


def without_list_markers(lines: list[str]) -> list[str]:
    """``LAYOUT_DIFFERENCES["list-markers"]``: the PDF prints them, Word numbers itself."""
    return [_MARKER_RIGHT.sub("", _MARKER.sub("", line)) for line in lines]


# How this test leaves out each of LAYOUT_DIFFERENCES.
LEAVE_OUT = {
    "running": (docx_lines, pdf_lines),  # DOCX: the first page's header only; PDF: margins
    "header-rows": pdf_lines,
    "list-markers": without_list_markers,
    "slides": margins,  # a slide's text is read between the slide's own margins
}

_RTL = re.compile(r"[\u0590-\u08ff]")


def words(lines: list[str]) -> list[str]:
    return [w for line in lines for w in line.split()]


def squash(lines: list[str]) -> tuple[str, list[str]]:
    """The text without white space (lines break differently in PDF and Word), and apart
    from it the right-to-left words: pdfplumber reads them in visual order, reversed
    and placed by the layout's direction runs."""
    ltr = [w for w in words(lines) if not _RTL.search(w)]
    rtl = sorted(w for w in words(lines) if _RTL.search(w))
    return "".join(ltr), rtl


def _same_text(ours: list[str], theirs: list[str]) -> bool:
    """The same words in the same order; in a right-to-left document, whose lines mix
    both directions and which pdfplumber reads in visual order (with the lam-alef
    ligature in logical order), the same characters."""
    if any(_RTL.search(line) for line in ours):
        return Counter("".join(words(ours))) == Counter("".join(words(theirs)))
    return squash(ours) == squash(theirs)


def _visual(lines: list[str]) -> list[str]:
    return [" ".join(w[::-1] if _RTL.search(w) else w for w in line.split()) for line in lines]


# --- parity ----------------------------------------------------------------------------


def test_every_listed_difference_is_the_one_left_out() -> None:
    assert set(LEAVE_OUT) == set(LAYOUT_DIFFERENCES)
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for text in LAYOUT_DIFFERENCES.values():
        assert text.split(":")[0] in readme


def test_docx_says_what_the_pdf_says_in_the_same_order(built: Built) -> None:
    failures = []
    for docx in built.docx:
        ours_pdf = built.pdf(docx)
        ours = without_list_markers(docx_lines(docx, running_header(ours_pdf)))
        pdf = [line for page in pdf_lines(ours_pdf, *margins(ours_pdf)) for line in page]
        theirs = _visual(without_list_markers(pdf))
        if not _same_text(ours, theirs):
            diff = difflib.unified_diff(words(theirs), words(ours), "PDF", "DOCX", n=3, lineterm="")
            failures.append(f"{docx.name}:\n" + "\n".join(list(diff)[:40]))
    assert not failures, "\n\n".join(failures)


def test_docx_letterhead_has_the_logo_picture(built: Built) -> None:
    from PIL import Image

    for docx in built.docx:
        org = load_project(next(p for p in docx.parents if (p / "kimdocs.toml").is_file()))
        organisation = org.config.organisation
        doc = Document(str(docx))
        section = doc.sections[0]
        assert section.different_first_page_header_footer, docx.name
        header = section.first_page_header
        pictures = [
            rel.target_part for rel in header.part.rels.values() if rel.reltype.endswith("/image")
        ]
        assert len(pictures) == 1, docx.name
        assert pictures[0].content_type == "image/png"
        image = Image.open(io.BytesIO(pictures[0].blob))
        assert image.height >= 150  # sharp in print at 16 mm
        assert image.getbbox() is not None  # not an empty picture
        assert f'descr="Logo: {organisation.name}' in header._element.xml.replace("&amp;", "&")
        text = "\n".join(p.text for t in header.tables for c in t._cells for p in c.paragraphs)
        assert organisation.name in text
        assert organisation.address.street in text


# --- pages (LibreOffice) -----------------------------------------------------------------


def _signing_pages(pages: list[list[str]]) -> Iterator[tuple[int, int]]:
    """(page, line) where a signing area's heading stands."""
    for p, lines in enumerate(pages):
        for n, line in enumerate(lines):
            if line in SIGNING_HEADINGS:
                yield p, n


@pytest.mark.parametrize("reader", ["kimdocs-PDF", "LibreOffice"])
def test_signing_area_is_on_one_page_with_the_text_before_it(built: Built, reader: str) -> None:
    for docx in built.docx:
        if any(kind in docx.parts for kind in UNSIGNED) or _TRANSLATED.fullmatch(docx.stem):
            continue
        if reader == "LibreOffice":
            # LibreOffice's running header and footer sit in the margins of its own page.
            pages = pdf_lines(built.converted[docx], top=25 * MM, bottom=20 * MM)
        else:
            pages = pdf_lines(built.pdf(docx))
        found = list(_signing_pages(pages))
        assert len(found) == 1, (docx.name, reader, found)
        page, line = found[0]
        assert page == len(pages) - 1, f"{docx.name} ({reader}): Unterschriften nicht am Ende"
        assert line > 0, f"{docx.name} ({reader}): Unterschriften allein auf der Seite"
        captions = sum(line.count("Ort, Datum") for line in pages[page])
        assert captions >= 2
        earlier = sum(line.count("Ort, Datum") for p in pages[:page] for line in p)
        assert earlier == 0, f"{docx.name} ({reader}): Unterschriften über zwei Seiten"


def _pieces(word: str) -> set[str]:
    """A word and every part of it that a line may hold: breaks only after a hyphen or
    at a marked break."""
    parts = [p for p in re.split(rf"(?<=-)|{BREAK}", word) if p]
    return {
        _clean("".join(parts[i:j])) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)
    }


_MIRRORED = str.maketrans("", "", "()[],،")


def _whole_rtl(text: str, allowed: set[str]) -> bool:
    """In a right-to-left table pdfplumber mirrors brackets, keeps the lam-alef ligature in
    logical order and splits a word at some vowel marks: a token is whole when its letters
    (without brackets and commas) are a word of a cell, or, for Arabic script, when they
    are all letters of one such word. Digits and Latin words are still checked whole."""
    if not any(_RTL.search(word) for word in allowed):
        return False
    bare = text.translate(_MIRRORED)
    words = {word.translate(_MIRRORED) for word in allowed}
    if not _RTL.search(bare):
        # Latin or digits beside an Arabic comma were turned round with it.
        return not bare or bare in words or bare[::-1] in words
    need = Counter(bare)
    return any(not need - Counter(word) for word in words if _RTL.search(word))


def test_no_word_is_broken_inside_a_table_cell(built: Built) -> None:
    for docx in built.docx:
        doc = Document(str(docx))
        allowed: set[str] = set()
        for table in doc.tables:
            for row in table.rows:
                for cell in row.cells:
                    for word in cell.text.split():
                        allowed |= _pieces(word)
        with pdfplumber.open(built.converted[docx]) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                words_on_page = page.extract_words()
                for table in page.find_tables():
                    for row in table.rows:
                        for cell in row.cells:
                            if cell is None:
                                continue
                            for word in words_on_page:
                                if _within(word, cell):
                                    text = _clean(word["text"])
                                    if _RTL.search(text):
                                        text = text[::-1]  # read in visual order
                                    assert text in allowed or _whole_rtl(text, allowed), (
                                        f"{docx.name} S. {number}: „{text}“ ist ein "
                                        "zerbrochenes Wort in einer Tabellenzelle"
                                    )


_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def test_email_addresses_break_only_after_at_dot_slash_or_hyphen(built: Built) -> None:
    checked = 0
    for docx in built.docx:
        addresses = set(_ADDRESS.findall(_clean("\n".join(docx_lines(docx)))))
        with pdfplumber.open(built.converted[docx]) as pdf:
            tokens = [
                _clean(w["text"]).strip(",;:()") for page in pdf.pages for w in page.extract_words()
            ]
        for address in addresses:
            for token in tokens:
                # Every wrong break leaves a piece with "@" or "." on one of its sides.
                if token == address or token not in address or not set(token) & set("@."):
                    continue
                start = address.find(token)
                end = start + len(token)
                if start > 0:
                    assert address[start - 1] in BREAK_AFTER, (docx.name, address, token)
                if end < len(address):
                    assert address[end - 1] in BREAK_AFTER, (docx.name, address, token)
                checked += 1
    assert checked > 0, "keine umbrochene Adresse gefunden: der Test prüft nichts"


def test_docx_takes_the_html_templates_blocks_and_falls_back_to_the_shipped_ones(
    basic: Path,
) -> None:
    templates = basic / "templates"
    templates.mkdir(exist_ok=True)
    own = templates / "agreement.html"
    own.write_text(
        '{% extends "default/agreement.html" %}{% block closing_note %}<p>Sprechzeit '
        "<strong>montags</strong> &amp; nach Vereinbarung</p>{% endblock %}",
        encoding="utf-8",
    )
    [result] = build(load_project(basic), [basic / "content" / "vereinbarungen"], formats=["docx"])
    doc = Document(str(result.outputs[0]))
    [para] = [p for p in doc.paragraphs if p.text.startswith("Sprechzeit")]
    assert para.text == "Sprechzeit montags & nach Vereinbarung"
    assert [r.text for r in para.runs if r.bold] == ["montags"]
    # A template of its own, without the shipped blocks: the DOCX keeps the shipped text.
    own.write_text("<html><body>{{ doc.case_id }}</body></html>", encoding="utf-8")
    [result] = build(load_project(basic), [basic / "content" / "vereinbarungen"], formats=["docx"])
    text = "\n".join(p.text for p in Document(str(result.outputs[0])).paragraphs)
    assert "Die Teilnahme am Fallmanagement ist freiwillig." in text
    assert "Sprechzeit" not in text


def test_goal_headings_stay_with_their_table_in_libreoffice(built: Built) -> None:
    checked = 0
    for docx in built.docx:
        pages = pdf_lines(built.converted[docx], top=25 * MM, bottom=20 * MM)
        for number, lines in enumerate(pages, start=1):
            for n, line in enumerate(lines):
                if re.match(r"Ziel \d+:", line):
                    checked += 1
                    assert "Schritt" in lines[n + 1 :], (
                        f"{docx.name} S. {number}: „{line}“ steht ohne seine Tabelle"
                    )
    assert checked >= 10


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">'
    '<rect width="40" height="20" fill="#c55a11"/></svg>'
)


@pytest.mark.slow
def test_svg_pictures_in_the_text_are_pictures_in_the_docx(
    write_agreement: Any, basic: Path
) -> None:
    from PIL import Image

    (basic / "content" / "vereinbarungen" / "balken.svg").write_text(SVG, encoding="utf-8")
    write_agreement("bild", {"Text.": "Vorher ![Ein oranger Balken](balken.svg) nachher."})
    results = build(load_project(basic), formats=["docx"])
    assert all(r.ok for r in results), [p.format() for r in results for p in r.problems]
    [docx] = [o for r in results for o in r.outputs if o.stem == "bild"]
    doc = Document(str(docx))
    [para] = [p for p in doc.paragraphs if "Vorher" in p.text]
    assert para.text == "Vorher  nachher."  # no "[Bild: …]" where the PDF shows a picture
    assert 'descr="Ein oranger Balken"' in para._p.xml
    [picture] = [r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/image")]
    image = Image.open(io.BytesIO(picture.blob)).convert("RGB")
    assert image.getpixel((image.width // 2, image.height // 2)) == (0xC5, 0x5A, 0x11)
    assert 1.9 < image.width / image.height < 2.1


def test_pictures_load_nothing_from_outside() -> None:
    from kimdocs.render.logo_picture import _only_data

    with pytest.raises(ValueError, match="nicht geladen"):
        _only_data().fetch("file:///etc/hostname")
    with pytest.raises(ValueError, match="nicht geladen"):
        _only_data().fetch("https://example.org/x.png")


# The order Word's schema (ECMA-376, CT_PPr, CT_TcPr, CT_TblPr) gives these elements'
# children; Word refuses a file that mixes it up, LibreOffice does not notice.
SCHEMA_ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection "
    "tcFitText vAlign hideMark",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize "
    "tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption "
    "tblDescription",
}


def test_docx_properties_come_in_the_order_word_reads(built: Built) -> None:
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for docx in built.docx:
        with zipfile.ZipFile(docx) as archive:
            parts = [n for n in archive.namelist() if re.fullmatch(r"word/\w+\.xml", n)]
            for name in parts:
                root = etree.fromstring(archive.read(name))
                for tag, order in SCHEMA_ORDER.items():
                    known = order.split()
                    for node in root.iter(w + tag):
                        children = [etree.QName(c).localname for c in node]
                        ranks = [known.index(c) for c in children if c in known]
                        assert ranks == sorted(ranks), (docx.name, name, tag, children)


def test_every_page_of_minutes_in_word_is_marked_confidential(built: Built) -> None:
    minutes = [d for d in built.docx if "protokolle" in d.parts]
    assert minutes
    for docx in minutes:
        with pdfplumber.open(built.converted[docx]) as pdf:
            assert len(pdf.pages) > 1
            for number, page in enumerate(pdf.pages, start=1):
                assert "VERTRAULICH" in (page.extract_text() or ""), f"{docx.name} S. {number}"
