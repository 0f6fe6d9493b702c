"""Flyers in Leichter Sprache: typography in the PDF, glossary, pictures, accessibility."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pytest
from click.testing import Result

from kimdocs.build.run import build
from kimdocs.kinds import fold, load_document
from kimdocs.project import load_project
from tests.conftest import REPO, SharedBuild, copy_sample_project
from tests.outputs import draft_warning, pdf_catalog, pdffonts, pdfinfo
from tests.skeletons import fill

FLYERS = sorted((REPO / "content" / "flyer").glob("*.md"))
TOP, BOTTOM = 30, 60  # points: the running header (review labels) and the footer
MM = 72 / 25.4
# Panel edges of the DIN-lang roll fold in mm: outside [flap][back][cover], inside [1][2][3].
FOLD_EDGES = [(0, 97, 197, 297), (0, 100, 200, 297)]


@pytest.fixture(scope="module")
def flyer_output(built_flyers: SharedBuild) -> Path:
    results = built_flyers.results  # built on 1 January 2026 (conftest.FLYER_DAY)
    # The samples are fictional and unreviewed: their only warnings say they are drafts.
    others = [p for r in results for p in r.problems if not draft_warning(p)]
    assert all(r.ok for r in results) and not others, [p.format() for p in others]
    return built_flyers.output / "flyer"


def _body(path: Path) -> str:
    """The body as it is rendered: with text blocks and facts in place."""
    return load_document(path, load_project(REPO)).source.body


def _text_areas(pdf: Any) -> list[Any]:
    """Where body text may be: each panel of a folded flyer, else the page without margins."""
    areas = []
    for number, page in enumerate(pdf.pages):
        if page.width > page.height:
            edges = FOLD_EDGES[number]
            areas += [
                page.crop((a * MM, 0, b * MM, page.height)) for a, b in itertools.pairwise(edges)
            ]
        else:
            areas.append(page.crop((0, TOP, page.width, page.height - BOTTOM)))
    return areas


def _struct_elements(pdf: Any) -> list[Any]:
    found, todo = [], [pdf.Root.StructTreeRoot]
    while todo:
        node = todo.pop()
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            todo += [k for k in kids if isinstance(k, pikepdf.Dictionary)]
        elif isinstance(kids, pikepdf.Dictionary):
            todo.append(kids)
        if "/S" in node:
            found.append(node)
    return found


@pytest.mark.parametrize("source", FLYERS, ids=lambda p: p.stem)
def test_pdf_is_accessible(flyer_output: Path, source: Path) -> None:
    pdf_path = flyer_output / f"{source.stem}.pdf"
    assert pdfinfo(pdf_path)["Tagged"] == "yes"
    assert all(f["emb"] == "yes" and "Type 3" not in f["type"] for f in pdffonts(pdf_path))
    catalog = pdf_catalog(pdf_path)
    assert catalog["lang"] == "de" and catalog["display_title"]
    with pikepdf.open(pdf_path) as pdf:
        elements = _struct_elements(pdf)
        figures = [e for e in elements if e.S == "/Figure"]
        assert figures and all(str(f.get("/Alt", "")).strip() for f in figures)
        levels = [
            int(str(e.S)[2]) for e in reversed(elements) if re.fullmatch(r"/H[1-6]", str(e.S))
        ]
    assert levels and levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels


@pytest.mark.parametrize("source", FLYERS, ids=lambda p: p.stem)
def test_print_typography(flyer_output: Path, source: Path) -> None:
    text_lines: list[str] = []
    with pdfplumber.open(flyer_output / f"{source.stem}.pdf") as pdf:
        for area in _text_areas(pdf):
            body = area.chars
            small = {c["text"] for c in body if c["size"] < 13.95}
            assert not small, f"Zeichen unter 14 pt: {small}"
            assert not any("Italic" in c["fontname"] or "Oblique" in c["fontname"] for c in body)
            text_lines += (area.extract_text() or "").splitlines()
    source_text = _body(source)
    for line in text_lines:
        if line.endswith("-"):  # a hyphen at a line end must be the author's own
            assert line.split()[-1] in source_text, line
    starts = [" ".join(line.split()[:2]) for line in text_lines]
    sentences = [s.strip() for s in re.findall(r"^(?!#|-|\|)(.+)$", _body(source), re.M)]
    for sentence in sentences:
        first = " ".join(sentence.replace("**", "").split()[:2])
        assert any(start.startswith(first) for start in starts), sentence


@pytest.mark.slow
def test_printed_lines_keep_abbreviations_and_dates_together(tmp_path: Path) -> None:
    root = copy_sample_project(tmp_path / "p")
    path = root / "content" / "flyer" / "einbuergerung.md"
    added = [
        "Der Termin ist am 1. Februar 2026.",
        "Bringen Sie z. B. den Pass mit.",
        "Das steht in Art. 3.",
        "Das gilt ab dem 27. Juni 2024.",
    ]
    colon = "Das schwere Wort dafür ist: Einbürgerung."  # one sentence: written on one line
    text = path.read_text(encoding="utf-8")
    extra = f"{colon}\n{added[0]} {added[1]}\n{added[2]} {added[3]}\n"
    path.write_text(text.replace(f"{colon}\n", extra), encoding="utf-8")
    [result] = build(load_project(root), [path], formats=["pdf"])
    assert result.ok, [p.format() for p in result.problems]
    with pdfplumber.open(root / "output" / "flyer" / "einbuergerung.pdf") as pdf:
        lines = (pdf.pages[0].extract_text() or "").splitlines()
    start = lines.index(colon)
    assert lines[start : start + 5] == [colon, *added]


def _notes_page(page: Any) -> bool:
    """A page of notes: its heading under the running header with the review labels."""
    return "Notizen" in (page.extract_text() or "").split("\n")[:4]


def _filled(page: Any) -> float:
    """How far down the page's text area the text reaches (0 to 1); the footer is not text."""
    bottom_margin = 24 * MM
    words = [w for w in page.extract_words() if w["top"] < page.height - bottom_margin]
    return max((w["bottom"] for w in words), default=0) / (page.height - bottom_margin)


