"""Every sample PDF read back as an archive, a screen reader and a printer see it.

PDF/A together with PDF/UA-1 (pikepdf, qpdf, pdffonts, the ``pdfua`` checker); the pages
themselves (pdfplumber): sizes, breaks and what every page carries.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pytest
from pdfua import Severity, validate

from kimdocs.base.errors import ProjectError
from kimdocs.build.run import build
from kimdocs.formats import PRINT_SHEET_MARK
from kimdocs.kinds.flyer import notes_pages
from kimdocs.project import load_project
from kimdocs.render.breaks import STYLE, address_breaks
from kimdocs.render.imposition import saddle_stitch, sheet_order
from kimdocs.render.pdf import render_pdf
from tests.conftest import REPO, SharedBuild, copy_sample_project
from tests.outputs import draft_warning, pdffonts, tool

AGREEMENT = "content/vereinbarungen/T-0001-sonderzeichen.md"


@pytest.fixture(scope="module")
def all_sample_pdfs(built_sample: SharedBuild) -> list[Path]:
    """Every PDF of the sample project, built on a day its cases are current."""
    results = built_sample.results
    assert all(r.ok for r in results), [p.format() for r in results for p in r.problems]
    others = [p for r in results for p in r.problems if not draft_warning(p)]
    assert not others, [p.format() for p in others]
    pdfs = sorted(built_sample.output.rglob("*.pdf"))
    assert len(pdfs) >= 13
    return pdfs


@pytest.fixture(scope="module")
def sample_pdfs(all_sample_pdfs: list[Path]) -> list[Path]:
    """The documents; A5 booklets' print sheets are files for the printer only."""
    return [p for p in all_sample_pdfs if not p.stem.endswith(PRINT_SHEET_MARK)]


def _xmp(pdf: pikepdf.Pdf) -> dict[str, str]:
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        return {k: str(meta.get(k)) for k in ("pdfaid:part", "pdfaid:conformance", "pdfuaid:part")}


def _structure(pdf: pikepdf.Pdf, role: str) -> list[pikepdf.Dictionary]:
    found, stack, seen = [], [pdf.Root.StructTreeRoot], set()
    while stack:
        node = stack.pop()
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        if node.get("/S") == role:
            found.append(node)
        kids = node.get("/K")
        items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        stack += [k for k in items if isinstance(k, pikepdf.Dictionary)]
    return found


def test_every_pdf_is_pdfa_2a_and_pdfua_1(sample_pdfs: list[Path]) -> None:
    for path in sample_pdfs:
        with pikepdf.open(path) as pdf:
            assert _xmp(pdf) == {
                "pdfaid:part": "2",
                "pdfaid:conformance": "A",
                "pdfuaid:part": "1",
            }, path.name
            # PDF/A admits the PDF/UA property only when an extension schema declares it.
            xmp = pdf.Root.Metadata.read_bytes().decode()
            assert "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in xmp
            intents = pdf.Root.OutputIntents
            assert len(intents) == 1 and intents[0].S == "/GTS_PDFA1", path.name
            profile = intents[0].DestOutputProfile.read_bytes()
            assert profile[36:40] == b"acsp" and profile[16:20] == b"RGB ", path.name
            assert pdf.Root.MarkInfo.Marked, path.name
            assert pdf.Root.ViewerPreferences.DisplayDocTitle, path.name


def test_every_table_header_cell_has_a_scope(sample_pdfs: list[Path]) -> None:
    scopes: set[str] = set()
    for path in sample_pdfs:
        with pikepdf.open(path) as pdf:
            for cell in _structure(pdf, "/TH"):
                scope = str(cell.A.get("/Scope"))
                assert scope in ("/Column", "/Row"), path.name
                scopes.add(scope)
    assert scopes == {"/Column", "/Row"}  # the samples have both kinds of header


@pytest.mark.slow
def test_scope_follows_the_header_cells_place() -> None:
    html = (
        '<html lang="de"><head><title>Tabelle</title></head><body><table>'
        "<thead><tr><th>Was</th><th>Wer</th><th>Bis</th></tr></thead><tbody>"
        '<tr><th scope="row">Kurs</th><td>Klient</td><td>Mai</td></tr>'
        '<tr><th scope="row">Antrag</th><td>Amt</td><td>Juni</td></tr>'
        "</tbody></table></body></html>"
    )
    here = Path(__file__).parent
    pdf_bytes = render_pdf(html, base_dir=here, root=here, source=here / "tabelle.md")
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        scopes = sorted(str(cell.A.Scope) for cell in _structure(pdf, "/TH"))
    assert scopes == ["/Column"] * 3 + ["/Row"] * 2


