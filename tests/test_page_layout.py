"""Every page of every sample PDF as its reader turns it: no page but the last left more than
half empty, no explanation box after the first use of its word, no sentence across a page
break, no time, phone number or amount broken over two lines.

The sample project is built once; the pages are read back with pdfplumber
(``tests/page_checks.py``). A5 print sheets are files for the printer: their pages are the
booklet's, imposed two to a sheet, and are read as the booklet.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pdfplumber
import pytest

from kimdocs.build.run import build
from kimdocs.formats import PRINT_SHEET_MARK
from kimdocs.project import load_project
from kimdocs.text.easy_text import easy_html, easy_pieces
from tests.conftest import SAMPLE_DAY, copy_sample_project
from tests.outputs import draft_warning
from tests.page_checks import (
    box_word,
    broken_values,
    late_boxes,
    read_pages,
    sparse_pages,
    split_sentences,
)


@pytest.fixture(scope="module")
def sample_pdfs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = copy_sample_project(tmp_path_factory.mktemp("pages") / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kimdocs.base.dates.today", lambda: SAMPLE_DAY)
        results = build(load_project(root))
    problems = [p for r in results for p in r.problems if not draft_warning(p)]
    assert all(r.ok for r in results) and not problems, [p.format() for p in problems]
    pdfs = sorted(
        p for p in (root / "output").rglob("*.pdf") if not p.stem.endswith(PRINT_SHEET_MARK)
    )
    assert len(pdfs) >= 20
    return pdfs


def _name(path: Path) -> str:
    return "/".join(path.parts[-2:])


@pytest.mark.xfail(
    strict=True,
    reason="Issue 31, offen: die Folien des Ausschussberichts (S. 2, 7–9) und der Bericht "
    "(S. 4) lassen Seiten mehr als halb leer.",
)
def test_no_page_but_the_last_is_more_than_half_empty(sample_pdfs: list[Path]) -> None:
    found = {_name(p): s for p in sample_pdfs if (s := sparse_pages(read_pages(p)))}
    assert not found, found


@pytest.mark.xfail(
    strict=True,
    reason="Issue 31, offen: im Arbeitsblatt KIM-AH-2026-0042 (S. 7/8) und in der "
    "Pressemitteilung zum Jahresbericht (S. 1/2) läuft ein Satz über den Seitenumbruch.",
)
def test_no_sentence_runs_across_a_page_break(sample_pdfs: list[Path]) -> None:
    found = {_name(p): s for p in sample_pdfs if (s := split_sentences(read_pages(p)))}
    assert not found, found


def test_no_time_phone_number_or_amount_is_broken(sample_pdfs: list[Path]) -> None:
    found = {_name(p): s for p in sample_pdfs if (s := broken_values(read_pages(p)))}
    assert not found, found


def _titles(pdf: Path) -> tuple[str, ...]:
    """Title and subtitle of a flyer, as its web page (beside the PDF) shows them."""
    page = pdf.with_suffix(".html").read_text(encoding="utf-8")
    found = re.findall(r'<h1>(.*?)</h1>|<p class="subtitle">(.*?)</p>', page, re.S)
    return tuple(html.unescape(re.sub(r"<[^>]+>", "", a or b)) for a, b in found)


def test_every_explanation_box_stands_on_the_page_of_its_words_first_use(
    sample_pdfs: list[Path],
) -> None:
    flyers = [p for p in sample_pdfs if "flyer" in p.parts]
    boxes = 0
    found = {}
    for pdf in flyers:
        pages = read_pages(pdf)
        boxes += sum(len(page.boxes) for page in pages)
        if late := late_boxes(pages, _titles(pdf)):
            found[_name(pdf)] = late
    assert not found, found
    assert boxes >= 15  # the flyers with erklärungen: am_rand, German and translated


def _labels(pdf: Path) -> list[str]:
    """The review labels a flyer shows (its web page's cover): by readers and by law."""
    page = pdf.with_suffix(".html").read_text(encoding="utf-8")
    found = re.search(r'<p class="review-label">(.*?)</p>', page, re.S)
    assert found, pdf.name
    return [html.unescape(t) for t in re.findall(r"<strong>(.*?)</strong>", found.group(1))]


@pytest.mark.xfail(
    strict=True,
    reason="Issue 31, offen: S. 1 des arabischen Flyers zur Einbürgerung trägt die beiden "
    "Entwurfs-Hinweise nicht so, wie der Text sie aus dem PDF liest.",
)
def test_every_flyer_page_carries_its_review_labels(sample_pdfs: list[Path]) -> None:
    flyers = [p for p in sample_pdfs if "flyer" in p.parts]
    for pdf in flyers:
        labels = _labels(pdf)
        assert len(labels) == 2, labels
        with pdfplumber.open(pdf) as doc:
            for number, page in enumerate(doc.pages, 1):
                text = " ".join((page.extract_text() or "").split())
                assert all(label in text for label in labels), (pdf.name, number, labels)


def test_box_words_are_read_in_both_directions() -> None:
    assert box_word("Sprach·niveau B1") == "Sprach·niveau B1"
    assert box_word("Aufenthalts·erlaubnis – إقامة") == "Aufenthalts·erlaubnis"


@pytest.mark.parametrize(
    "text",
    [
        "Sie sind jung.\nSie haben eine Duldung.\n\n- Eins. Zwei.\n- Drei.\n\n## Titel\n\nEnde.",
        "**Fett. Weiter.** Danach.\n\n1. Erstens.\n\n   Zweiter Absatz.\n2. Zweitens.",
        "",
    ],
)
def test_the_pieces_of_a_text_are_the_text(text: str) -> None:
    pieces = easy_pieces(text)
    assert "".join(p.html for p in pieces) == str(easy_html(text))
    assert pieces[0].html == "" and pieces[0].source == ""
    # Every sentence is a piece's words, in order.
    words = " ".join(p.source for p in pieces if p.source)
    assert re.sub(r"\W+", "", words) == re.sub(r"\W+", "", re.sub(r"#+|[-*]|\d\.", "", text))