@pytest.mark.parametrize("source", FLYERS, ids=lambda p: p.stem)
def test_no_page_is_left_half_empty(flyer_output: Path, source: Path) -> None:
    # A page that stops half way while the text goes on looks like a printing error. Only
    # a piece that must stay whole (an address, the sources) may leave some room before it.
    with pdfplumber.open(flyer_output / f"{source.stem}.pdf") as pdf:
        if pdf.pages[0].width > pdf.pages[0].height:
            pytest.skip("Faltblatt: Die Teile stehen in festen Spalten.")
        text_pages = [p for p in pdf.pages if not _notes_page(p)]
        filled = [_filled(p) for p in text_pages[:-1]]
    assert all(f >= 0.45 for f in filled), [f"{f:.0%}" for f in filled]


def test_glossary_words_are_explained(flyer_output: Path) -> None:
    html = (flyer_output / "einbuergerung.html").read_text(encoding="utf-8")
    # erklärungen: am_rand – each explanation in a box beside its word's first use
    box = "".join(html.split('<aside class="explain')[1:])
    assert "Sie müssen 17 Fragen richtig beantworten." in box  # Einbürgerungs·test
    assert "Sie sich im Alltag gut unterhalten." in box  # Sprach·niveau B1
    assert "Kinder·geld" not in box  # only words the flyer uses
    # „Das schwere Wort dafür ist: …“ – the text explains the word: a box would repeat it
    assert "Das schwere Wort dafür ist: Einbürgerung." in html
    assert "Sie bekommen den deutschen Pass." not in html
    assert "Das schwere Wort dafür ist: Gebühr." in html and "Geld für das Amt." not in html
    assert '<html lang="de">' in html and "<address>" in html


def test_no_box_repeats_what_the_text_explains(flyer_output: Path) -> None:
    pdf = flyer_output / "niederlassungserlaubnis.pdf"
    with pdfplumber.open(pdf) as doc:
        text = "\n".join(page.extract_text() or "" for page in doc.pages)
    assert "Die Niederlassungs·erlaubnis ist eine Erlaubnis vom Amt." in text.replace("\n", " ")
    # The Wörter-Buch's explanation of the word shows neither as a box nor at the end.
    assert "Die Karte dafür bekommen Sie alle paar Jahre neu." not in text
    assert "Wörter-Buch" not in text
    # Words the text does not explain keep their box.
    assert "Sie zahlen jeden Monat Geld ein." in text.replace("\n", " ")  # Renten·versicherung