def test_pdfua_checker_finds_nothing(sample_pdfs: list[Path]) -> None:
    for path in sample_pdfs:
        report = validate(str(path))
        serious = [
            (f.rule_id, f.message)
            for f in report.findings
            if f.severity in (Severity.ERROR, Severity.WARNING)
        ]
        assert not serious, path.name


def test_qpdf_passes_and_every_font_is_embedded(sample_pdfs: list[Path]) -> None:
    for path in sample_pdfs:
        result = subprocess.run(
            [tool("qpdf"), "--check", str(path)], capture_output=True, text=True
        )
        assert result.returncode == 0, (path.name, result.stdout[-500:])
        fonts = pdffonts(path)
        assert fonts and all(f["emb"] == "yes" and "Type 3" not in f["type"] for f in fonts)


@pytest.mark.slow
def test_archive_variant_is_chosen_in_kimdocs_toml(basic: Path) -> None:
    config = basic / "kimdocs.toml"
    config.write_text('archiv = "PDF/A-3a"\n' + config.read_text(encoding="utf-8"), "utf-8")
    # The agreement alone (the basic project also holds its signed consent form).
    results = build(load_project(basic), [basic / AGREEMENT], formats=["pdf"])
    assert all(r.ok for r in results)
    (pdf_path,) = sorted((basic / "output").rglob("*.pdf"))
    with pikepdf.open(pdf_path) as pdf:
        assert _xmp(pdf) == {"pdfaid:part": "3", "pdfaid:conformance": "A", "pdfuaid:part": "1"}


def test_unknown_archive_variant_is_a_german_error(basic: Path) -> None:
    config = basic / "kimdocs.toml"
    config.write_text('archiv = "pdf/a-1b"\n' + config.read_text(encoding="utf-8"), "utf-8")
    with pytest.raises(ProjectError) as caught:
        load_project(basic)
    (problem,) = caught.value.problems
    assert problem.field == "archiv" and problem.line == 1
    assert "„pdf/a-1b“" in problem.message and "pdf/a-2a oder pdf/a-3a" in problem.message


def _flyers(sample_pdfs: list[Path]) -> list[Path]:
    flyers = [p for p in sample_pdfs if p.parent.name == "flyer"]
    assert len(flyers) >= 3
    return flyers


def test_every_character_of_every_flyer_page_is_at_least_14_pt(sample_pdfs: list[Path]) -> None:
    layouts = set()
    for path in _flyers(sample_pdfs):
        with pdfplumber.open(path) as pdf:
            first = pdf.pages[0]
            layouts.add((round(first.width), round(first.height)))
            for number, page in enumerate(pdf.pages, 1):
                small = "".join(c["text"] for c in page.chars if c["size"] < 14 - 0.01)
                assert not small, (path.name, number, small)
                assert page.chars, (path.name, number)
    # A4 sheet, DIN-lang fold (A4 landscape) and A5 booklet are all among the samples.
    assert layouts == {(595, 842), (842, 595), (420, 595)}


