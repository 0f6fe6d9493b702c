"""Render every requested format of one document in memory: all or nothing."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import jinja2

from kimdocs.kinds import Document
from kimdocs.project import Project
from kimdocs.templates import SHIPPED_DIR


def wanted_formats(doc: Document, project: Project, formats: Iterable[str] | None) -> list[str]:
    return [f for f in (formats or project.config.formats) if f in doc.kind.formats]


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
            out[target] = html.encode("utf-8")
        elif fmt == "pdf":
            from kimdocs.render.pdf import render_pdf

            assert html is not None
            out[target] = render_pdf(
                html,
                base_dir=doc.source.path.parent,
                allowed=[project.root, SHIPPED_DIR],
                source=doc.source.path,
            )
        elif fmt == "docx":
            out[target] = render_docx(doc, project)
    return out
