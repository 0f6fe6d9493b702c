"""The signing area of an agreement and the approval of minutes, as the signers see them."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
from docx import Document

from kimdocs.base.errors import Severity
from kimdocs.build.run import build
from kimdocs.kinds import load_document
from kimdocs.project import Project, load_project

MM = 72 / 25.4
INTERPRETED = {
    "  name: Test Person (fiktiv)\n": (
        "  name: Test Person (fiktiv)\n  dolmetschung: ja\n  dolmetschsprache: Dari\n"
        "  dolmetschung_durch: Dana Dolmetschbeispiel (fiktiv)\n"
    )
}


def test_interpreting_without_language_or_name_is_a_warning_on_its_line(
    write_agreement: Callable[..., Path], basic_project: Project
) -> None:
    path = write_agreement(
        "dolm",
        {"  name: Test Person (fiktiv)\n": "  name: Test Person (fiktiv)\n  dolmetschung: ja\n"},
    )
    doc = load_document(path, basic_project)
    found = [p for p in doc.kind.check(doc, basic_project) if p.field == "klient.dolmetschung"]
    assert len(found) == 2
    assert all(p.severity is Severity.WARNING and p.line == 9 for p in found)
    assert "„dolmetschsprache“" in found[0].message
    assert "„dolmetschung_durch“" in found[1].message


def test_interpreter_named_without_interpreting_is_a_warning(
    write_agreement: Callable[..., Path], basic_project: Project
) -> None:
    path = write_agreement(
        "dolm",
        {
            "  name: Test Person (fiktiv)\n": (
                "  name: Test Person (fiktiv)\n  dolmetschsprache: Dari\n"
            )
        },
    )
    doc = load_document(path, basic_project)
    [problem] = [
        p for p in doc.kind.check(doc, basic_project) if p.field == "klient.dolmetschsprache"
    ]
    assert "„dolmetschung“ steht auf „nein“" in problem.message
    assert problem.line == 9


@pytest.fixture
def signed(write_agreement: Callable[..., Path], basic: Path) -> tuple[Path, Path]:
    write_agreement("sign", INTERPRETED)
    results = build(load_project(basic), formats=["pdf", "docx"])
    assert all(r.ok for r in results)
    out = basic / "output" / "vereinbarungen"
    return out / "sign.pdf", out / "sign.docx"


def _signing_words(pdf_path: Path) -> tuple[str, list[dict[str, float | str]]]:
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[-1]
        text = page.extract_text() or ""
        captions = [w for w in page.extract_words() if w["text"] == "Datum"]
    return text[text.index("Unterschriften") :], captions


def test_pdf_signing_area_has_what_the_signing_moment_needs(signed: tuple[Path, Path]) -> None:
    text, captions = _signing_words(signed[0])
    flat = " ".join(text.split())
    assert (
        "Diese Vereinbarung wurde durch Dana Dolmetschbeispiel (fiktiv) mündlich in die "
        "Sprache Dari gedolmetscht." in flat
    )
    # client, case manager, interpreter, and the copy receipt: place and date each
    assert flat.count("Ort, Datum") == 4
    assert "Eine Kopie dieser Vereinbarung habe ich erhalten." in flat
    # the client is named once, without the role glued on in brackets
    assert flat.count("Test Person (fiktiv)") == 1
    assert "(fiktiv) (Klientin / Klient)" not in flat
    # room to sign: 20 mm above each line, so the lines stand more than 22 mm apart
    tops = sorted(float(w["top"]) for w in captions)
    assert all(b - a >= 22 * MM for a, b in itertools.pairwise(tops))


def test_docx_signing_area_says_the_same(signed: tuple[Path, Path]) -> None:
    doc = Document(str(signed[1]))
    texts = [p.text for p in doc.paragraphs]
    texts += [
        p.text
        for t in doc.tables
        for c in t._cells
        for p in c.paragraphs  # signing tables
    ]
    flat = " ".join(" ".join(texts).split())
    assert "durch Dana Dolmetschbeispiel (fiktiv) mündlich in die Sprache Dari gedolmetscht" in flat
    assert "Eine Kopie dieser Vereinbarung habe ich erhalten." in flat
    assert flat.count("Ort, Datum") == 4
    assert "(fiktiv) (Klientin / Klient)" not in flat