# E-mail and web addresses as written in the sample project's sources.
_ADDRESS = re.compile(r"https?://[^\s<>\"')\]]*[^\s<>\"'.,;:!?()\]]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _sample_addresses() -> list[str]:
    sources = [REPO / "kimdocs.toml", *sorted((REPO / "content").rglob("*.md"))]
    found = {a for s in sources for a in _ADDRESS.findall(s.read_text(encoding="utf-8"))}
    return sorted(found, key=len, reverse=True)


def _address_breaks(page: Any, addresses: list[str]) -> list[tuple[str, str]]:
    """Addresses split over two lines of the page: (end of the first line, rest)."""
    words = page.extract_words()
    found = []
    for address in addresses:
        for first in words:
            for k in range(1, len(address)):
                if not first["text"].endswith(address[:k]):
                    continue
                # The rest starts the next line of the same column.
                if any(
                    second["text"].rstrip(".,;:)") == address[k:]
                    and 0 < second["top"] - first["top"] < 3 * second["bottom"] - 3 * second["top"]
                    and second["x0"] <= first["x0"]
                    for second in words
                ):
                    found.append((address[:k], address[k:]))
    return found


def test_addresses_break_only_after_at_dot_slash_or_hyphen(sample_pdfs: list[Path]) -> None:
    addresses = _sample_addresses()
    assert len(addresses) >= 10
    seen = []
    for path in sample_pdfs:
        with pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                for head, rest in _address_breaks(page, addresses):
                    assert head[-1] in "@./-", (path.name, number, head, rest)
                    seen.append(head + rest)
    # Narrow columns (the folded flyer, table cells) do break addresses in the samples.
    assert len(seen) >= 3


def test_breaks_go_after_the_right_characters_in_text_only() -> None:
    html = (
        "<head><title>kim@kreis.example</title><style>a.b-c { }</style></head>"
        '<p><a href="mailto:kim@kreis.example">kim@kreis.example</a>, '
        "https://kim.kreis-warendorf.example/flyer/a5. Nicht: E-Mail, 02581 000-555.</p>"
    )
    out = address_breaks(html)
    assert out.startswith(
        f"<head><title>kim@kreis.example</title><style>a.b-c {{ }}</style>{STYLE}</head>"
        '<p><a href="mailto:kim@kreis.example">'
    )
    assert '<bdi class="net-address" dir="ltr">kim@<wbr>kreis.<wbr>example</bdi></a>' in out
    assert (
        '<bdi class="net-address" dir="ltr">https://<wbr>kim.<wbr>kreis-<wbr>warendorf.<wbr>example/<wbr>'
        "flyer/<wbr>a5</bdi>. Nicht: E-Mail, 02581 000-555.</p>"
    ) in out


@pytest.mark.slow
def test_a_long_address_in_a_narrow_column_breaks_only_at_its_break_points() -> None:
    address = "fallmanagement.integration-suedkreis@verwaltung.kreis.example"
    html = (
        '<html lang="de"><head><title>Schmal</title><style>'
        "@page { size: 50mm 120mm; margin: 4mm } p { overflow-wrap: break-word; font-size: 12pt }"
        f"</style></head><body><p>E-Mail: {address} oder https://kim.kreis.example/hilfe"
        "</p></body></html>"
    )
    here = Path(__file__).parent
    pdf_bytes = render_pdf(html, base_dir=here, root=here, source=here / "schmal.md")
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        lines = (pdf.pages[0].extract_text() or "").split("\n")
    joined = "".join(lines)
    start = joined.index(address)
    ends = [sum(map(len, lines[: n + 1])) for n in range(len(lines))]
    inside = [e for e in ends if start < e < start + len(address)]
    assert len(inside) >= 2  # the column is narrower than the address
    assert all(joined[e - 1] in "@./-" for e in inside), lines


def test_saddle_stitch_order() -> None:
    assert sheet_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert sheet_order(4) == [(4, 1), (2, 3)]
    assert [notes_pages(n) for n in range(1, 9)] == [3, 2, 1, 0, 3, 2, 1, 0]


def _words(text: str) -> list[str]:
    return text.split()


def test_a5_booklets_fold_and_have_a_print_sheet_in_page_order(
    all_sample_pdfs: list[Path],
) -> None:
    booklets = []
    for path in all_sample_pdfs:
        with pdfplumber.open(path) as pdf:
            if round(pdf.pages[0].width) == 420:
                booklets.append((path, [_words(p.extract_text() or "") for p in pdf.pages]))
    assert len(booklets) >= 2
    for path, pages in booklets:
        count = len(pages)
        assert count % 4 == 0, (path.name, count)
        # What fills them are notes pages at the end, fewer than a sheet's four.
        notes = len(pages) - len([p for p in pages if p[:1] != ["Notizen"]])
        assert notes < 4 and all(p[:1] == ["Notizen"] for p in pages[count - notes :])
        sheet = path.with_name(f"{path.stem}{PRINT_SHEET_MARK}.pdf")
        with pdfplumber.open(sheet) as pdf:
            assert len(pdf.pages) == count // 2  # front and back of count / 4 sheets
            placed = []
            for side in pdf.pages:
                assert (round(side.width), round(side.height)) == (842, 595)
                middle = side.width / 2
                halves = (
                    side.crop((0, 0, middle, side.height)),
                    side.crop((middle, 0, side.width, side.height)),
                )
                placed.append(tuple(_words(h.extract_text() or "") for h in halves))
        # Folded in the middle, sheet on sheet: 8|1, 2|7, 6|3, 4|5 for eight pages.
        expected = [(pages[left - 1], pages[right - 1]) for left, right in sheet_order(count)]
        assert placed == expected, path.name
        assert f"Seite 1 von {count}" in " ".join(placed[0][1])
        # The same booklet gives the same sheet, byte for byte.
        assert saddle_stitch(path.read_bytes(), "Heft") == saddle_stitch(path.read_bytes(), "Heft")


def test_every_page_of_the_minutes_says_vertraulich(sample_pdfs: list[Path]) -> None:
    minutes = [p for p in sample_pdfs if "protokolle" in p.parts]
    assert len(minutes) >= 2
    for path in minutes:
        with pdfplumber.open(path) as pdf:
            assert len(pdf.pages) >= 2
            for number, page in enumerate(pdf.pages, 1):
                # In the running header, above the text: 20 mm top margin.
                header = page.crop((0, 0, page.width, 20 / 25.4 * 72)).extract_text() or ""
                assert "Vertraulich" in header.split(), (path.name, number)


MM = 72 / 25.4


def _body_lines(page: Any) -> int:
    """Lines of text between running header and footer, lines side by side counting once."""
    body = page.crop((0, 14 * MM, page.width, page.height - 16 * MM))
    tops = sorted({round(c["top"]) for c in body.chars if c["text"].strip()})
    lines = [t for n, t in enumerate(tops) if n == 0 or t - tops[n - 1] > 3]
    return len(lines)


def test_no_sample_page_is_nearly_empty(sample_pdfs: list[Path]) -> None:
    # The fixture already fails on any warning, the near-empty page warning among them;
    # this reads the pages themselves.
    for path in sample_pdfs:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) < 2:
                continue
            for number, page in enumerate(pdf.pages, 1):
                if "Notizen" in (page.extract_text() or "").split("\n")[:4]:
                    continue
                assert _body_lines(page) >= 4, (path.name, number)


