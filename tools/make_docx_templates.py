"""Write the shipped DOCX templates from code, so that they can be reviewed and rebuilt.

Run ``python tools/make_docx_templates.py`` after changing this file; the
result is committed under ``kimdocs/templates/default/``. Offices that want
their own look copy the DOCX into their project's ``templates/`` and edit it in
Word or LibreOffice: the Jinja tags in it are plain text.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Inches, Pt, RGBColor

from kimdocs.render.docx import SIGNING_CAPTION, normalise_zip
from kimdocs.render.docx_letterhead import letterhead_frame, letterhead_rule
from kimdocs.word.from_markdown import mark_header_row

OUT = Path(__file__).resolve().parent.parent / "kimdocs" / "templates" / "default"
FONT = "Arial"  # Word has it everywhere; LibreOffice maps it to Liberation Sans


def _base_document() -> Any:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.0)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.15
    _set_language(doc, "de-DE")
    for level, size in ((1, 14), (2, 12), (3, 11)):
        heading = styles[f"Heading {level}"]
        heading.font.name = FONT
        heading.font.size = Pt(size)
        heading.paragraph_format.keep_with_next = True  # never alone at a page's foot
        heading.font.bold = True
        heading.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
        heading.paragraph_format.space_before = Pt(12 if level == 1 else 8)
        heading.paragraph_format.space_after = Pt(4)
        heading.paragraph_format.keep_with_next = True
        _theme_fonts_off(heading)
    title = styles["Title"]
    title.font.name = FONT
    title.font.size = Pt(20)
    title.font.bold = True
    title.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
    title.paragraph_format.space_before = Pt(0)
    title.paragraph_format.space_after = Pt(6)
    title.paragraph_format.keep_with_next = True
    _theme_fonts_off(title)
    _plain_title(title)
    subtitle = styles["Subtitle"]
    subtitle.font.name = FONT
    subtitle.font.size = Pt(12)
    subtitle.font.italic = False
    subtitle.font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)
    subtitle.paragraph_format.keep_with_next = True
    _theme_fonts_off(subtitle)
    _plain_title(subtitle)
    caption = styles["Caption"]
    caption.font.name = FONT
    caption.font.size = Pt(8.5)
    caption.font.bold = False
    caption.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
    for name in ("List Bullet", "List Bullet 2", "List Number", "List Number 2", "Quote"):
        styles[name].font.name = FONT
    return doc


def _theme_fonts_off(style: Any) -> None:
    # Heading styles of the default template use theme fonts, which override font.name.
    rfonts = style.element.rPr.find(qn("w:rFonts"))
    if rfonts is not None:
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)


def _plain_title(style: Any) -> None:
    """Word's Title carries a bottom rule, letter spacing and kerning; the PDF title has none."""
    ppr = style.element.pPr
    if ppr is not None:
        for tag in ("w:pBdr", "w:contextualSpacing"):
            for node in ppr.findall(qn(tag)):
                ppr.remove(node)
    rpr = style.element.rPr
    if rpr is not None:
        for tag in ("w:spacing", "w:kern"):
            for node in rpr.findall(qn(tag)):
                rpr.remove(node)


def _set_language(doc: Any, lang: str) -> None:
    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    node = rpr.find(qn("w:lang"))
    if node is None:
        node = OxmlElement("w:lang")
        rpr.append(node)
    node.set(qn("w:val"), lang)
    node.set(qn("w:bidi"), "ar-SA")


def _field(paragraph: Any, instruction: str) -> None:
    """A field (page number, page count) in the complete form Word writes: begin,
    instruction, separator, a shown result and end, each a run of its own – the shown
    result is a run the caller can size, so the number looks like the text around it."""

    def char(kind: str) -> None:
        node = OxmlElement("w:fldChar")
        node.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(node)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    char("separate")
    paragraph.add_run("1")
    char("end")


def _header_footer(doc: Any, header_left: str, header_right: str, footer: str) -> None:
    section = doc.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    head = section.header.paragraphs[0]
    head.text = header_left
    _right_tab_only(head, width)
    head.add_run("\t" + header_right)
    for run in head.runs:
        run.font.size = Pt(8.5)
    foot = section.footer.paragraphs[0]
    _right_tab_only(foot, width)
    foot.add_run(footer + "\tSeite ")
    _field(foot, "PAGE")
    foot.add_run(" von ")
    _field(foot, "NUMPAGES")
    for run in foot.runs:
        run.font.size = Pt(8.5)


