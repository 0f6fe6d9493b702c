"""Render the requested formats of one document in memory: all or nothing.

Which formats exist, which files they write and which renderer makes them is declared
in :mod:`kimdocs.formats`; this module only runs the renderers on one shared job.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from kimdocs import formats as registry
from kimdocs.kinds import Document
from kimdocs.project import Project
from kimdocs.render.context import base_context
from kimdocs.templates import render_template

Outputs = dict[str, dict[Path, bytes]]  # format id → files it wrote


def wanted_formats(doc: Document, project: Project, formats: Iterable[str] | None) -> list[str]:
    """The requested formats the document's kind has (all the project's, if none asked)."""
    chosen = list(formats) if formats else [*project.config.formats, *doc.kind.always_formats]
    return [
        f
        for f in dict.fromkeys(chosen)
        if f in registry.FORMATS and registry.get(f).available_for(doc.kind.formats)
    ]


def first_files(doc: Document, project: Project, formats: Iterable[str]) -> list[Path]:
    """The files the formats surely write (for page pictures: the first page)."""
    stem = project.output_dir / doc.output_stem
    return [registry.get(f).first_file(stem) for f in formats]


@dataclass
class Job:
    """One document on its way to several formats; what they share is made once."""

    doc: Document
    project: Project
    env: jinja2.Environment
    # Fresh files of formats not rendered this time, which others may reuse: {"pdf": path}.
    reuse: Mapping[str, Path] = field(default_factory=dict)
    _page: str | None = None
    _pdf: bytes | None = None

    def __post_init__(self) -> None:
        self.context = base_context(self.doc, self.project)  # kinds compute counts here

    @property
    def stem(self) -> Path:
        return self.project.output_dir / self.doc.output_stem

    def target(self, format_id: str) -> Path:
        return registry.get(format_id).first_file(self.stem)

    def render(self, template: str, extra: dict[str, Any] | None = None) -> str:
        return render_template(self.env, template, self.context | (extra or {}))

    def print_page(self) -> str:
        """The HTML the PDF is made from; also the HTML output of kinds without a web page."""
        if self._page is None:
            self._page = self.render(f"{self.doc.kind.template}.html")
        return self._page

    def pdf(self) -> bytes:
        """The PDF once: the PDF output and the page pictures share it, or reuse a fresh one."""
        if self._pdf is None:
            existing = self.reuse.get("pdf")
            if existing is not None and existing.is_file():
                self._pdf = existing.read_bytes()
            else:
                from kimdocs.render.pdf import page_anchors, render_pdf

                # Where the PDF renderer may read pictures from, and which file errors name.
                where = {
                    "base_dir": self.doc.source.path.parent,
                    "root": self.project.root,
                    "source": self.doc.source.path,
                }
                sheet = self.doc.kind.print_sheet(
                    self.doc,
                    self.context,
                    self.print_page(),
                    lambda html: page_anchors(html, **where),
                    lambda extra: self.render(f"{self.doc.kind.template}.html", extra),
                )
                self._pdf = render_pdf(sheet, **where)
        return self._pdf


Renderer = Callable[[Job], dict[Path, bytes]]


def renderer(format_id: str) -> Renderer:
    module, _, name = registry.get(format_id).renderer.partition(":")
    found: Renderer = getattr(importlib.import_module(module), name)
    return found


def render_all(
    doc: Document,
    project: Project,
    env: jinja2.Environment,
    formats: Iterable[str] | None,
    reuse: Mapping[str, Path] | None = None,
) -> Outputs:
    """Every wanted format of ``doc``, or an exception: nothing is written here."""
    job = Job(doc, project, env, reuse or {})
    return {fmt: renderer(fmt)(job) for fmt in wanted_formats(doc, project, formats)}