@pytest.mark.slow
def test_a_near_empty_page_is_warned_with_file_and_page(basic: Path) -> None:
    # A project template that puts one line on a page of its own.
    (basic / "templates").mkdir(exist_ok=True)
    (basic / "templates" / "agreement.html").write_text(
        '{% extends "default/agreement.html" %}\n{% block content %}{{ super() }}'
        '<p style="break-before: page">Ende der Vereinbarung.</p>{% endblock %}\n',
        encoding="utf-8",
    )
    results = build(load_project(basic), [basic / AGREEMENT], formats=["pdf"])
    (result,) = [r for r in results if r.outputs]
    assert result.ok  # a warning: the PDF is written
    (pdf_path,) = [p for p in result.outputs if p.suffix == ".pdf"]
    with pdfplumber.open(pdf_path) as pdf:
        pages = len(pdf.pages)
        assert _body_lines(pdf.pages[-1]) == 1
    warnings = [p for p in result.problems if "fast leere Seite" in p.message]
    assert len(warnings) == 1 and not warnings[0].is_error
    assert warnings[0].file == result.source
    assert f"Seite {pages} von {pages} des PDFs enthält nur 1 Zeile." in warnings[0].message


@pytest.mark.slow
def test_pages_meant_to_be_blank_and_single_pages_are_not_warned() -> None:
    here = Path(__file__).parent
    head = '<html lang="de"><head><title>Seiten</title></head><body>'
    page_of_text = "<p>" + "Eine Zeile Text. " * 400 + "</p>"
    cases = {
        head + "<p>Nur eine Zeile.</p></body></html>": 0,
        head + page_of_text + '<p style="break-before: page">Rest.</p></body></html>': 1,
        head
        + page_of_text
        + '<section id="notizen-1" style="break-before: page"><h2>Notizen</h2></section>'
        + "</body></html>": 0,
    }
    for html, expected in cases.items():
        warnings: list[Any] = []
        render_pdf(html, base_dir=here, root=here, source=here / "seiten.md", warnings=warnings)
        assert len(warnings) == expected, html[-80:]


@pytest.mark.slow
def test_print_sheet_goes_when_the_flyer_is_no_longer_a_booklet(tmp_path: Path) -> None:
    root = copy_sample_project(tmp_path / "p")
    source = root / "content" / "flyer" / "niederlassungserlaubnis.md"
    sheet = root / "output" / "flyer" / f"niederlassungserlaubnis{PRINT_SHEET_MARK}.pdf"
    project = load_project(root)
    assert all(r.ok for r in build(project, [source], formats=["pdf"]))
    assert sheet.is_file()
    text = source.read_text(encoding="utf-8")
    assert "layout: a5-heft" in text
    source.write_text(text.replace("layout: a5-heft", "layout: a4"), encoding="utf-8")
    assert all(r.ok for r in build(project, [source], formats=["pdf"]))
    assert not sheet.exists()
    assert (root / "output" / "flyer" / "niederlassungserlaubnis.pdf").is_file()
