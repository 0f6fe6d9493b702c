"""Render the requested formats of one document in memory: all or nothing.

Which formats exist, which files they write and which renderer makes them is declared
in :mod:`kimdocs.formats`; this module only runs the renderers on one shared job.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2

from kimdocs import formats as registry
from kimdocs.base.errors import Problem
from kimdocs.kinds import Document
from kimdocs.project import Project
from kimdocs.render.job import Job
from kimdocs.translation.document import translations

Outputs = dict[str, dict[Path, bytes]]  # format id → files it wrote


def wanted_formats(
    doc: Document[Any], project: Project, formats: Iterable[str] | None
) -> list[str]:
    """The requested formats the document's kind has (all the project's, if none asked)."""
    chosen = list(formats) if formats else [*project.config.formats, *doc.kind.always_formats]
    return [
        f
        for f in dict.fromkeys(chosen)
        if f in registry.FORMATS and registry.get(f).available_for(doc.kind.formats)
    ]


def first_files(doc: Document[Any], project: Project, formats: Iterable[str]) -> list[Path]:
    """The files the formats surely write (for page pictures: the first page)."""
    stem = project.output_dir / doc.output_stem
    return [registry.get(f).first_file(stem) for f in formats]


Renderer = Callable[[Job], dict[Path, bytes]]


def renderer(format_id: str, kind_id: str = "", *, translated: bool = False) -> Renderer:
    return _named(registry.get(format_id).renderer_for(kind_id, translated=translated))


def _named(path: str) -> Renderer:
    module, _, name = path.partition(":")
    found: Renderer = getattr(importlib.import_module(module), name)
    return found


def render_all(
    doc: Document[Any],
    project: Project,
    env: jinja2.Environment,
    formats: Iterable[str] | None,
    reuse: Mapping[str, Path] | None = None,
    warnings: list[Problem] | None = None,
) -> Outputs:
    """Every wanted format of ``doc``, or an exception: nothing is written here.

    Warnings of the renderers (a near-empty page) are added to ``warnings``.
    """
    job = Job(doc, project, env, reuse or {})
    wanted = wanted_formats(doc, project, formats)
    outputs = {fmt: renderer(fmt, doc.kind.id)(job) for fmt in wanted}
    jobs = [job]
    # The document in every published language, in the same formats (kimdocs.translation).
    for translation in translations(doc, project):
        # A fresh German PDF means its translations' PDFs are fresh too (one fingerprint).
        stem = project.output_dir / translation.doc.output_stem
        same = {f: registry.get(f).first_file(stem) for f in (reuse or {})}
        other = Job(translation.doc, project, env, same)
        other.context |= translation.context
        jobs.append(other)
        for fmt in wanted_formats(translation.doc, project, wanted):
            make = renderer(fmt, doc.kind.id, translated=True)
            outputs.setdefault(fmt, {}).update(make(other))
    if warnings is not None:
        for done in jobs:
            warnings += done.warnings
    return outputs
