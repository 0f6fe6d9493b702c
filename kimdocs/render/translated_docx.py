"""The client's copy of an agreement as DOCX, in the client's language.

Written with python-docx from the same template variables as the PDF (the signing
template ``agreement.docx`` is for the German original). Every paragraph and run carries
the document's language; in Arabic and Persian they are marked right-to-left, so that
Word and LibreOffice mirror the page and order mixed text correctly.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kimdocs.base.dates import german_date
from kimdocs.kinds.agreement import AgreementStatements
from kimdocs.render.docx import SIGNING_CAPTION, core_properties, normalise_zip
from kimdocs.render.docx_pages import hold_pages_together
from kimdocs.translation.languages import Language

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from kimdocs.render.job import Job

# Word's language tags: a language alone ("ar") is valid, but Word picks proofing and
# fonts by region; these are the regions Word offers first.
_WORD_LANG = {"ar": "ar-SA", "fa": "fa-IR", "uk": "uk-UA", "ru": "ru-RU", "tr": "tr-TR"}
_WORD_LANG |= {"ti": "ti-ET", "en": "en-GB", "de": "de-DE"}


def client_copy_docx(job: Job) -> dict[Path, bytes]:
    from docx import Document as new_document

    c = job.context
    t = c["t"]
    lang: Language = c["translation"].language
    from kimdocs.render.docx_letterhead import add_letterhead

    docx = new_document()
    _documents_font(docx)
    add_letterhead(docx, job.project.config.organisation, str(c.get("logo", "")))
    docx.add_heading(c["title"], level=1)
    docx.add_paragraph(t("Ihre Kopie der Vereinbarung"))
    note = c["translation"].note
    if note:
        docx.add_paragraph(note).runs[0].bold = True
    docx.add_paragraph(
        t(
            "Das Original ist die deutsche Vereinbarung, die Sie unterschrieben haben. "
            "Diese Übersetzung hilft Ihnen, sie zu verstehen."
        )
    )
    stated: AgreementStatements = c["stated"]
    meta = [
        (t("Fall-ID"), stated.case_id),
        (t("Datum"), german_date(stated.date)),
        (t("Nächste Überprüfung"), german_date(stated.review)),
        # Name and, on a line of its own, how to reach her: as in the PDF.
        (
            t("Ihre Ansprechperson"),
            "\n".join(x for x in (stated.case_manager.name, stated.case_manager.contact) if x),
        ),
    ]
    _table(docx, None, meta)
    docx.add_heading(t("Ziele und Schritte"), level=2)
    for goal in stated.goals:
        docx.add_heading(f"{t('Ziel {nummer}:', nummer=goal.number)} {goal.goal}", level=3)
        docx.add_paragraph(
            f"{t('Handlungsfeld:')} {goal.life_area} · {t('Priorität:')} "
            f"{t(goal.priority)} · {t('Frist:')} {german_date(goal.deadline)}"
        )
        docx.add_paragraph(
            f"{t('Daran erkennen wir, dass das Ziel erreicht ist:')} {goal.indicator}"
        )
        rows = [(s.what, s.who, german_date(s.due), t(s.status)) for s in goal.steps]
        _table(docx, (t("Schritt"), t("Wer"), t("Bis"), t("Stand")), rows)
    docx.add_heading(t("Überprüfung"), level=2)
    docx.add_paragraph(
        t(
            "Wir überprüfen diese Vereinbarung gemeinsam am {datum}. Dann sprechen wir "
            "darüber, was erreicht ist und was sich geändert hat.",
            datum=german_date(stated.review),
        )
    )
    closing = len(docx.paragraphs)
    docx.add_heading(t("Freiwilligkeit und Datenschutz"), level=2)
    for text in _data_protection(t, stated):
        if text.startswith(LIST_ITEM):
            docx.add_paragraph(text.removeprefix(LIST_ITEM), style="List Bullet")
        else:
            docx.add_paragraph(text)
    docx.add_heading(t("Unterschrieben haben"), level=2)
    for signer in stated.signers:
        docx.add_paragraph(f"{t(signer.role)}: {signer.name}", style="List Bullet")
    revised = c["translation"].revised
    docx.add_paragraph(
        t("Stand der Übersetzung: {datum}", datum=german_date(revised) if revised else "–")
    )
    docx.add_paragraph(t("Stand des deutschen Textes: {datum}", datum=german_date(stated.date)))
    mark_language(docx, lang)
    # The closing section does not split (as in the PDF): no page holds its last lines alone.
    # After mark_language: python-docx puts keepNext ahead of bidi, where Word wants it.
    for paragraph in docx.paragraphs[closing:-1]:
        paragraph.paragraph_format.keep_with_next = True
    # Rows that do not split, columns as wide as their longest word, breakable addresses.
    hold_pages_together(docx, SIGNING_CAPTION)
    org, tag = job.project.config.organisation.name, _WORD_LANG.get(lang.code, lang.code)
    core_properties(docx, c["title"], org, tag, job.doc.date)
    buffer = io.BytesIO()
    docx.save(buffer)
    return {job.target("docx"): normalise_zip(buffer.getvalue())}


def _documents_font(docx: DocxDocument) -> None:
    """The PDF's fonts (base.css) at the templates' 10.5 pt and spacing, for Latin and for
    right-to-left text alike: ``docx_pages`` fits the table columns to that size."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    normal = docx.styles["Normal"]
    # The templates' spacing (tools/make_docx_templates.py), not Word's wide default.
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.15
    font = normal.font
    font.name = "Noto Sans"
    font.size = Pt(10.5)
    r_pr = docx.styles["Normal"].element.get_or_add_rPr()
    r_pr.get_or_add_rFonts().set(qn("w:cs"), "Noto Sans Arabic")
    size_cs = r_pr.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = r_pr.makeelement(qn("w:szCs"), {})
        r_pr.find(qn("w:sz")).addnext(size_cs)
    size_cs.set(qn("w:val"), "21")


