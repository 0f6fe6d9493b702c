"""The report kind's outputs, read back the way their readers do."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from click.testing import Result
from docx import Document
from openpyxl import load_workbook

from kimdocs.build.run import build
from kimdocs.project import load_project
from tests.controlling_fixture import write_project, write_report
from tests.outputs import docx_text, libreoffice_to_pdf, pdf_text, squash
from tests.skeletons import fill

FORMATS = ["pdf", "docx", "xlsx", "csv", "json", "html"]
# Nothing of a single case may reach a report: the client's name, case ids, free text.
CASE_TEXT = (
    "Erika Probefall",
    "T-N1",
    "T-K1",
    "Ziel im Handlungsfeld",
    "Unterlagen beim Amt",
    "Nachweis liegt",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import datetime as dt

    import kimdocs.base.dates

    # A module fixture: set the test day by hand (the autouse fixture is per test).
    real = kimdocs.base.dates.today
    kimdocs.base.dates.today = lambda: dt.date(2026, 3, 16)
    try:
        root = write_project(tmp_path_factory.mktemp("bericht") / "kreis")
        write_report(root)
        write_report(root, "folien", layout="folien")
        # In this process: worker processes would not see the test day.
        results = build(load_project(root), formats=FORMATS, jobs=1)
        failed = [(r.source.name, [p.message for p in r.problems]) for r in results if not r.ok]
        assert [name for name, _ in failed] == ["T-X1.md"], failed
    finally:
        kimdocs.base.dates.today = real
    return root / "output" / "berichte"


@pytest.mark.slow
def test_pdf_is_tagged_and_every_chart_is_a_figure_with_alt(built: Path) -> None:
    with pikepdf.open(built / "bericht.pdf") as pdf:
        assert pdf.Root.MarkInfo.Marked
        figures = []

        def walk(node: pikepdf.Object) -> None:
            if isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Figure":
                    figures.append(node)
                kids = node.get("/K")
                if isinstance(kids, pikepdf.Array):
                    for kid in kids:
                        walk(kid)
                elif isinstance(kids, pikepdf.Dictionary):
                    walk(kids)

        walk(pdf.Root.StructTreeRoot)
        alts = [str(f.get("/Alt", "")) for f in figures]
    # Four charts and the logo of the letterhead: each with its text.
    charts = [a for a in alts if "diagramm" in a.lower() or a.startswith("Zeitplan")]
    assert len(charts) == 4, alts
    assert all(alts), alts
    assert any("Süd: 5" in a and "Nord: x" in a and "Klein: < 5" in a for a in charts), charts


@pytest.mark.slow
def test_small_district_shows_as_less_than_5_in_every_format(built: Path) -> None:
    text = squash(pdf_text(built / "bericht.pdf"))
    assert "FällemitVereinbarungx5<514" in text
    assert "FällemitVereinbarungx5<514" in squash(docx_text(built / "bericht.docx"))
    rows = list(
        csv.reader(io.StringIO((built / "bericht.csv").read_text("utf-8-sig")), delimiter=";")
    )
    cases = {r[4]: r[5] for r in rows if r[0] == "faelle" and r[3] == "Fälle mit Vereinbarung"}
    assert cases == {"Nord": "x", "Süd": "5", "Klein": "< 5", "Gesamt": "14"}
    data = json.loads((built / "bericht.json").read_text("utf-8"))
    faelle = next(t for t in data["tabellen"] if t["id"] == "faelle")
    assert faelle["werte"][0] == {
        "zeile": "Fälle mit Vereinbarung", "Nord": "x", "Süd": 5, "Klein": "< 5", "Gesamt": 14
    }  # fmt: skip
    sheet = load_workbook(built / "bericht.xlsx")["faelle"]
    assert [c.value for c in sheet[3]] == ["Fälle mit Vereinbarung", "x", 5, "< 5", 14]
    html = (built / "bericht.html").read_text("utf-8")
    assert "&lt; 5" in html


@pytest.mark.slow
def test_no_case_data_in_any_output(built: Path) -> None:
    texts = {
        "pdf": pdf_text(built / "bericht.pdf"),
        "docx": docx_text(built / "bericht.docx"),
        "csv": (built / "bericht.csv").read_text("utf-8-sig"),
        "json": (built / "bericht.json").read_text("utf-8"),
        "html": (built / "bericht.html").read_text("utf-8"),
    }
    with zipfile.ZipFile(built / "bericht.xlsx") as xlsx:
        texts["xlsx"] = " ".join(
            xlsx.read(n).decode("utf-8") for n in xlsx.namelist() if n.endswith(".xml")
        )
    for fmt, text in texts.items():
        for needle in CASE_TEXT:
            assert needle not in text, (fmt, needle)
    # The structural findings are there, without their case.
    assert "Integrationskurse mit Kinderbetreuung" in texts["pdf"]


@pytest.mark.slow
def test_xlsx_has_a_sheet_per_table_units_in_the_header_and_numeric_cells(built: Path) -> None:
    book = load_workbook(built / "bericht.xlsx")
    assert {
        "faelle",
        "personal",
        "ziele_handlungsfeld",
        "zielerreichung_verlauf",
        "meilensteine",
    } <= set(book.sheetnames)
    goals = book["ziele_handlungsfeld"]
    assert goals["A2"].value == "Handlungsfeld (Anzahl Ziele)"
    assert goals["B2"].value == "Nord (Anzahl Ziele)"
    gesamt = next(r for r in goals.iter_rows(min_row=3, values_only=True) if r[0] == "Gesamt")
    # Klein's 3 clients' goals are hidden, and the others' with them.
    assert gesamt == ("Gesamt", "x", "x", "< 5", "x")
    priority = book["ziele_prioritaet"]
    assert [c.value for c in priority[3]] == ["hoch", "< 5", "< 5", "< 5", 7]
    assert priority["E3"].data_type == "n"
    staff = book["personal"]
    assert staff["B3"].value == 2.0 and staff["B3"].data_type == "n"


@pytest.mark.slow
def test_xlsx_opens_in_libreoffice(built: Path, tmp_path: Path) -> None:
    [converted] = libreoffice_to_pdf([built / "bericht.xlsx"], tmp_path)
    assert "Fälle mit Vereinbarung" in pdf_text(converted)


@pytest.mark.slow
def test_docx_has_charts_with_alt_text_and_word_tables(built: Path) -> None:
    docx = Document(str(built / "bericht.docx"))
    pictures = docx.inline_shapes
    assert len(pictures) == 4
    for picture in pictures:
        properties = picture._inline.docPr
        assert properties.get("descr"), properties.get("name")
    assert len(docx.tables) >= 10
    header = docx.tables[0].rows[0]
    assert header._tr.trPr is not None  # marked to repeat on every page
    assert docx.core_properties.language == "de-DE"


@pytest.mark.slow
def test_slides_are_16_to_9(built: Path) -> None:
    with pikepdf.open(built / "folien.pdf") as pdf:
        boxes = {tuple(float(x) for x in page.mediabox) for page in pdf.pages}
        assert len(pdf.pages) >= 8
    [(x0, y0, x1, y1)] = boxes
    assert abs((x1 - x0) / (y1 - y0) - 16 / 9) < 0.01
    with pikepdf.open(built / "bericht.pdf") as pdf:
        width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)


@pytest.mark.slow
def test_two_forced_builds_are_byte_identical(built: Path) -> None:
    root = built.parent.parent
    first = {p.name: p.read_bytes() for p in built.iterdir()}
    build(load_project(root), [root / "content" / "berichte"], formats=FORMATS, force=True, jobs=1)
    second = {p.name: p.read_bytes() for p in built.iterdir()}
    assert first.keys() == second.keys()
    assert [n for n in first if first[n] != second[n]] == []


@pytest.mark.slow
def test_chart_svg_has_no_date_and_is_the_same_twice(built: Path) -> None:
    from kimdocs.controlling.report_data import build_report
    from kimdocs.kinds import load_document

    root = built.parent.parent
    project = load_project(root)
    doc = load_document(root / "content" / "berichte" / "bericht.md", project)
    one, two = (build_report(doc.fields, project) for _ in range(2))
    assert [c.svg for c in one.charts] == [c.svg for c in two.charts]
    for chart in one.charts:
        assert b"<dc:date>" not in chart.svg and chart.alt and chart.title


def test_a_report_template_printing_a_client_name_is_refused(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    from kimdocs.templating.environment import SHIPPED_DIR

    root = write_project(tmp_path / "kreis")
    report = write_report(root)
    (root / "templates").mkdir()
    template = (SHIPPED_DIR / "report.html").read_text("utf-8")
    template = template.replace("{% block content %}", "{% block content %}{{ klient.name }}", 1)
    (root / "templates" / "report.html").write_text(template, "utf-8")
    result = cli(root, "check", str(report))
    assert result.exit_code == 1
    assert "Die Berichtsvorlage gibt „klient“ aus" in result.output
    result = cli(root, "build", str(report), "-f", "pdf")
    assert result.exit_code == 1
    assert not (root / "output" / "berichte" / "bericht.pdf").exists()


@pytest.mark.slow
def test_new_report_skeleton_builds(tmp_path: Path, cli: Callable[..., Result]) -> None:
    root = write_project(tmp_path / "kreis")
    result = cli(root, "new", "bericht")
    assert result.exit_code == 0, result.output
    [path] = (root / "content" / "berichte").glob("*.md")
    refused = cli(root, "build", str(path), "-f", "pdf")
    assert refused.exit_code == 1 and "Platzhalter ersetzen" in refused.output
    fill(path)  # the guidance lines are placeholders: a person writes the text
    result = cli(root, "build", str(path), "-f", "pdf")
    assert result.exit_code == 0, result.output
    assert path.with_suffix("").name in {p.stem for p in (root / "output" / "berichte").iterdir()}


@pytest.mark.slow
def test_report_rebuilds_when_a_counted_document_changes_and_only_then(tmp_path: Path) -> None:
    root = write_project(tmp_path / "kreis")
    report = write_report(root)
    (root / "content" / "presse").mkdir()
    press = root / "content" / "presse" / "notiz.md"
    press.write_text("---\nart: presse\n---\n", "utf-8")  # broken, and not counted
    project = load_project(root)

    def status() -> str:
        [result] = build(project, [report], formats=["json"], jobs=1)
        return result.status

    assert status() == "erzeugt"
    assert status() == "unverändert"
    press.write_text("---\nart: presse\ntitel: Anders\n---\n", "utf-8")
    assert status() == "unverändert"
    agreement = root / "content" / "vereinbarungen" / "T-K2.md"
    agreement.write_text(agreement.read_text("utf-8").replace("mittel", "hoch"), "utf-8")
    assert status() == "erzeugt"
    data = json.loads((root / "output" / "berichte" / "bericht.json").read_text("utf-8"))
    priority = next(t for t in data["tabellen"] if t["id"] == "ziele_prioritaet")
    assert priority["werte"][0]["Klein"] == "< 5" and priority["werte"][1]["Klein"] == 0
    (root / "content" / "protokolle" / "REK-2026-002-fallrekonstruktion-2026-04-20.md").unlink()
    assert status() == "erzeugt"
    assert status() == "unverändert"