def test_missing_alt_text_fails_with_file_and_line(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    root = copy_sample_project(tmp_path / "p")
    path = root / "content" / "flyer" / "einbuergerung.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(n for n, ln in enumerate(lines) if ln.strip().startswith("alt:"))
    del lines[index]
    path.write_text("\n".join(lines), encoding="utf-8")
    result = cli(root, "build", str(path))
    assert result.exit_code == 1
    assert re.search(
        rf"einbuergerung.md:{index}: Fehler: Feld „bilder\[1\]\.alt“: "
        "Pflichtfeld fehlt",
        result.output,
    ), result.output


def test_markdown_picture_without_alt_text_is_an_error(
    basic: Path, write_agreement: Callable[..., Path], cli: Callable[..., Result]
) -> None:
    path = write_agreement("ohne-alt", {"Text.": "![](bild.png)"})
    result = cli(basic, "check", str(path))
    assert result.exit_code == 1
    assert "hat keinen Alternativtext" in result.output


def test_review_date_passed_is_a_warning(tmp_path: Path, cli: Callable[..., Result]) -> None:
    root = copy_sample_project(tmp_path / "p")
    path = root / "content" / "flyer" / "einbuergerung.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"prüfen_bis: \S+", "prüfen_bis: 2020-01-01", text), encoding="utf-8")
    result = cli(root, "check", str(path))
    assert result.exit_code == 0
    assert "Warnung: Feld „prüfen_bis“: Der Flyer sollte bis 01.01.2020 geprüft werden" in (
        result.output
    )


@pytest.mark.slow
def test_new_flyer_skeleton_builds(basic: Path, cli: Callable[..., Result]) -> None:
    assert cli(basic, "new", "flyer", "test").exit_code == 0
    refused = cli(basic, "build", "content/flyer/test.md")
    assert refused.exit_code == 1 and "Platzhalter ersetzen" in refused.output
    fill(basic / "content" / "flyer" / "test.md")
    result = cli(basic, "build", "content/flyer/test.md")
    assert result.exit_code == 0, result.output
    assert (basic / "output" / "flyer" / "test.pdf").is_file()


def test_a5_booklet_has_a_cover_and_numbered_a5_pages(flyer_output: Path) -> None:
    with pdfplumber.open(flyer_output / "bleiberecht-junge-menschen.pdf") as pdf:
        sizes = {(round(p.width), round(p.height)) for p in pdf.pages}
        assert sizes == {(420, 595)}  # A5 portrait, in points
        cover = " ".join(pdf.pages[0].extract_text().split())
        assert "Bleiben dürfen für junge Menschen" in cover and "Für wen ist das?" not in cover
        assert "Für wen ist das?" in pdf.pages[1].extract_text()
        total = len(pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            assert f"Seite {number} von {total}" in page.extract_text()


def test_a4_sheet_is_a4(flyer_output: Path) -> None:
    with pdfplumber.open(flyer_output / "einbuergerung.pdf") as pdf:
        assert {(round(p.width), round(p.height)) for p in pdf.pages} == {(595, 842)}


DIN_LANG = "bleiberecht-gute-integration"


def test_din_lang_is_two_a4_landscape_pages_with_panels_in_fold_order(
    flyer_output: Path,
) -> None:
    source = REPO / "content" / "flyer" / f"{DIN_LANG}.md"
    headings = re.findall(r"^## (.+)$", _body(source), re.M)
    with pdfplumber.open(flyer_output / f"{DIN_LANG}.pdf") as pdf:
        assert [(round(p.width), round(p.height)) for p in pdf.pages] == [(842, 595)] * 2
        outside, inside = (
            [page.crop((a * MM, 0, b * MM, page.height)) for a, b in itertools.pairwise(edges)]
            for page, edges in zip(pdf.pages, FOLD_EDGES, strict=True)
        )
        flap, back, cover = ((p.extract_text() or "") for p in outside)
        columns = [p.extract_text() or "" for p in inside]
        assert "Bleiben dürfen bei guter Integration" in " ".join(cover.split())
        assert "Hier bekommen Sie Hilfe" in back and "Über diesen Flyer" in back
        assert "Hier bekommen Sie Hilfe" not in flap + cover + "".join(columns)
        # Reading order: the inside flap, then the three inside columns, left to right.
        text = " ".join(" ".join([flap, *columns]).split()).replace("- ", "-")
        positions = [text.find(h) for h in headings]
        assert -1 not in positions and positions == sorted(positions), headings
        assert "Ein Papier vom Amt." in flap + "".join(columns)  # the explanation boxes
        # The flap folds in, so it is 3 mm narrower: outside, the back panel starts at
        # 97 mm and the cover at 197 mm (plus 8 mm padding); inside, the columns are 100 mm.
        assert abs(min(c["x0"] for c in outside[1].chars) / MM - 105) < 0.5
        assert abs(min(c["x0"] for c in outside[2].chars) / MM - 205) < 0.5
        assert max(c["x1"] for c in inside[1].chars) / MM <= 192
        assert min(c["x0"] for c in inside[2].chars) / MM >= 208 - 0.01  # exactly the padding


def test_din_lang_html_is_in_reading_order(flyer_output: Path) -> None:
    html = (flyer_output / f"{DIN_LANG}.html").read_text(encoding="utf-8")
    order = ["<h1>", "Für wen ist das?", 'class="explain"', "Hier bekommen Sie Hilfe"]
    positions = [html.find(mark) for mark in order]
    assert -1 not in positions and positions == sorted(positions)


@pytest.mark.slow
def test_din_lang_refuses_text_that_does_not_fit(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    root = copy_sample_project(tmp_path / "p")
    path = root / "content" / "flyer" / f"{DIN_LANG}.md"
    pdf = root / "output" / "flyer" / f"{DIN_LANG}.pdf"
    assert cli(root, "build", str(path)).exit_code == 0
    good = pdf.read_bytes()
    text = path.read_text(encoding="utf-8")
    layout_line = text.split("\n").index("layout: din-lang") + 1
    more = "".join(
        f"\n## Noch ein Teil {n}\n\n" + "Sie lesen hier noch einen Satz.\n" * 8 for n in range(8)
    )
    path.write_text(text + more, encoding="utf-8")
    result = cli(root, "build", str(path))
    assert result.exit_code == 1
    assert re.search(
        rf"{DIN_LANG}.md:{layout_line}: Fehler: Feld „layout“: Der Text passt nicht in das "
        r"Faltblatt \(DIN lang\): Er braucht \d+ Spalten, das Faltblatt hat 4\. "
        r"Ab „Noch ein Teil \d“ ist kein Platz mehr\.",
        " ".join(result.output.split()),
    ), result.output
    assert pdf.read_bytes() == good  # the last good flyer stays


@pytest.mark.slow
def test_din_lang_refuses_a_part_longer_than_a_column(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    root = copy_sample_project(tmp_path / "p")
    path = root / "content" / "flyer" / f"{DIN_LANG}.md"
    long_part = "\n## Ein langer Teil\n\n" + "Sie lesen hier noch einen Satz.\n" * 40
    path.write_text(path.read_text(encoding="utf-8") + long_part, encoding="utf-8")
    result = cli(root, "build", str(path))
    assert result.exit_code == 1
    assert "Der Teil „Ein langer Teil“ ist länger als eine Spalte des Faltblatts" in (
        " ".join(result.output.split())
    )


def test_fold_plan_fills_panels_in_reading_order_and_refuses_overflow() -> None:
    part = fold.PART.format
    pages = [{fold.COVER}, {part(0)}, {part(1), part(2)}, set(), {part(3)}, {fold.BACK}]
    names = ["Einleitung", "A", "B", "C"]
    assert fold.plan(pages, names) == fold.FoldPlan(flap=[0], inside=[[1, 2], [], [3]])
    with pytest.raises(fold.FoldError, match="Vorderseite"):
        fold.plan([{fold.COVER}, {fold.COVER}, {fold.BACK}], [])
    with pytest.raises(fold.FoldError, match="nicht auf die Rückseite"):
        fold.plan([{fold.COVER}, {part(0)}, {fold.BACK}, {fold.BACK}], ["A"])
    with pytest.raises(fold.FoldError, match="braucht 5 Spalten"):
        fold.plan([{fold.COVER}, *({part(n)} for n in range(5)), {fold.BACK}], [*"ABCDE"])
