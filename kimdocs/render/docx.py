"""Document[Any] → DOCX with docxtpl: the template gives the frame, Markdown fills the body."""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import jinja2.exceptions

from kimdocs.assets import RASTER_SUFFIXES, word_picture
from kimdocs.base.errors import Problem, TemplateError
from kimdocs.kinds import Document
from kimdocs.project import Project
from kimdocs.render.functions import block_markdown
from kimdocs.templating.data import Printable, for_templates, functions
from kimdocs.templating.environment import (
    docx_environment,
    find_template,
    unsafe_message,
    unsafe_name,
)

if TYPE_CHECKING:
    from kimdocs.render.job import Job

_EPOCH = (1980, 1, 1, 0, 0, 0)
# Tables with this caption (``w:tblCaption``) are a signing area: kept on one page with
# the paragraph before them (``docx_pages``); the shipped templates set it.
SIGNING_CAPTION = "Unterschriften"
# A document in Leichte Sprache (context "easy"): every character this big, as in its PDF.
EASY_POINTS = 14.0

# Where a DOCX differs from its PDF on purpose, and only there: the parity test
# (tests/test_docx_parity.py) leaves out exactly these, and the README lists them.
LAYOUT_DIFFERENCES = {
    "running": "Laufende Kopf- und Fußzeilen (Organisation, Fall-ID, Seitenzahlen): jedes "
    "Programm setzt sie nach seinem eigenen Seitenumbruch; der Briefkopf der ersten Seite "
    "mit Logo und Anschrift ist in beiden gleich.",
    "header-rows": "Kopfzeilen von Tabellen, die auf Folgeseiten wiederholt werden: der "
    "Text enthält sie einmal, beide zeigen sie auf jeder Seite.",
    "list-markers": "Aufzählungszeichen und Nummern von Listen: Word zählt selbst.",
    # Slides are for presenting; the DOCX of the same report is for editing and printing.
    "slides": "Folien (Bericht mit layout: folien): das PDF zeigt eine Folie je Thema "
    "im Format 16:9, das DOCX dieselben Texte, Diagramme und Tabellen in derselben "
    "Reihenfolge auf A4.",
}


def docx_output(job: Job) -> dict[Path, bytes]:
    return {job.target("docx"): render_docx(job.doc, job.project, job.context)}


def render_docx(doc: Document[Any], project: Project, shared: dict[str, Any]) -> bytes:
    """``shared`` is the document's template context; it is not changed."""
    from docxtpl import DocxTemplate

    template_path = find_template(project, f"{doc.kind.template}.docx")
    # A DocxTemplate renders once; a fresh one per document avoids leaking state.
    tpl = DocxTemplate(str(template_path))
    context = for_templates({**shared, **docx_extras(tpl, doc, project, shared)})
    try:
        tpl.render(context, jinja_env=docx_environment(), autoescape=True)
    except jinja2.exceptions.SecurityError as exc:
        name = unsafe_name(exc)
        # A computed name (``x|attr(n)``) is not in the text; its filter is.
        suspects = paragraphs_with(tpl.docx, name) or paragraphs_with(tpl.docx, "attr(")
        shown = "; ".join(f"„{text}“" for text in suspects)
        raise TemplateError(
            Problem(
                unsafe_message(exc) + (f" Absatz: {shown}." if shown else ""), file=template_path
            )
        ) from None
    except RecursionError:
        raise TemplateError(
            Problem(
                "Die DOCX-Vorlage ruft sich ohne Ende selbst auf (Rekursion, etwa ein Makro, "
                "das sich selbst aufruft) und wurde abgebrochen.",
                file=template_path,
            )
        ) from None
    except jinja2.TemplateError as exc:
        # Jinja's line numbers count lines of the document XML, which mean nothing in Word.
        where = "; ".join(f"Absatz {n}: „{text}“" for n, text in unbalanced_paragraphs(tpl.docx))
        hint = f" Verdächtig: {where}." if where else ""
        raise TemplateError(
            Problem(
                f"Fehler in der DOCX-Vorlage ({exc}).{hint} Platzhalter stehen in {{{{ … }}}}, "
                "Anweisungen in {% … %}.",
                file=template_path,
            )
        ) from None
    _document_properties(tpl.docx, doc, project)
    from kimdocs.render.docx_pages import BODY_POINTS, at_least, hold_pages_together

    easy = bool(shared.get("easy"))
    if easy:
        at_least(tpl.docx, EASY_POINTS)
    hold_pages_together(tpl.docx, SIGNING_CAPTION, EASY_POINTS if easy else BODY_POINTS)
    buffer = io.BytesIO()
    tpl.save(buffer)
    data = normalise_zip(buffer.getvalue())
    _refuse_external(data, template_path)
    return data


