"""A report's own outputs: DOCX without a template, XLSX and CSV of its tables.

The PDF and HTML come from the ``report.html`` template and the JSON from the kind, like
every other document; all of them show the same tables, after suppression.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kimdocs.base.dates import german_date
from kimdocs.base.tables import excel_csv, formula_like
from kimdocs.controlling.charts import Chart
from kimdocs.controlling.report_data import ReportData
from kimdocs.controlling.report_tables import Table

if TYPE_CHECKING:
    from kimdocs.render.job import Job


def _report(job: Job) -> ReportData:
    report: ReportData = job.context["report"]
    return report


# ---------------------------------------------------------------------------- DOCX


def docx_output(job: Job) -> dict[Path, bytes]:
    return {job.target("docx"): report_docx(job)}


def report_docx(job: Job) -> bytes:
    """The same document as the PDF (``report.html``), block by block and in its order:
    letterhead, title, narrative, every chart as a picture with its alt text and its
    figures as a Word table, findings and notes."""
    from docx import Document as new_docx
    from docx.shared import Cm, Pt

    from kimdocs.render.docx import SIGNING_CAPTION, _document_properties, normalise_zip
    from kimdocs.render.docx_letterhead import add_letterhead
    from kimdocs.render.docx_pages import hold_pages_together
    from kimdocs.word.from_markdown import add_markdown, mark_header_row

    report = _report(job)
    doc = job.doc
    fields = report.fields
    docx = new_docx()
    _document_properties(docx, doc, job.project)
    normal = docx.styles["Normal"].font
    normal.name = "Noto Sans"  # the documents' font (base.css)
    normal.size = Pt(10.5)  # as the templates: docx_pages fits the columns to this size
    _language(docx)
    add_letterhead(docx, job.project.config.organisation, str(job.context.get("logo", "")))
    docx.add_heading(fields.title, level=0)
    if fields.subtitle:
        docx.add_paragraph(fields.subtitle)
    meta = docx.add_paragraph()
    if fields.audience:
        meta.add_run(fields.audience).add_break()
    meta.add_run(f"Zeitraum {report.period.label} · Stand {german_date(fields.date)}").add_break()
    meta.add_run("Bezirke: " + ", ".join(d.name for d in report.districts))
    base = doc.source.path.parent
    if doc.body.intro:
        add_markdown(docx, doc.body.intro, base_dir=base)
    for section in doc.body.sections:
        docx.add_heading(section.title, level=1)
        add_markdown(docx, section.markdown, base_dir=base, heading_offset=1)
    level = 1 if report.slides else 2  # slides: one chart, one slide, no "Zahlen"
    if not report.slides:
        docx.add_heading("Zahlen", level=1)
    for chart in report.charts:
        docx.add_heading(chart.title, level=level)
        docx.add_picture(io.BytesIO(chart.png), width=Cm(16))
        # The chart stays on the page of its figures, as in the PDF (section.chart).
        docx.paragraphs[-1].paragraph_format.keep_with_next = True
        _alt_text(docx, chart)
        if chart.table is not None:
            _word_table(docx, chart.table, mark_header_row, report.slides)
        elif report.milestones is not None:
            caption = docx.add_paragraph("Meilensteine nach Halbjahr", style="Caption")
            caption.paragraph_format.keep_with_next = True
            _milestone_table(docx, report, mark_header_row)
            _whole(docx.tables[-1])
    for table in report.tables:
        if table.id not in report.drawn_tables:
            docx.add_heading(table.title, level=level)
            _word_table(docx, table, mark_header_row, report.slides)
    if report.findings:
        docx.add_heading("Strukturelle Erkenntnisse aus Fallkonferenzen", level=1)
        for district, items in report.findings:
            docx.add_heading(f"Bezirk {district}", level=2)
            for item in items:
                add_markdown(docx, item, base_dir=base)
    docx.add_heading("Hinweise", level=1)
    for note in report.notes:
        docx.add_paragraph(note, style="List Bullet")
    # Rows that do not split, columns as wide as their longest word, breakable addresses.
    hold_pages_together(docx, SIGNING_CAPTION)
    buffer = io.BytesIO()
    docx.save(buffer)
    return normalise_zip(buffer.getvalue())


def _language(docx: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = docx.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "de-DE")


def _alt_text(docx: Any, chart: Chart) -> None:
    """The last picture's ``docPr``: Word reads its ``descr`` as the alternative text."""
    from docx.oxml.ns import qn

    properties = docx.inline_shapes[-1]._inline.find(qn("wp:docPr"))
    properties.set("descr", chart.alt)
    properties.set("title", chart.title)


def _word_table(docx: Any, table: Table, mark_header_row: Any, slides: bool = False) -> None:
    from kimdocs.render.docx_pages import BREAK

    # The PDF's <caption> (with the unit on slides) and, below the table, its note.
    caption = docx.add_paragraph(f"{table.title} ({table.unit})" if slides else table.title)
    caption.style = "Caption"
    caption.paragraph_format.keep_with_next = True
    grid = docx.add_table(rows=1, cols=len(table.columns) + 1)
    grid.style = "Table Grid"
    header = grid.rows[0].cells
    header[0].text = table.header
    for c, column in enumerate(table.columns):
        header[c + 1].text = column
    mark_header_row(grid.rows[0])
    for r, label in enumerate(table.rows):
        cells = grid.add_row().cells
        cells[0].text = label.replace("/", "/" + BREAK)  # "Ausbildung/Arbeit/Anerkennung"
        for c in range(len(table.columns)):
            cells[c + 1].text = table.text(r, c)
    _right_align(grid)
    _whole(grid)
    if table.note and not slides:
        docx.add_paragraph(table.note)


