"""Render every requested format of one document in memory: all or nothing."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import jinja2

from kimdocs.kinds import Document
from kimdocs.project import Project
from kimdocs.render.context import base_context
from kimdocs.templates import render_template


def wanted_formats(doc: Document, project: Project, formats: Iterable[str] | None) -> list[str]:
    chosen = list(formats) if formats else [*project.config.formats, *doc.kind.always_formats]
    return [f for f in dict.fromkeys(chosen) if f in doc.kind.formats or _png_of_pdf(f, doc)]


def _png_of_pdf(fmt: str, doc: Document) -> bool:
    # Page pictures come from the PDF: every kind that has a PDF has them.
    return fmt == "png" and "pdf" in doc.kind.formats


def targets(doc: Document, project: Project, formats: Iterable[str] | None) -> list[Path]:
    """The files a build writes; for PNG the first page (how many follow depends on the PDF)."""
    from kimdocs.render.png import page_name

    stem = project.output_dir / doc.output_stem
    return [
        page_name(stem, 1) if fmt == "png" else stem.with_suffix(f".{fmt}")
        for fmt in wanted_formats(doc, project, formats)
    ]


def render_all(
    doc: Document, project: Project, env: jinja2.Environment, formats: Iterable[str] | None
) -> dict[Path, bytes]:
    from kimdocs.render.docx import render_docx

    context = base_context(doc, project)  # once: kinds compute counts and glossaries here
    page: str | None = None

    def print_page() -> str:
        """The HTML the PDF is made from; also the HTML output of kinds without a web page."""
        nonlocal page
        if page is None:
            page = render_template(env, f"{doc.kind.template}.html", context)
        return page

    # Where the PDF renderer may read pictures from, and which file its errors name.
    where = {"base_dir": doc.source.path.parent, "root": project.root, "source": doc.source.path}
    pdf: bytes | None = None

    def pdf_bytes() -> bytes:
        """The PDF once: the PDF output and the page pictures share it."""
        nonlocal pdf
        if pdf is None:
            from kimdocs.render.pdf import page_anchors, render_pdf

            sheet = doc.kind.print_sheet(
                doc,
                context,
                print_page(),
                lambda html: page_anchors(html, **where),
                lambda extra: render_template(env, f"{doc.kind.template}.html", context | extra),
            )
            pdf = render_pdf(sheet, **where)
        return pdf

    out: dict[Path, bytes] = {}
    for target in targets(doc, project, formats):
        fmt = target.suffix.lstrip(".")
        if fmt == "html":
            web = doc.kind.web_template
            html = print_page() if web is None else render_template(env, web, context)
            out[target] = html.encode("utf-8")
        elif fmt == "txt":
            text = render_template(env, f"{doc.kind.template}.txt", context)
            out[target] = text.encode("utf-8")
        elif fmt == "json":
            data = json.dumps(doc.kind.data(doc, context), ensure_ascii=False, indent=2)
            out[target] = (data + "\n").encode("utf-8")
        elif fmt == "pdf":
            out[target] = pdf_bytes()
        elif fmt == "png":
            from kimdocs.render.png import render_pages

            out.update(render_pages(pdf_bytes(), project.output_dir / doc.output_stem))
        elif fmt == "docx":
            out[target] = render_docx(doc, project, context)
    return out