def _refuse_external(data: bytes, template_path: Path) -> None:
    """The generated DOCX passes the same inspector as the templates: what the template
    check accepts comes out clean, and what a template computes at run time (a field
    code from a placeholder) is still refused."""
    from kimdocs.word.inspect import inspect_docx

    found = inspect_docx(data)
    if found:
        raise TemplateError(
            [
                Problem(
                    f"Das erzeugte DOCX enthält {finding.message}. Es wird nicht geschrieben; "
                    "die Vorlage setzt es beim Ausfüllen ein.",
                    file=template_path,
                )
                for finding in found
            ]
        )


@functools.cache
def _empty_package() -> bytes:
    """A DOCX package with nothing but an empty body, for subdocuments.

    A subdocument takes its styles, numbering and pictures from the template it goes
    into; parsing all parts of python-docx's default document for each one took 10 ms.
    """
    import docx

    default = Path(docx.__file__).parent / "templates" / "default.docx"
    keep = ("[Content_Types].xml", "_rels/.rels", "word/document.xml")
    no_relations = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
        b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(default) as source, zipfile.ZipFile(out, "w") as target:
        for name in keep:
            data = source.read(name)
            if name == "_rels/.rels":  # only the document itself, no properties or thumbnail
                data = re.sub(
                    rb"<Relationship [^>]*Target=\"(?!word/document\.xml)[^>]*/>", b"", data
                )
            target.writestr(name, data)
        target.writestr("word/_rels/document.xml.rels", no_relations)
    return out.getvalue()


def _subdoc(tpl: Any) -> Any:
    """``tpl.new_subdoc()``, with the empty package as scratch document.

    Like docxtpl's own subdocuments without a file, it shares the template's document
    part, so that styles, numbering and pictures resolve in the template.
    """
    from docx import Document as open_docx
    from docxtpl.subdoc import Subdoc

    sub = Subdoc.__new__(Subdoc)
    sub.tpl, sub.docx = tpl, tpl.get_docx()
    sub.subdocx = open_docx(io.BytesIO(_empty_package()))
    sub.subdocx._part = sub.docx._part
    return sub


def docx_extras(
    tpl: Any, doc: Document[Any], project: Project, shared: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What a DOCX template gets beyond the common context (``DOCX_EXTRA_NAMES``).

    Subdocuments and pictures are python-docx objects whose public methods write files
    (``save``); templates get them as :class:`Printable` pieces, which can only be printed.
    """
    from kimdocs.render.logo_picture import svg_png
    from kimdocs.word.from_markdown import add_markdown, html_as_markdown

    base_dir = doc.source.path.parent

    def subdoc(text: str) -> Printable:
        """Markdown as a subdocument of the template, as every DOCX text name gives it."""
        sub = _subdoc(tpl)
        add_markdown(sub, text, base_dir=base_dir, heading_offset=-1, svg_as_png=svg_png)
        return printable(sub)

    body = subdoc(doc.source.body)

    def section(slug: str) -> Printable:
        found = doc.body.by_slug().get(slug)
        return printable(_subdoc(tpl)) if found is None else subdoc(found.markdown)

    def block(name: str) -> Printable:
        return subdoc(block_markdown(doc, project, name))

    html_blocks = functools.cache(lambda: _html_template_blocks(doc, project, shared or {}))

    def html_block(name: str) -> Printable:
        """A ``{% block %}`` of the kind's HTML template, as the PDF shows it: a project
        template that fills a block (a text block, office hours) fills the DOCX too."""
        return subdoc(html_as_markdown(html_blocks()(name)))

    return {
        "body": body,
        **functions(section=section, baustein=block, block=html_block),
        "photos": _photos(tpl, doc),
        "letterhead_logo": _letterhead_logo(tpl, shared or {}),
    }


def printable(piece: Any) -> Printable:
    """A docxtpl subdocument or picture as a piece a template can print and not inspect."""
    return Printable(lambda: str(piece))


def _html_template_blocks(
    doc: Document[Any], project: Project, shared: dict[str, Any]
) -> Callable[[str], str]:
    """The blocks of the kind's HTML template, rendered on demand by name. A block that
    a project's own template does not have comes from the shipped one (``""`` if neither
    has it), so that a DOCX never loses the shipped text."""
    from kimdocs.templating.environment import html_environment, template_error

    env = html_environment(project)
    name = f"{doc.kind.template}.html"
    contexts: list[Any] = []
    try:
        for template_name in (name, f"default/{name}"):
            template = env.get_template(template_name)
            context = template.new_context(for_templates(shared))
            # Rendering once lets ``{% extends %}`` register the blocks of every parent.
            for _ in template.root_render_func(context):
                pass
            contexts.append(context)
    except jinja2.TemplateError as exc:
        raise template_error(exc) from None

    def render(block: str) -> str:
        for context in contexts:
            functions = context.blocks.get(block)
            if functions:
                try:
                    return "".join(functions[0](context))
                except jinja2.TemplateError as exc:
                    raise template_error(exc) from None
        return ""

    return render


def _letterhead_logo(tpl: Any, shared: dict[str, Any]) -> Any:
    """The logo as a picture for the letterhead (16 mm high, as in the PDF), with the
    same alternative text as the PDF's."""
    from docx.shared import Mm
    from docxtpl import InlineImage

    from kimdocs.render.logo_picture import logo_png

    data = logo_png(str(shared.get("logo", "")))
    if not data:
        return ""
    alt = f"Logo: {getattr(shared.get('org'), 'name', '')}"

    class _Logo(InlineImage):  # type: ignore[misc]
        def _insert_image(self) -> str:
            from xml.sax.saxutils import quoteattr

            xml = str(super()._insert_image())
            return xml.replace("<wp:docPr ", f"<wp:docPr descr={quoteattr(alt)} ", 1)

    return printable(_Logo(tpl, io.BytesIO(data), height=Mm(16)))