def _letterhead(doc: Any) -> None:
    """Logo and address on the first page's header, as the PDF's letterhead on page 1.

    ``{{ letterhead_logo }}`` is the logo as a picture (``render.docx`` makes a PNG of it);
    the running header of the other pages is layout and stays in the default header.
    """
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    width = section.page_width - section.left_margin - section.right_margin
    first = section.first_page_header
    head = first.paragraphs[0]
    head.text = "{{ letterhead_logo }}"
    _right_tab_only(head, width)
    lines = [
        "{%p if org.department %}",
        "{{ org.department }}",
        "{%p endif %}",
        "{{ org.address.street }}, {{ org.address.postcode }} {{ org.address.town }}",
    ]
    logo_cell = letterhead_frame(first, width, "{{ org.name }}", lines)
    logo_cell.paragraphs[0]._p.getparent().remove(logo_cell.paragraphs[0]._p)
    logo_cell._tc.append(head._p)  # the picture's paragraph moves into the cell
    letterhead_rule(first.add_paragraph())
    # The first page has its own header, and so its own footer: the same as the others.
    footer = section.first_page_footer
    footer._element.remove(footer.paragraphs[0]._p)
    for para in section.footer.paragraphs:
        footer._element.append(copy.deepcopy(para._p))


def _rule(paragraph: Any, side: str, colour: str, eighths: int, space: int) -> None:
    """A line along one side of the paragraph (``eighths`` of a point thick)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    values = (("w:val", "single"), ("w:sz", str(eighths)), ("w:space", str(space)))
    for key, value in (*values, ("w:color", colour)):
        line.set(qn(key), value)
    borders.append(line)
    ppr.append(borders)


def _top_rule(paragraph: Any) -> None:
    _rule(paragraph, "top", "1A1A1A", 6, 2)


def _signature_rows(table: Any, captions: list[tuple[str, list[str]]]) -> None:
    """One row per signatory: a line for place and date, a line for the signature."""
    for left, right in captions:
        cells = table.add_row().cells
        for cell, texts in zip(cells, ([left], right), strict=True):
            first = cell.paragraphs[0]
            first.text = texts[0]
            for text in texts[1:]:
                cell.add_paragraph(text)
            if texts[0].startswith("{%tr"):
                continue
            _top_rule(first)  # before the spacing: Word wants pBdr ahead of w:spacing
            # Room to sign above the line: 18 mm.
            first.paragraph_format.space_before = Cm(1.8)
            for para in cell.paragraphs:
                para.paragraph_format.space_after = Pt(0)
                for run in para.runs:
                    run.font.size = Pt(9)


def signing_table(doc: Any, captions: list[tuple[str, list[str]]]) -> Any:
    """The signatures as a borderless table; ``render.docx`` keeps it on one page."""
    table = doc.add_table(rows=0, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _signature_rows(table, captions)
    table.autofit = False
    widths = [Cm(5.6), Cm(9.6)]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), SIGNING_CAPTION)
    table._tbl.tblPr.append(caption)
    return table


def _right_tab_only(paragraph: Any, width: Any) -> None:
    # The built-in Header/Footer styles carry centre and right tabs for Letter paper.
    stops = paragraph.paragraph_format.tab_stops
    for position in (Inches(3.25), Inches(6.5)):
        stops.add_tab_stop(position, WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)


def _table(
    doc: Any,
    header: list[str] | None,
    rows: list[list[str]],
    widths: list[float],
    row_headers: bool = False,
) -> Any:
    table = doc.add_table(rows=0, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    if header:
        cells = table.add_row().cells
        for cell, text in zip(cells, header, strict=True):
            cell.paragraphs[0].add_run(text).bold = True
            cell.paragraphs[0].paragraph_format.keep_with_next = True  # never alone at the foot
        mark_header_row(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.paragraphs[0].text = text
        if row_headers and not values[0].startswith("{%"):
            # The first cell names the row, as the PDF's <th scope="row">: bold, shaded.
            cells[0].paragraphs[0].runs[0].bold = True
            shading = OxmlElement("w:shd")
            for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", "EEF2F6")):
                shading.set(qn(key), value)
            cells[0]._tc.get_or_add_tcPr().append(shading)
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    # LibreOffice reads the grid, Word the cell widths: set both.
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    return table


def agreement() -> None:
    doc = _base_document()
    _header_footer(
        doc,
        "{{ org.name }}{% if district %} · {{ district.name }}{% endif %}",
        "Fall-ID {{ doc.case_id }}",
        "{{ doc.type }} vom {{ doc.date|datum }} · Version {{ doc.version }}",
    )
    _letterhead(doc)
    doc.add_paragraph("{{ doc.type }}", style="Title")
    doc.add_paragraph(
        "Kommunales Integrationsmanagement{% if district %} – Bezirk {{ district.name }}{% endif %}"
    )
    _table(
        doc,
        None,
        [
            ["Fall-ID", "{{ doc.case_id }}"],
            ["Datum", "{{ doc.date|datum }}"],
            ["Version", "{{ doc.version }}"],
            ["Phase", "{{ doc.phase }}"],
            ["Nächste Überprüfung", "{{ doc.review|datum }}"],
        ],
        [5, 11.6],
        row_headers=True,
    )

    doc.add_paragraph("Beteiligte", style="Heading 1")
    _table(
        doc,
        ["Rolle", "Name", "Angaben"],
        [
            [
                "Klientin / Klient",
                "{{ doc.client.name }}",
                "Sprache: {{ doc.client.language }}"
                "{% if doc.client.interpreter %}, mit Dolmetschung{% endif %}"
                "{% if doc.client.birth_date %}, geboren am "
                "{{ doc.client.birth_date|datum }}{% endif %}",
            ],
            [
                "Fallmanagement",
                "{{ doc.case_manager.name }}",
                "{{ doc.case_manager.office }}{% if doc.case_manager.contact %}, "
                "{{ doc.case_manager.contact }}{% endif %}",
            ],
            ["{%tr for p in doc.partners %}", "", ""],
            ["{{ p.role or 'Netzwerkpartner' }}", "{{ p.organisation }}", "{{ p.contact }}"],
            ["{%tr endfor %}", "", ""],
        ],
        [4, 5.6, 7],
    )

    doc.add_paragraph("{{p body }}")
    _history(doc)

    doc.add_paragraph("Ziele und Schritte", style="Heading 1")
    doc.add_paragraph("{%p for goal in doc.goals %}")
    doc.add_paragraph("Ziel {{ loop.index }}: {{ goal.goal }}", style="Heading 2")
    meta = doc.add_paragraph()
    meta.paragraph_format.keep_with_next = True
    meta.add_run("Handlungsfeld: ").bold = True
    meta.add_run("{{ goal.life_area }} · ")
    meta.add_run("Priorität: ").bold = True
    meta.add_run("{{ goal.priority }} · ")
    meta.add_run("Frist: ").bold = True
    meta.add_run("{{ goal.deadline|datum }}")
    indicator = doc.add_paragraph()
    indicator.paragraph_format.keep_with_next = True
    indicator.add_run("Daran erkennen wir, dass das Ziel erreicht ist: ").bold = True
    indicator.add_run("{{ goal.indicator }}")
    doc.add_paragraph("{%p if goal.achievement is not none %}")
    reached = doc.add_paragraph()
    reached.paragraph_format.keep_with_next = True
    reached.add_run("Zielerreichung: ").bold = True
    reached.add_run("{{ goal.achievement }} %")
    doc.add_paragraph("{%p endif %}")
    _table(
        doc,
        ["Schritt", "Wer", "Bis", "Stand"],
        [
            ["{%tr for step in goal.steps %}", "", "", ""],
            ["{{ step.what }}", "{{ step.who }}", "{{ step.due|datum }}", "{{ step.status }}"],
            ["{%tr endfor %}", "", "", ""],
        ],
        [8.1, 3.7, 2.4, 2.4],
    )
    doc.add_paragraph("{%p endfor %}")

    doc.add_paragraph("Überprüfung", style="Heading 1")
    doc.add_paragraph(
        "Wir überprüfen diese Vereinbarung gemeinsam am {{ doc.review|datum }}. "
        "Dann sprechen wir darüber, was erreicht ist und was sich geändert hat."
    )

    doc.add_paragraph("Freiwilligkeit und Datenschutz", style="Heading 1")
    doc.add_paragraph('{{p block("voluntariness") }}')
    doc.add_paragraph(
        "Die Informationen zum Datenschutz nach Art. 13 DSGVO wurden am "
        "{{ doc.data_protection.informed_on|datum }} ausgehändigt. {{ consent_note }}"
    )
    doc.add_paragraph('{{p block("closing_note") }}')

    doc.add_paragraph("Unterschriften", style="Heading 1")
    doc.add_paragraph("{%p if doc.client.interpreter %}")
    doc.add_paragraph(
        "Diese Vereinbarung wurde durch "
        "{{ doc.client.interpreter_name or '______________________________' }} mündlich in die "
        "Sprache {{ doc.client.interpreter_language or '______________' }} gedolmetscht."
    )
    doc.add_paragraph("{%p endif %}")
    signing_table(
        doc,
        [
            ("{%tr for role, name in signers %}", [""]),
            ("Ort, Datum", ["{{ name }}", "{{ role }}"]),
            ("{%tr endfor %}", [""]),
        ],
    )
    receipt = doc.add_paragraph("Eine Kopie dieser Vereinbarung habe ich erhalten.")
    receipt.paragraph_format.space_before = Pt(14)
    signing_table(doc, [("Ort, Datum", ["Unterschrift Klientin / Klient"])])
    for para in doc.paragraphs:
        if para.text.startswith("{%p") or para.text.startswith("{{p"):
            para.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _save(doc, "agreement.docx", "Integrationsvereinbarung")


def _history(doc: Any) -> None:
    """A re-assessment's history, as the PDF's: achievement per version, then the changes.

    The table has a column per version (``{%tc for %}``); docxtpl spreads the grid's
    width over the columns it makes, so the version columns are laid out equal here.
    """
    doc.add_paragraph("{%p if history %}")
    doc.add_paragraph("Verlauf seit der ersten Fassung", style="Heading 1")
    # As the PDF's <caption>: body text above the table (Word's Caption style is for figures).
    caption = doc.add_paragraph("Zielerreichung bei den Überprüfungen (in Prozent)")
    caption.paragraph_format.keep_with_next = True
    table = _table(
        doc,
        ["Ziel", "{%tc for version, day in history.versions %}", "", "{%tc endfor %}"],
        [
            ["{%tr for row in history.goals %}", "", "", ""],
            [
                "{{ row.goal }}",
                "{%tc for value in row.achievements %}",
                "{% if value is none %}–{% else %}{{ value }} %{% endif %}",
                "{%tc endfor %}",
            ],
            ["{%tr endfor %}", "", "", ""],
        ],
        [7.6, 3, 3, 3],
        row_headers=True,
    )
    # The version's header, on two lines as the PDF's „Version 1<br>10.01.2026“.
    head = table.rows[0].cells[2]
    head.paragraphs[0].add_run("Version {{ version }}").bold = True
    head.add_paragraph().add_run("{{ day }}").bold = True
    for para in head.paragraphs:
        para.paragraph_format.keep_with_next = True
    node = OxmlElement("w:tblCaption")
    node.set(qn("w:val"), "Zielerreichung bei den Überprüfungen (in Prozent)")
    table._tbl.tblPr.append(node)
    doc.add_paragraph("{%p if history.changes %}")
    doc.add_paragraph("Geändert gegenüber Version {{ history.versions[-2][0] }}", style="Heading 2")
    doc.add_paragraph("{%p for change in history.changes %}")
    doc.add_paragraph("{{ change }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Gegenüber Version {{ history.versions[-2][0] }} sind die Ziele unverändert.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endif %}")


def minutes() -> None:
    doc = _base_document()
    _header_footer(
        doc,
        "{{ org.name }}{% if district %} · {{ district.name }}{% endif %} · VERTRAULICH",
        "{{ reference_label }} {{ reference }}",
        # The first page's header is the letterhead: its footer marks it confidential.
        "{{ doc.type }} vom {{ doc.date|datum }} · VERTRAULICH",
    )
    _letterhead(doc)
    doc.add_paragraph("{{ kind_label }}", style="Title")
    doc.add_paragraph(
        "{% if individual %}Fallkonferenz{% else %}Anonymisierte Fallrekonstruktion{% endif %}"
        "{% if district %} – Bezirk {{ district.name }}{% endif %}"
    )
    doc.add_paragraph().add_run("{{ doc.confidentiality }}").bold = True
    _table(
        doc,
        None,
        [
            ["{{ reference_label }}", "{{ reference }}"],
            [
                "Datum, Zeit",
                "{{ doc.date|datum }}, {{ doc.start.strftime('%H:%M') }}"
                "{% if doc.end %} bis {{ doc.end.strftime('%H:%M') }}{% endif %} Uhr",
            ],
            ["Ort, Format", "{{ doc.place }} ({{ doc.format }})"],
            ["Moderation", "{{ doc.moderator }}"],
            ["Protokoll", "{{ doc.minute_taker }}"],
            ["{%tr if individual and doc.client %}", ""],
            [
                "Klientin / Klient",
                "{{ doc.client.name }} ({% if doc.client_present %}anwesend"
                "{% else %}nicht anwesend{% endif %})",
            ],
            ["{%tr endif %}", ""],
        ],
        [4.5, 12.1],
        row_headers=True,
    )
    doc.add_paragraph("Teilnehmende", style="Heading 1")
    _table(
        doc,
        ["Name", "Organisation", "Funktion", "Rechtskreis"],
        [
            ["{%tr for p in doc.participants %}", "", "", ""],
            ["{{ p.name }}", "{{ p.organisation }}", "{{ p.function }}", "{{ p.legal_domain }}"],
            ["{%tr endfor %}", "", "", ""],
        ],
        [4.2, 4.8, 4, 3.6],
    )
    doc.add_paragraph("{%p if doc.consent %}")
    doc.add_paragraph("Schweigepflichtentbindung", style="Heading 1")
    doc.add_paragraph(
        "Erteilt am {{ doc.consent.given_on|datum }}, gültig bis "
        "{{ doc.consent.valid_until|datum }}."
    )
    orgs = doc.add_paragraph()
    orgs.add_run("Organisationen: ").bold = True
    orgs.add_run("{{ doc.consent.organisations|join('; ') }}")
    cats = doc.add_paragraph()
    cats.add_run("Datenkategorien: ").bold = True
    cats.add_run("{{ doc.consent.data_categories|join('; ') }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("Anlass und Tagesordnung", style="Heading 1")
    doc.add_paragraph("{{ doc.reason }}")
    doc.add_paragraph("{%p for item in doc.agenda %}")
    doc.add_paragraph("{{ item }}", style="List Number")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{{p body }}")
    doc.add_paragraph("Vereinbarte Maßnahmen", style="Heading 1")
    _table(
        doc,
        ["Nr.", "Maßnahme", "Verantwortlich", "Frist", "Stand"],
        [
            ["{%tr for a in doc.actions %}", "", "", "", ""],
            [
                "{{ loop.index }}",
                "{{ a.action }}",
                "{{ a.responsible }}",
                "{{ a.deadline|datum }}",
                "{{ a.status }}",
            ],
            ["{%tr endfor %}", "", "", "", ""],
        ],
        [1.0, 7.2, 3.6, 2.6, 2.2],
    )
    doc.add_paragraph("Weiteres", style="Heading 1")
    for label, value in (
        (
            "Nächster Termin: ",
            "{% if doc.next_date %}{{ doc.next_date|datum }}{% else %}offen{% endif %}",
        ),
        (
            "Verteiler: ",
            "{% if doc.distribution %}{{ doc.distribution|join('; ') }}"
            "{% else %}nur Teilnehmende{% endif %}",
        ),
        ("Aufbewahrung: ", "{{ doc.retention }}"),
    ):
        para = doc.add_paragraph()
        para.add_run(label).bold = True
        para.add_run(value)
    doc.add_paragraph("Genehmigung", style="Heading 1")
    doc.add_paragraph(
        "Für die Richtigkeit des Protokolls. Von den Teilnehmenden genehmigt am ______________."
    )
    signing_table(
        doc,
        [
            ("Ort, Datum", ["{{ doc.moderator }}", "Moderation"]),
            ("Ort, Datum", ["{{ doc.minute_taker }}", "Protokoll"]),
        ],
    )
    _save(doc, "minutes.docx", "Fallkonferenz-Protokoll")


def press() -> None:
    doc = _base_document()
    _header_footer(
        doc, "{{ org.name }}", "Pressemitteilung", "{{ doc.place }}, {{ doc.date|datum }}"
    )
    _letterhead(doc)
    doc.add_paragraph("{%p if doc.embargo %}")
    embargo = doc.add_paragraph()
    embargo.add_run(
        "Sperrfrist: {{ doc.embargo.date|datum }}, {{ doc.embargo.time.strftime('%H:%M') }} Uhr"
    ).bold = True
    embargo.add_run(" – Veröffentlichung nicht vor diesem Zeitpunkt.")
    doc.add_paragraph("{%p endif %}")
    # The character count is for the press office (check, preview, JSON), not the public.
    cover = doc.add_paragraph("Pressemitteilung · {{ doc.place }}, {{ doc.date|datum('long') }}")
    cover.runs[0].font.size = Pt(8.5)
    doc.add_paragraph("{%p if doc.kicker %}")
    kicker = doc.add_paragraph().add_run("{{ doc.kicker }}")
    kicker.bold = True
    kicker.font.color.rgb = RGBColor(0xC5, 0x5A, 0x11)  # the accent colour, as in the PDF
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{{ doc.headline }}", style="Title")
    doc.add_paragraph("{%p if doc.subheading %}")
    doc.add_paragraph("{{ doc.subheading }}", style="Subtitle")
    doc.add_paragraph("{%p endif %}")
    lead = doc.add_paragraph()
    lead.add_run("{{ doc.place }}, {{ doc.date|datum }}. ").bold = True
    lead.add_run("{{ doc.lead }}")
    doc.add_paragraph("{{p photos }}")  # where the PDF shows them: after the lead
    doc.add_paragraph("{{p body }}")
    doc.add_paragraph("{%p for q in doc.quotes %}")
    doc.add_paragraph(
        "„{{ q.text }}“ – {{ q.person }}{% if q.function %}, {{ q.function }}{% endif %}",
        style="Quote",
    )
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("Über das Kommunale Integrationsmanagement", style="Heading 2")
    doc.add_paragraph("{{ boilerplate }}")
    doc.add_paragraph("Pressekontakt", style="Heading 2")
    contact = doc.add_paragraph("{{ contact.name }}{% if contact.phone %}")
    contact.add_run().add_break()
    contact.add_run("Telefon {{ contact.phone }}{% endif %}{% if contact.email %}")
    contact.add_run().add_break()
    contact.add_run("{{ contact.email }}{% endif %}")
    _save(doc, "press.docx", "Pressemitteilung")


def consent() -> None:
    """The consent form: its parts come from the kind, in reading order (``parts``)."""
    doc = _base_document()
    from docx.enum.style import WD_STYLE_TYPE

    easy = doc.styles.add_style("Leichte Sprache", WD_STYLE_TYPE.PARAGRAPH)
    easy.base_style = doc.styles["Normal"]
    easy.font.size = Pt(14)
    easy.paragraph_format.line_spacing = 1.5
    easy_item = doc.styles.add_style("Leichte Sprache Liste", WD_STYLE_TYPE.PARAGRAPH)
    easy_item.base_style = doc.styles["List Bullet"]
    easy_item.font.size = Pt(14)
    easy_item.paragraph_format.line_spacing = 1.5
    # Headings larger than the 14 pt text, as the PDF's (consent.css: 17 pt and 15 pt).
    for name, base, size in (
        ("Leichte Sprache Überschrift", "Heading 1", 17),
        ("Leichte Sprache Unterüberschrift", "Heading 2", 15),
    ):
        heading = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        heading.base_style = doc.styles[base]
        heading.font.size = Pt(size)
        heading.paragraph_format.keep_with_next = True  # never alone at a page's foot
    # In Leichte Sprache the running lines are 14 pt: short, as in the PDF, so that each
    # stays one line.
    _header_footer(
        doc,
        "{% if easy %}Vertraulich{% else %}{{ org.name }}{% if district %} · "
        "{{ district.name }}{% endif %} · VERTRAULICH{% endif %}",
        "Fall-ID {{ doc.case_id }}",
        "{% if easy %}{{ org.name }}{% else %}{{ title }} vom {{ doc.date|datum }}{% endif %}",
    )
    _letterhead(doc)
    doc.add_paragraph("{{ heading }}", style="Title")
    doc.add_paragraph(
        "Kommunales Integrationsmanagement{% if district %} – Bezirk {{ district.name }}{% endif %}"
    )
    # One line, bold, as the PDF's data line.
    doc.add_paragraph().add_run(
        "Fall-ID {{ doc.case_id }} · {% if easy %}Name{% else %}Klientin / Klient{% endif %}: "
        "{{ doc.client.name }} · Datum: {{ doc.date|datum }}"
    ).bold = True
    _parts(doc, "parts")
    _parts(doc, "information")
    doc.add_paragraph("{{p body }}")  # where the PDF has the notes: before the signatures
    # The signing area closes the form; render.docx keeps it on one page with the text before.
    _parts(doc, "signing")
    signing_table(
        doc,
        [
            ("{%tr for role in signers %}", [""]),
            ("Ort, Datum", ["{{ role }}"]),
            ("{%tr endfor %}", [""]),
        ],
    )
    for para in doc.paragraphs:
        if para.text.startswith("{%p") or para.text.startswith("{{p"):
            para.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _save(doc, "consent.docx", "Schweigepflichtentbindung")


def perspective() -> None:
    """The worksheet of a client's residence routes: the PDF's parts in the PDF's order.

    The label, the case id, the reference date and the rule set stand on every page: in
    the running header and footer, and on the first page in the letterhead's header too.
    """
    doc = _base_document()
    _header_footer(
        doc,
        "{{ stated.label }}",
        "Fall-ID {{ stated.case_id }}",
        "Stichtag {{ stated.on_text }} · {{ stated.rules_version }}",
    )
    _letterhead(doc)
    label = doc.sections[0].first_page_header.add_paragraph()
    run = label.add_run("{{ stated.label }}")
    run.bold, run.font.size = True, Pt(8.5)
    banner = doc.add_paragraph()
    banner.add_run("{{ stated.label }}").bold = True
    for side in ("top", "left", "bottom", "right"):
        _rule(banner, side, "C55A11", 12, 4)
    doc.add_paragraph("Wege zum Bleiberecht und zur Einbürgerung", style="Title")
    doc.add_paragraph(
        "Kommunales Integrationsmanagement{% if district %} – Bezirk {{ district.name }}{% endif %}"
    )
    _table(
        doc,
        None,
        [
            ["Fall-ID", "{{ stated.case_id }}"],
            ["{%tr if stated.client %}", ""],
            ["Klientin / Klient", "{{ stated.client }}"],
            ["{%tr endif %}", ""],
            [
                "Geburtsdatum",
                "{% if stated.birth %}{{ stated.birth|datum }} ({{ stated.birth_how }})"
                "{% else %}unbekannt{% endif %}",
            ],
            ["{%tr if stated.case_manager %}", ""],
            ["Fallmanagement", "{{ stated.case_manager }}"],
            ["{%tr endif %}", ""],
            ["Stichtag", "{{ stated.on_text }}"],
            ["Regelstand", "{{ stated.rules_version }}"],
            ["{%tr if stated.taken_from %}", ""],
            ["Aus der Akte", "Name und Geburtsdatum aus der {{ stated.taken_from }}"],
            ["{%tr endif %}", ""],
        ],
        [4.5, 12.1],
        row_headers=True,
    )
    stand = doc.add_paragraph("Stichtag {{ stated.on_text }} · {{ stated.rules_version }}")
    stand.runs[0].font.size = Pt(9)

    doc.add_paragraph("Überblick", style="Heading 1")
    colour = doc.add_paragraph()
    colour.add_run("Einteilung am Stichtag: {{ stated.colour }}").bold = True
    colour.add_run(
        " – {{ stated.colour_reason }}{% if stated.next_change %}. Nächste Änderung: "
        "{{ stated.next_change }}{% endif %}."
    )
    _table(
        doc,
        ["Weg", "Ergebnis", "Erfüllt ab", "Antrag spätestens am"],
        [
            ["{%tr for card in stated.cards %}", "", "", ""],
            [
                "{{ card.route.citation }}",
                "{{ card.route.outcome }}",
                "{% if card.route.opens %}{{ card.route.opens|datum }}{% else %}–{% endif %}",
                "{% if card.last_day %}{{ card.last_day|datum }}{% else %}–{% endif %}",
            ],
            ["{%tr endfor %}", "", "", ""],
        ],
        [4.6, 4, 3.6, 4.4],
        row_headers=True,
    )
    doc.add_paragraph("{%p if stated.deadlines %}")
    doc.add_paragraph("Fristen", style="Heading 2")
    doc.add_paragraph("{%p for d in stated.deadlines %}")
    deadline = doc.add_paragraph(style="List Bullet")
    deadline.add_run("{{ d.day|datum }}").bold = True
    deadline.add_run(
        ": letzter Tag für den Antrag nach {{ d.citation }}"
        "{% if d.opens %} (möglich ab {{ d.opens|datum }}){% endif %}"
    )
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    sharing = doc.add_paragraph()
    sharing.add_run("Weitergabe:").bold = True
    sharing.add_run(" {{ stated.sharing.statement }}")

    doc.add_paragraph("Die Wege im Einzelnen", style="Heading 1")
    doc.add_paragraph("{%p for card in stated.cards %}")
    doc.add_paragraph("{{ card.route.heading }}", style="Heading 2")
    verdict = doc.add_paragraph()
    verdict.paragraph_format.keep_with_next = True
    verdict.add_run("{{ card.route.outcome }}").bold = True
    verdict.add_run(
        "{% if card.route.opens_text %} · {{ card.route.opens_text }}{% endif %}"
        "{% if card.last_day %} · Antrag spätestens am {{ card.last_day|datum }}{% endif %}"
        "{% if card.applied_on %} · Antrag gestellt am {{ card.applied_on|datum }}{% endif %}"
    )
    meta = doc.add_paragraph(
        "Rechtsfolge: {{ card.route.consequence }} · Regeldatei {{ card.route.version }}"
    )
    meta.paragraph_format.keep_with_next = True
    meta.runs[0].font.size = Pt(9)
    table = _table(
        doc,
        ["Nr.", "Voraussetzung", "Ergebnis", "Sachverhalt", "Quelle"],
        [
            ["{%tr for row in card.rows %}", "", "", "", ""],
            [
                "{{ row.number }}",
                "{{ row.condition.text }} ({{ row.condition.kind }})"
                "{% if row.condition.counting %} Zählregel: {{ row.condition.counting }}"
                "{% endif %}",
                "{{ row.condition.outcome }}{% if row.condition.opens_text %} "
                "{{ row.condition.opens_text }}{% endif %}",
                "{{ row.condition.fact }}",
                "[{{ row.source }}]",
            ],
            ["{%tr endfor %}", "", "", "", ""],
        ],
        [1.1, 7, 2.2, 5, 1.3],
    )
    for row in table.rows[1:]:
        for cell in row.cells:
            for para in cell.paragraphs:
                for item in para.runs:
                    item.font.size = Pt(8.5)
    doc.add_paragraph("{%p if card.route.missing %}")
    doc.add_paragraph().add_run("Zur Entscheidung fehlt:").bold = True
    doc.add_paragraph("{%p for m in card.route.missing %}")
    doc.add_paragraph("{{ m }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if card.route.unproven %}")
    doc.add_paragraph().add_run("Nur angegeben, Nachweis fehlt:").bold = True
    doc.add_paragraph("{%p for u in card.route.unproven %}")
    doc.add_paragraph("{{ u }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if card.route.note %}")
    note = doc.add_paragraph()
    note.add_run("Hinweis:").bold = True
    note.add_run(" {{ card.route.note }}")
    for item in note.runs:
        item.font.size = Pt(9)
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for s in card.sources %}")
    source = doc.add_paragraph(
        "[{{ s.number }}] {{ s.text }}{% if s.url %} – {{ s.url }}{% endif %}"
    )
    source.paragraph_format.space_after = Pt(1)
    source.runs[0].font.size = Pt(7.5)
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{{p body }}")
    doc.add_paragraph("Zu diesem Arbeitsblatt", style="Heading 1")
    closing = doc.add_paragraph(
        "Das Arbeitsblatt ordnet die bekannten Angaben den Voraussetzungen der Wege zu. Es ist "
        "keine Entscheidung und keine Rechtsberatung: Über Anträge entscheiden die "
        "Ausländerbehörde und die Einbürgerungsbehörde. Unbekannte Angaben zählen nie als "
        "erfüllt; „nur angegeben“ heißt, dass der Nachweis noch fehlt. Die Regeln sind "
        "Beispiele und vor der Verwendung rechtlich zu prüfen."
    )
    closing.runs[0].font.size = Pt(9)
    for para in doc.paragraphs:
        if para.text.startswith("{%p") or para.text.startswith("{{p"):
            para.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _save(doc, "perspektive.docx", "Bleibeperspektive")


def _parts(doc: Any, name: str) -> None:
    """The form's parts (headings, paragraphs, lists), in standard or Leichte Sprache."""
    doc.add_paragraph(f"{{%p for part in {name} %}}")
    for kind, style in (("h2", "Heading 1"), ("h3", "Heading 2")):
        easy_style = "Leichte Sprache " + ("Überschrift" if kind == "h2" else "Unterüberschrift")
        doc.add_paragraph(f'{{%p {"if" if kind == "h2" else "elif"} part.kind == "{kind}" %}}')
        doc.add_paragraph("{%p if easy %}")
        doc.add_paragraph("{{ part.text }}", style=easy_style)
        doc.add_paragraph("{%p else %}")
        doc.add_paragraph("{{ part.text }}", style=style)
        doc.add_paragraph("{%p endif %}")
    doc.add_paragraph('{%p elif part.kind == "ul" %}')
    doc.add_paragraph("{%p for item in part.items %}")
    doc.add_paragraph("{%p if easy %}")
    doc.add_paragraph("{{ item }}", style="Leichte Sprache Liste")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("{{ item }}", style="List Bullet")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p elif easy %}")
    doc.add_paragraph("{{ part.text }}", style="Leichte Sprache")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("{{ part.text }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")


def _save(doc: Any, name: str, title: str) -> None:
    doc.core_properties.title = title
    doc.core_properties.language = "de-DE"
    # python-docx's own template names python-docx as author and in the comments.
    doc.core_properties.author = "kimdocs"
    doc.core_properties.comments = ""
    buffer = io.BytesIO()
    doc.save(buffer)
    # Fixed zip dates: rebuilding the template without changes leaves git clean.
    (OUT / name).write_bytes(normalise_zip(buffer.getvalue()))
    print(f"geschrieben: {OUT / name}")


if __name__ == "__main__":
    agreement()
    minutes()
    press()
    consent()
    perspective()
