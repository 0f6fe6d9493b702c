"""The Markdown → DOCX converter, construct by construct, read back with python-docx."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn

from kimdocs.word.from_markdown import add_markdown


def convert(text: str, base_dir: Path | None = None) -> Any:
    doc = Document()
    add_markdown(doc, text, base_dir=base_dir)
    buffer = io.BytesIO()
    doc.save(buffer)  # round trip: what a reader of the file sees
    return Document(io.BytesIO(buffer.getvalue()))


def styled(doc: Any) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in doc.paragraphs]


def test_headings_keep_their_level() -> None:
    doc = convert("# Eins\n\n## Zwei\n\n### Drei\n")
    assert styled(doc) == [("Heading 1", "Eins"), ("Heading 2", "Zwei"), ("Heading 3", "Drei")]


def test_heading_offset_shifts_levels() -> None:
    doc = Document()
    add_markdown(doc, "## Abschnitt\n\n### Unter\n", heading_offset=-1)
    assert [p.style.name for p in doc.paragraphs] == ["Heading 1", "Heading 2"]


def test_bold_italic_strike_and_code_runs() -> None:
    doc = convert("a **fett** *kursiv* ~~weg~~ `code`")
    runs = {r.text: r for r in doc.paragraphs[0].runs}
    assert runs["fett"].bold is True and runs["fett"].italic is None
    assert runs["kursiv"].italic is True
    assert runs["weg"].font.strike is True
    assert runs["code"].font.name == "Courier New"


def test_link_is_a_real_hyperlink() -> None:
    doc = convert("Siehe [BAMF](https://www.bamf.de/x?a=1&b=2).")
    para = doc.paragraphs[0]
    [link] = para.hyperlinks
    assert link.text == "BAMF"
    assert link.address == "https://www.bamf.de/x?a=1&b=2"
    assert para.text == "Siehe BAMF."


def test_hard_and_soft_breaks() -> None:
    doc = convert("eins\\\nzwei\ndrei")
    para = doc.paragraphs[0]
    assert len(para._p.findall(".//" + qn("w:br"))) == 1
    assert para.text == "eins\nzwei drei"


def test_nested_lists_use_list_styles_by_depth() -> None:
    doc = convert("- a\n  - b\n    - c\n- d\n\n1. x\n2. y\n   - z\n")
    assert styled(doc) == [
        ("List Bullet", "a"),
        ("List Bullet 2", "b"),
        ("List Bullet 3", "c"),
        ("List Bullet", "d"),
        ("List Number", "x"),
        ("List Number", "y"),
        ("List Bullet 2", "z"),
    ]


def test_each_numbered_list_restarts() -> None:
    doc = convert("1. a\n2. b\n\nText\n\n3. c\n4. d\n")
    num_ids = [p._p.pPr.numPr.numId.val for p in doc.paragraphs if p.style.name == "List Number"]
    assert num_ids[0] == num_ids[1] != num_ids[2] == num_ids[3]
    numbering = doc.part.numbering_part.element
    second = numbering.num_having_numId(num_ids[2])
    assert second.find(".//" + qn("w:startOverride")).get(qn("w:val")) == "3"


def test_second_paragraph_of_item_continues_the_item() -> None:
    doc = convert("- erster\n\n  zweiter\n")
    assert styled(doc) == [("List Bullet", "erster"), ("List Continue", "zweiter")]


def test_block_quote_uses_quote_style() -> None:
    doc = convert("> „Ich möchte arbeiten.“\n")
    assert styled(doc) == [("Quote", "„Ich möchte arbeiten.“")]


def test_table_has_header_row_that_repeats_and_alignment() -> None:
    doc = convert("| Feld | Wert |\n|---|--:|\n| Sprache | **A2** |\n| Wohnen | offen |\n")
    [table] = doc.tables
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Feld", "Wert"],
        ["Sprache", "A2"],
        ["Wohnen", "offen"],
    ]
    header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None
    assert table.rows[1]._tr.trPr is None or table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    assert table.rows[1].cells[1].paragraphs[0].alignment == 2  # right
    assert table.rows[1].cells[1].paragraphs[0].runs[0].bold is True


def test_code_block_keeps_lines() -> None:
    doc = convert("```\nzeile 1\nzeile 2\n```\n")
    assert doc.paragraphs[0].text == "zeile 1\nzeile 2"


def test_special_characters_survive() -> None:
    text = 'O\'Hara & أمل <Test> "x" Şükrü Łucja 😀 {{ 7*7 }}'
    doc = convert(text)
    assert doc.paragraphs[0].text == text


def test_raw_html_stays_text() -> None:
    doc = convert("<b>roh</b>")
    assert doc.paragraphs[0].text == "<b>roh</b>"


def test_picture_gets_alt_text(tmp_path: Path) -> None:
    import base64

    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    )
    (tmp_path / "bild.png").write_bytes(png)
    doc = convert("![Ein Pass](bild.png)", base_dir=tmp_path)
    [doc_pr] = doc.element.body.findall(".//" + qn("wp:docPr"))
    assert doc_pr.get("descr") == "Ein Pass"


def test_svg_picture_becomes_text_with_alt(tmp_path: Path) -> None:
    doc = convert("![Ein Haus](haus.svg)", base_dir=tmp_path)
    assert doc.paragraphs[0].text == "[Bild: Ein Haus]"


def test_a_table_of_300_rows_and_20_columns_builds() -> None:
    # Cell access used to be quadratic in the table's size: 150 rows took two minutes.
    columns = 20
    head = "| " + " | ".join(f"Spalte {c}" for c in range(columns)) + " |\n"
    rule = "|" + "---|" * columns + "\n"
    rows = "".join(
        "| " + " | ".join(f"Wert {r}.{c}" for c in range(columns)) + " |\n" for r in range(300)
    )
    doc = convert(head + rule + rows)
    [table] = doc.tables
    assert len(table.rows) == 301
    assert len(table.columns) == columns
    last = table._tbl.tr_lst[-1].tc_lst
    assert [tc.xpath("string(.)") for tc in last[:2]] == ["Wert 299.0", "Wert 299.1"]
    header = table._tbl.tr_lst[0]
    assert header.trPr is not None and header.trPr.find(qn("w:tblHeader")) is not None
    assert table._tbl.tr_lst[1].trPr is None
