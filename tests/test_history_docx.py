"""The agreement's DOCX carries a re-assessment's history as its PDF does (issues #15, #19)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from kimdocs.build.run import build
from kimdocs.project import load_project
from tests.controlling_fixture import AGREEMENTS, _front, agreement_meta, write_project
from tests.test_docx_parity import docx_lines, pdf_lines, squash, without_list_markers

pytestmark = pytest.mark.slow  # every test here reads PDFs built for it

HEADING = "Verlauf seit der ersten Fassung"
NEXT = "Ziele und Schritte"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture's case T-N1 in three versions; the third moves a deadline, rewords a goal."""
    root = write_project(tmp_path_factory.mktemp("history") / "kreis")
    third = agreement_meta(AGREEMENTS[1]) | {
        "datum": "2026-07-10",
        "version": 3,
        "phase": "Re-Assessment",
        "überprüfung": "2026-10-10",
    }
    third["ziele"][0]["frist"] = "2027-03-31"
    third["ziele"][0]["zielerreichung"] = 80
    third["ziele"][1]["ziel"] = "Eine eigene Wohnung ist gefunden"
    folder = root / "content" / "vereinbarungen"
    (folder / "T-N1-v3.md").write_text(_front(third, "## Ausgangslage\n\nText.\n"), "utf-8")
    sources = [folder / f"{stem}.md" for stem in ("T-N1", "T-N1-v2", "T-N1-v3")]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kimdocs.base.dates.today", lambda: dt.date(2026, 3, 16))
        results = build(load_project(root), sources, formats=["pdf", "docx"], jobs=1)
    assert all(r.ok for r in results), [p.format() for r in results for p in r.problems]
    return root / "output" / "vereinbarungen"


def _section(lines: list[str]) -> list[str]:
    """From the history's heading to the goals' heading: what the history shows."""
    start = lines.index(HEADING)
    return without_list_markers(lines[start : lines.index(NEXT, start)])


def _history_table(path: Path) -> Any:
    doc = Document(str(path))
    [table] = [t for t in doc.tables if t.rows[0].cells[0].text == "Ziel"]
    return table


def _rows(table: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_reassessment_docx_shows_achievement_table_and_changes(outputs: Path) -> None:
    docx = outputs / "T-N1-v2.docx"
    assert _rows(_history_table(docx)) == [
        ["Ziel", "Version 1\n10.01.2026", "Version 2\n10.04.2026"],
        ["Ziel im Handlungsfeld Sprache", "–", "100 %"],
        ["Ziel im Handlungsfeld Wohnen", "–", "0 %"],
    ]
    section = _section(docx_lines(docx))
    assert section[1] == "Zielerreichung bei den Überprüfungen (in Prozent)"
    assert section[-2:] == [
        "Geändert gegenüber Version 1",
        "Neues Ziel: „Ziel im Handlungsfeld Wohnen“ (Wohnen).",
    ]
    change = next(p for p in Document(str(docx)).paragraphs if p.text.startswith("Neues Ziel"))
    assert change.style is not None and change.style.name == "List Bullet"


@pytest.mark.parametrize("stem", ["T-N1-v2", "T-N1-v3"])
def test_history_in_docx_has_the_pdfs_words_in_the_same_order(outputs: Path, stem: str) -> None:
    ours = _section(docx_lines(outputs / f"{stem}.docx"))
    pdf = [line for page in pdf_lines(outputs / f"{stem}.pdf") for line in page]
    theirs = _section(pdf)
    assert squash(ours) == squash(theirs)
    # The whole document too: the history adds nothing the PDF lacks, and leaves nothing out.
    whole = without_list_markers(docx_lines(outputs / f"{stem}.docx"))
    assert squash(whole) == squash(without_list_markers(pdf))


def test_third_version_has_a_column_per_version_and_names_the_changes(outputs: Path) -> None:
    docx = outputs / "T-N1-v3.docx"
    table = _history_table(docx)
    assert _rows(table) == [
        ["Ziel", "Version 1\n10.01.2026", "Version 2\n10.04.2026", "Version 3\n10.07.2026"],
        ["Ziel im Handlungsfeld Sprache", "–", "100 %", "80 %"],
        ["Eine eigene Wohnung ist gefunden", "–", "–", "0 %"],
    ]
    # LibreOffice lays a table out by its grid: one column per cell, the versions equal.
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(grid) == 4
    assert len(set(grid[1:])) == 1 and grid[0] > grid[1]
    section = _section(docx_lines(docx))
    assert section[-3:] == [
        "Geändert gegenüber Version 2",
        "Ziel umformuliert: „Ziel im Handlungsfeld Wohnen“ heißt jetzt "
        "„Eine eigene Wohnung ist gefunden“.",
        "Frist verschoben: „Ziel im Handlungsfeld Sprache“ von 31.12.2026 auf 31.03.2027.",
    ]


def test_first_version_docx_has_no_history(outputs: Path) -> None:
    lines = docx_lines(outputs / "T-N1.docx")
    assert NEXT in lines
    assert HEADING not in lines
    assert not any(line.startswith("Zielerreichung bei den") for line in lines)
