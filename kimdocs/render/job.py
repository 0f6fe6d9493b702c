"""One document on its way to several formats: what the renderers share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from kimdocs import formats as registry
from kimdocs.base.errors import Problem
from kimdocs.kinds import Document
from kimdocs.project import Project
from kimdocs.render.context import base_context
from kimdocs.templating.data import for_templates
from kimdocs.templating.environment import render_template
from kimdocs.translation.document import FALLBACK_CLOSE, FALLBACK_OPEN, mark_fallbacks


@dataclass
class Job:
    """One document on its way to several formats; what they share is made once."""

    doc: Document[Any]
    project: Project
    env: jinja2.Environment
    # Fresh files of formats not rendered this time, which others may reuse: {"pdf": path}.
    reuse: Mapping[str, Path] = field(default_factory=dict)
    # The kind's context (its statements) and the document type's extras (a report's
    # figures), made once in the read phase; made here from the kind alone if not given.
    extra: Mapping[str, Any] | None = None
    _page: str | None = None
    pdf: bytes | None = None  # made once by the PDF renderer, shared with the page pictures
    # What the renderers found wrong without failing (a near-empty page), for the report.
    warnings: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        extra = self.extra
        if extra is None:
            extra = self.doc.kind.context(self.doc, self.project)
        self.context = base_context(self.doc, self.project) | dict(extra)

    @property
    def stem(self) -> Path:
        return self.project.output_dir / self.doc.output_stem

    def target(self, format_id: str) -> Path:
        return registry.get(format_id).first_file(self.stem)

    def render(self, template: str, extra: dict[str, Any] | None = None) -> str:
        text = render_template(self.env, template, for_templates(self.context | (extra or {})))
        if template.endswith(".html"):
            return mark_fallbacks(text)
        return text.replace(FALLBACK_OPEN, "").replace(FALLBACK_CLOSE, "")

    def print_page(self) -> str:
        """The HTML the PDF is made from; also the HTML output of kinds without a web page."""
        if self._page is None:
            self._page = self.render(f"{self.doc.kind.template}.html")
        return self._page
