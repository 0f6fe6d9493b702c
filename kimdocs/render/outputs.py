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
    return [f for f in dict.fromkeys(chosen) if f in doc.kind.formats]


def targets(doc: Document, project: Project, formats: Iterable[str] | None) -> list[Path]:
    stem = project.output_dir / doc.output_stem
    return [stem.with_suffix(f".{fmt}") for fmt in wanted_formats(doc, project, formats)]


def render_all(
    doc: Document, project: Project, env: jinja2.Environment, formats: Iterable[str] | None
) -> dict[Path, bytes]:
    from kimdocs.render.docx import render_docx
    from kimdocs.render.html import render_html

    out: dict[Path, bytes] = {}
    html: str | None = None
    for target in targets(doc, project, formats):
        fmt = target.suffix.lstrip(".")
        if fmt in ("html", "pdf") and html is None:
            html = render_html(doc, project, env)
        if fmt == "html":
            assert html is not None
            web = doc.kind.web_template
            page = html if web is None else render_template(env, web, base_context(doc, project))
            out[target] = page.encode("utf-8")
        elif fmt == "txt":
            text = render_template(env, f"{doc.kind.template}.txt", base_context(doc, project))
            out[target] = text.encode("utf-8")
        elif fmt == "json":
            data = json.dumps(doc.kind.data(doc, project), ensure_ascii=False, indent=2)
            out[target] = (data + "\n").encode("utf-8")
        elif fmt == "pdf":
            from kimdocs.render.pdf import render_pdf

            assert html is not None
            out[target] = render_pdf(
                html, base_dir=doc.source.path.parent, root=project.root, source=doc.source.path
            )
        elif fmt == "docx":
            out[target] = render_docx(doc, project)
    return out