def _photos(tpl: Any, doc: Document[Any]) -> Any:
    """Pictures with alt text and a caption with credit, for kinds that have photos."""
    from docx.shared import Cm

    from kimdocs.render.logo_picture import svg_png

    photos = getattr(doc.fields, "photos", [])
    if not photos:
        return ""  # "{{p photos }}" then removes its paragraph
    sub = _subdoc(tpl)
    for photo in photos:
        path = doc.source.path.parent / photo.file
        suffix = path.suffix.lower()
        if suffix in (*RASTER_SUFFIXES, ".svg"):
            source: Any = io.BytesIO(svg_png(path, 120)) if suffix == ".svg" else word_picture(path)
            shape = sub.add_paragraph().add_run().add_picture(source, width=Cm(12))
            shape._inline.docPr.set("descr", photo.alt)
            # The terms of use are for the editor, not the public: the PDF does not print
            # them; Word shows them in the picture's properties.
            shape._inline.docPr.set("title", f"Nutzung: {photo.usage}")
        caption = sub.add_paragraph(style="Caption")
        caption.add_run(f"{photo.caption} {photo.credit}")
    return printable(sub)


def unbalanced_paragraphs(docx: Any) -> list[tuple[int, str]]:
    """Paragraphs whose {{ }} or {% %} do not pair up: the usual broken tag."""
    found = []
    for n, para in enumerate(docx.paragraphs, start=1):
        text = para.text
        if text.count("{{") != text.count("}}") or text.count("{%") != text.count("%}"):
            found.append((n, text if len(text) <= 60 else text[:59] + "…"))
    return found


def paragraphs_with(docx: Any, needle: str) -> list[str]:
    """Texts of the paragraphs (body, headers, footers) that contain ``needle``."""
    from docx.oxml.ns import qn

    if not needle:
        return []
    roots = [docx.element.body]
    for section in docx.sections:
        roots += [section.header._element, section.footer._element]
    found: list[str] = []
    for root in roots:
        for para in root.iter(qn("w:p")):
            text = "".join(t.text or "" for t in para.iter(qn("w:t")))
            if needle in text and text not in found:
                found.append(text if len(text) <= 60 else text[:59] + "…")
    return found


def core_properties(
    docx: Any,
    title: str,
    author: str,
    language: str,
    day: dt.date,
    *,
    subject: str | None = None,
    editor: str | None = None,
) -> None:
    """What Word shows under File > Properties, for every DOCX kimdocs writes.

    Dated at noon of the document's own date, not of the build: the same input gives the
    same bytes. A subject and an editor are named where the writer has them.
    """
    with _core_namespace():
        props = docx.core_properties
        props.title = _property(title)
        if subject is not None:
            props.subject = _property(subject)
        props.author = _property(author)
        if editor is not None:
            props.last_modified_by = _property(editor)
        props.language = language
        props.comments = ""  # python-docx's template names itself here; Word shows it
        stamp = dt.datetime.combine(day, dt.time(12, 0))
        props.created = stamp
        props.modified = stamp
        props.revision = 1


@contextmanager
def _core_namespace() -> Iterator[None]:
    """docxcompose (imported by docxtpl) rebinds python-docx's ``cp`` prefix to the custom
    properties, so that ``last_modified_by`` and ``revision`` would land in a second,
    foreign element; core properties are written with the core namespace."""
    from docx.oxml.ns import nsmap

    saved = nsmap.get("cp")
    nsmap["cp"] = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    try:
        yield
    finally:
        if saved is not None:
            nsmap["cp"] = saved


# Word's document properties hold 255 characters each (python-docx refuses more). A longer
# title is the document's own business (``check`` says so for a press release's); the
# properties get it shortened.
MAX_PROPERTY = 255


def _property(value: str) -> str:
    return value if len(value) <= MAX_PROPERTY else value[: MAX_PROPERTY - 1] + "…"


def _document_properties(docx: Any, doc: Document[Any], project: Project) -> None:
    org = project.config.organisation.name
    core_properties(docx, doc.title, org, "de-DE", doc.date, subject=doc.kind.label, editor=org)
    primary = project.config.colours.primary.lstrip("#")
    from docx.shared import RGBColor

    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        style = next((s for s in docx.styles if s.name == name), None)
        if style is not None:
            style.font.color.rgb = RGBColor.from_string(primary.upper())


def normalise_zip(data: bytes) -> bytes:
    """Fixed member dates and order, so the same input gives the same DOCX bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()
