"""The letterhead of a DOCX: logo and address in the first page's header, as the PDF's
letterhead (``letterhead.html``) on page 1.

One implementation for both ways a DOCX is made: ``add_letterhead`` writes it with
python-docx (reports, translated copies), and ``tools/make_docx_templates.py`` builds the
shipped templates' letterhead, with Jinja tags in place of the organisation, from the
same ``letterhead_frame`` and ``letterhead_rule``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from kimdocs.project import Organisation

LOGO_COLUMN_CM = 2.4  # the logo is 16 mm high; its column leaves room beside it
RULE_COLOUR = "1F4E79"
RULE_EIGHTHS = 12  # 1.5 pt, as the PDF's rule below the letterhead


def add_letterhead(docx: Any, org: Organisation, logo: str) -> None:
    """``logo`` is the project's logo as a data URI (the template context's ``logo``)."""
    from docx.oxml.ns import qn
    from docx.shared import Mm

    from kimdocs.render.logo_picture import logo_png

    section = docx.sections[0]
    section.different_first_page_header_footer = True
    header = section.first_page_header
    width = section.page_width - section.left_margin - section.right_margin
    address = f"{org.address.street}, {org.address.postcode} {org.address.town}"
    lines = [line for line in (org.department, address) if line]
    logo_cell = letterhead_frame(header, width, org.name, lines)
    picture = logo_png(logo)
    if picture:
        logo_cell.paragraphs[0].add_run().add_picture(io.BytesIO(picture), height=Mm(16))
        # Word reads ``descr`` as the alternative text: the same as the PDF's.
        properties = header._element.findall(".//" + qn("wp:docPr"))[-1]
        properties.set("descr", f"Logo: {org.name}")
    # A header ends with a paragraph (Word requires one after a table): the rule below
    # the letterhead, as the PDF's.
    rule = header.paragraphs[0]
    header._element.remove(rule._p)
    header._element.append(rule._p)
    letterhead_rule(rule)


def letterhead_frame(header: Any, width: Any, name: str, lines: Iterable[str]) -> Any:
    """The letterhead's table in ``header``, ``width`` wide: the organisation's name (bold)
    and ``lines`` below it in small print; returns the logo's cell, for the caller to fill."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm, Pt

    table = header.add_table(rows=1, cols=2, width=width)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    logo_cell, org_cell = table.rows[0].cells
    logo_width = Cm(LOGO_COLUMN_CM)
    for column, cell, part in zip(
        table.columns, (logo_cell, org_cell), (logo_width, width - logo_width), strict=True
    ):
        # LibreOffice reads the grid, Word the cell widths: set both.
        column.width = cell.width = part
    org_cell.paragraphs[0].add_run(name).bold = True
    for line in lines:
        org_cell.add_paragraph(line)
    for para in org_cell.paragraphs:
        para.paragraph_format.space_after = Pt(0)
        for run in para.runs:
            run.font.size = Pt(9)
    return logo_cell


def letterhead_rule(paragraph: Any) -> None:
    """The line below the letterhead, along the bottom of ``paragraph``."""
    from docx.oxml.ns import qn

    properties = paragraph._p.get_or_add_pPr()
    borders = properties.makeelement(qn("w:pBdr"), {})
    bottom = borders.makeelement(qn("w:bottom"), {})
    line = {"w:val": "single", "w:sz": str(RULE_EIGHTHS), "w:space": "1", "w:color": RULE_COLOUR}
    for key, value in line.items():
        bottom.set(qn(key), value)
    borders.append(bottom)
    properties.append(borders)