def _whole(grid: Any) -> None:
    """A table of figures is short: it stays on one page, as in the PDF."""
    for row in grid.rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _right_align(grid: Any) -> None:
    """Numbers right-aligned; the columns' widths come from docx_pages.fit_columns."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for row in grid.rows:
        for cell in row.cells[1:]:
            for paragraph in cell.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _milestone_table(docx: Any, report: ReportData, mark_header_row: Any) -> None:
    plan = report.milestones
    assert plan is not None
    grid = docx.add_table(rows=1, cols=len(plan.halves) + 2)
    grid.style = "Table Grid"
    header = grid.rows[0].cells
    header[0].text = "Meilenstein"
    header[1].text = "Stand"
    for h, half in enumerate(plan.halves):
        header[h + 2].text = half
    mark_header_row(grid.rows[0])
    for title, status, active in plan.rows:
        cells = grid.add_row().cells
        cells[0].text = title
        cells[1].text = status
        for h in range(len(plan.halves)):
            cells[h + 2].text = "X" if h in active else ""


# ---------------------------------------------------------------------------- XLSX


def xlsx_output(job: Job) -> dict[Path, bytes]:
    return {job.target("xlsx"): report_xlsx(_report(job), job)}


def report_xlsx(report: ReportData, job: Job) -> bytes:
    """One sheet per table; units in the header; numbers as numbers, hidden cells as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    bold = Font(bold=True)
    for table in report.tables:
        sheet = book.create_sheet(_sheet_name(table.id))
        sheet.append([f"{table.title} – {report.period.label}"])
        sheet["A1"].font = bold
        sheet.append([table.header, *(f"{c} ({table.unit})" for c in table.columns)])
        for cell in sheet[2]:
            cell.font = bold
        for r, label in enumerate(table.rows):
            sheet.append([label, *(table.shown(r, c) for c in range(len(table.columns)))])
            if table.decimals_of(r):
                for cell in sheet[sheet.max_row][1:]:
                    cell.number_format = "0." + "0" * table.decimals
        for note in ([table.note] if table.note else []) + report.notes[:1]:
            sheet.append([])
            sheet.append([note])
        sheet.column_dimensions["A"].width = 48
        for letter in "BCDEFGHIJ":
            sheet.column_dimensions[letter].width = 18
        sheet.freeze_panes = "B3"
    if report.milestones is not None:
        plan = report.milestones
        sheet = book.create_sheet("meilensteine")
        sheet.append(["Meilensteine nach Halbjahr"])
        sheet.append(["Meilenstein", "Stand", *plan.halves])
        for title, status, active in plan.rows:
            sheet.append(
                [title, status, *("X" if h in active else "" for h in range(len(plan.halves)))]
            )
        sheet.column_dimensions["A"].width = 60
    stamp = dt.datetime.combine(job.doc.date, dt.time(12, 0))
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.creator = job.project.config.organisation.name
    book.properties.lastModifiedBy = job.project.config.organisation.name
    book.properties.title = report.fields.title
    book.properties.language = "de-DE"
    _text_stays_text(book)
    buffer = io.BytesIO()
    book.save(buffer)
    from kimdocs.render.docx import normalise_zip

    return _fixed_times(normalise_zip(buffer.getvalue()), stamp)


def _text_stays_text(book: Any) -> None:
    """openpyxl makes every text that begins with "=" a formula: a district's name or a
    title from kimdocs.toml would run in Excel. Each such cell is written as text, marked
    as typed text (Excel's apostrophe), so that editing it keeps it text."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or formula_like(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True


def _fixed_times(data: bytes, stamp: dt.datetime) -> bytes:
    """openpyxl writes the clock's time as ``modified``; the document's date instead."""
    import re
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    fixed = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", fixed, content)
            dst.writestr(info, content)
    return out.getvalue()


def _sheet_name(table_id: str) -> str:
    return table_id[:31]  # Excel's limit


# ---------------------------------------------------------------------------- CSV


def csv_output(job: Job) -> dict[Path, bytes]:
    return {job.target("csv"): report_csv(_report(job))}


CSV_COLUMNS = ("tabelle", "titel", "einheit", "zeile", "spalte", "wert")


def report_csv(report: ReportData) -> bytes:
    """All tables in one long list: table, unit, row, column, value (hidden: its mark).

    A decimal comma, as Excel and LibreOffice expect it in German; semicolons and the byte
    order mark are :func:`kimdocs.base.tables.excel_csv`'s.
    """
    rows = (
        {
            "tabelle": table.id,
            "titel": table.title,
            "einheit": table.unit,
            "zeile": label,
            "spalte": column,
            "wert": table.text(r, c),
        }
        for table in report.tables
        for r, label in enumerate(table.rows)
        for c, column in enumerate(table.columns)
    )
    return excel_csv(CSV_COLUMNS, rows).encode("utf-8")
