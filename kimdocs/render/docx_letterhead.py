"""The letterhead of a DOCX written with python-docx (reports, translated copies): logo
and address in the first page's header, as the PDF's letterhead (``letterhead.html``) on
page 1. The shipped DOCX templates have the same, from ``tools/make_docx_templates.py``.
"""

from __future__ import annotations

import io
from typing import Any

from kimdocs.project import Organisation


def add_letterhead(docx: Any, org: Organisation, logo: str) -> None:
    """``logo`` is the project's logo as a data URI (the template context's ``logo``)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Mm, Pt

    from kimdocs.render.logo_picture import logo_png

    section = docx.sections[0]
    section.different_first_page_header_footer = True
    header = section.first_page_header
    width = section.page_width - section.left_margin - section.right_margin
    table = header.add_table(rows=1, cols=2, width=width)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    logo_cell, org_cell = table.rows[0].cells
    for column, cell, part in zip(
        table.columns, (logo_cell, org_cell), (Cm(2.4), width - Cm(2.4)), strict=True
    ):
        column.width = cell.width = part
    picture = logo_png(logo)
    if picture:
        logo_cell.paragraphs[0].add_run().add_picture(io.BytesIO(picture), height=Mm(16))
        # Word reads ``descr`` as the alternative text: the same as the PDF's.
        properties = header._element.findall(".//" + qn("wp:docPr"))[-1]
        properties.set("descr", f"Logo: {org.name}")
    name = org_cell.paragraphs[0]
    name.add_run(org.name).bold = True
    address = f"{org.address.street}, {org.address.postcode} {org.address.town}"
    for line in (org.department, address):
        if line:
            org_cell.add_paragraph(line)
    for para in org_cell.paragraphs:
        para.paragraph_format.space_after = Pt(0)
        for run in para.runs:
            run.font.size = Pt(9)
    # A header ends with a paragraph (Word requires one after a table): the rule below
    # the letterhead, as the PDF's.
    rule = header.paragraphs[0]
    header._element.remove(rule._p)
    header._element.append(rule._p)
    borders = rule._p.get_or_add_pPr().makeelement(qn("w:pBdr"), {})
    bottom = borders.makeelement(qn("w:bottom"), {})
    rule_line = {"w:val": "single", "w:sz": "12", "w:space": "1", "w:color": "1F4E79"}
    for key, value in rule_line.items():
        bottom.set(qn(key), value)
    borders.append(bottom)
    rule._p.get_or_add_pPr().append(borders)
