"""Golden files of the intermediate HTML and of the DOCX text.

After an intended change of the output run ``make golden`` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kimdocs.build.run import build
from kimdocs.project import load_project
from tests.outputs import docx_text

GOLDEN = Path(__file__).resolve().parent / "golden"


def compare(actual: str, name: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.write_text(actual, encoding="utf-8")
        return
    if not path.is_file():
        pytest.fail(f"{path} fehlt: mit „make golden“ anlegen und prüfen.")
    assert actual == path.read_text(encoding="utf-8"), (
        f"{name} weicht ab; wenn gewollt: „make golden“ und Diff prüfen."
    )


def test_golden_html_and_docx_text(basic: Path, update_golden: bool) -> None:
    [result] = build(
        load_project(basic), [basic / "content" / "vereinbarungen"], formats=["html", "docx"]
    )
    assert result.ok, [p.format() for p in result.problems]
    outputs = {p.suffix: p for p in result.outputs}
    compare(outputs[".html"].read_text(encoding="utf-8"), "sonderzeichen.html", update_golden)
    compare(docx_text(outputs[".docx"]) + "\n", "sonderzeichen.docx.txt", update_golden)


TABLE = (
    "| Feld | Stand | Frist |\n"
    "|:---|:-:|--:|\n"
    "| Sprache | **A2** erreicht | 30.06.2026 |\n"
    "| Wohnen | *offen*, siehe [Amt](https://amt.example/) | `B1` |\n"
    "| Arbeit | |\n"
)


def test_golden_docx_table(update_golden: bool) -> None:
    """The XML of a Markdown table in DOCX, cell by cell: content, alignment, bold header,
    header row, table style. Written before the table code was made linear."""
    from docx import Document
    from docx.oxml.ns import qn
    from lxml import etree

    from kimdocs.word.from_markdown import add_markdown

    doc = Document()
    add_markdown(doc, TABLE)
    [table] = doc.element.body.findall(qn("w:tbl"))
    compare(etree.tostring(table, pretty_print=True).decode(), "tabelle.docx.xml", update_golden)