LIST_ITEM = "\x00"  # marks a paragraph of _data_protection that is a list item


def _data_protection(t: Any, stated: AgreementStatements) -> list[str]:
    """The copy's paragraphs on voluntariness and consent: the sentences of its HTML
    template, from the agreement's statements (every consent with its partners and dates)."""
    texts = [
        t(
            "Die Teilnahme am Fallmanagement ist freiwillig. Diese Vereinbarung kann jederzeit "
            "gemeinsam geändert oder beendet werden; Nachteile entstehen daraus nicht."
        ),
        t(
            "Die Informationen zum Datenschutz nach Art. 13 DSGVO haben Sie am {datum} bekommen.",
            datum=german_date(stated.informed_on),
        ),
    ]
    for consent in stated.consents:
        texts.append(
            t(
                "Am {datum} haben Sie eine Schweigepflichtentbindung unterschrieben. Sie gilt "
                "bis zum {bis}. Damit dürfen wir Daten an diese Stellen weitergeben:",
                datum=german_date(consent.signed_on),
                bis=german_date(consent.valid_until),
            )
        )
        texts += [LIST_ITEM + partner for partner in consent.partners]
    if not stated.consents and stated.consent_on is not None:
        texts.append(
            t(
                "Die Einwilligung in die Verarbeitung und Weitergabe personenbezogener Daten "
                "wurde am {datum} gesondert erteilt.",
                datum=german_date(stated.consent_on),
            )
        )
    elif not stated.consents:
        texts.append(
            t("Eine Einwilligung in die Weitergabe von Daten an Netzwerkpartner liegt nicht vor.")
        )
    return texts


def _table(
    docx: DocxDocument, header: tuple[str, ...] | None, rows: Iterable[tuple[str, ...]]
) -> None:
    rows = list(rows)
    width = len(header) if header else len(rows[0])
    table = docx.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for number, row in enumerate([header, *rows] if header else rows):
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text)
            if header and number == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def mark_language(docx: DocxDocument, lang: Language) -> None:
    """Every paragraph and run: its language, and right-to-left where the script is."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tag = _WORD_LANG.get(lang.code, lang.code)
    paragraphs = list(docx.paragraphs)
    for table in docx.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    for paragraph in paragraphs:
        p_pr = paragraph._p.get_or_add_pPr()
        if lang.rtl and not _right_to_left(paragraph.text):
            # Names, numbers, addresses only: a left-to-right line at the right-hand edge. In
            # a right-to-left paragraph the bidi rules turn "02581 000-401" into
            # "000-401 02581"; the PDF isolates such data the same way (<bdi dir="ltr">).
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif lang.rtl and p_pr.find(qn("w:bidi")) is None:
            # The schema's order: after the paragraph style, before spacing and alignment.
            style = p_pr.find(qn("w:pStyle"))
            p_pr.insert(1 if style is not None else 0, OxmlElement("w:bidi"))
        for run in paragraph.runs:
            r_pr = run._r.get_or_add_rPr()
            if lang.rtl and _right_to_left(run.text):
                # Only a run with Arabic (Hebrew, …) letters: a run of names, numbers and
                # addresses marked right-to-left is reordered around its dots, brackets and
                # commas ("(fiktiv) 000-401 02581"); unmarked, it stays one left-to-right piece.
                r_pr.append(OxmlElement("w:rtl"))
            mark = OxmlElement("w:lang")
            # w:bidi is the language of right-to-left text, w:val of the rest.
            mark.set(qn("w:bidi" if lang.rtl else "w:val"), tag)
            if lang.rtl:
                mark.set(qn("w:val"), "de-DE")  # names and German terms in Latin script
            r_pr.append(mark)
    for table in docx.tables:
        if lang.rtl:
            tbl_pr = table._tbl.tblPr
            style = tbl_pr.find(qn("w:tblStyle"))
            tbl_pr.insert(1 if style is not None else 0, OxmlElement("w:bidiVisual"))


def _right_to_left(text: str) -> bool:
    """Whether ``text`` has a letter of a right-to-left script."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)
