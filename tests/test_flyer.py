"""Flyers in Leichter Sprache: typography in the PDF, glossary, pictures, accessibility."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pytest
from click.testing import Result

from kimdocs.build import build
from kimdocs.project import load_project
from tests.conftest import REPO, copy_sample_project
from tests.outputs import pdf_catalog, pdffonts, pdfinfo

FLYERS = sorted((REPO / "content" / "flyer").glob("*.md"))
MARGIN = 60  # points: page header and footer lie outside


@pytest.fixture(scope="module")
def flyer_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample_project(tmp_path_factory.mktemp("flyer") / "p")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kimdocs.kinds.flyer.today", lambda: dt.date(2026, 1, 1))
        results = build(load_project(root), [root / "content" / "flyer"])
    assert all(r.ok and not r.problems for r in results), [
        p.format() for r in results for p in r.problems
    ]
    return root / "output" / "flyer"


def _body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[2]


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
        for page in pdf.pages:
            body = [c for c in page.chars if MARGIN < c["top"] < page.height - MARGIN]
            small = {c["text"] for c in body if c["size"] < 13.95}
            assert not small, f"Zeichen unter 14 pt: {small}"
            assert not any("Italic" in c["fontname"] or "Oblique" in c["fontname"] for c in body)
            cropped = page.crop((0, MARGIN, page.width, page.height - MARGIN))
            text_lines += (cropped.extract_text() or "").splitlines()
    source_text = source.read_text(encoding="utf-8")
    for line in text_lines:
        if line.endswith("-"):  # a hyphen at a line end must be the author's own
            assert line.split()[-1] in source_text, line
    starts = [" ".join(line.split()[:2]) for line in text_lines]
    sentences = [s.strip() for s in re.findall(r"^(?!#|-|\|)(.+)$", _body(source), re.M)]
    for sentence in sentences:
        first = " ".join(sentence.replace("**", "").split()[:2])
        assert any(start.startswith(first) for start in starts), sentence


def test_glossary_words_are_explained(flyer_output: Path) -> None:
    html = (flyer_output / "einbuergerung.html").read_text(encoding="utf-8")
    box = html.split("Wörter-Buch", 1)[1]
    assert "Sie bekommen den deutschen Pass." in box  # Einbürgerung
    assert "Sie müssen 17 Fragen richtig beantworten." in box  # Einbürgerungs·test
    assert "Geld für das Amt." in box  # Gebühr
    assert "Kinder·geld" not in box  # only words the flyer uses
    assert '<html lang="de">' in html and "<address>" in html


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


def test_new_flyer_skeleton_builds(basic: Path, cli: Callable[..., Result]) -> None:
    assert cli(basic, "new", "flyer", "test").exit_code == 0
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
