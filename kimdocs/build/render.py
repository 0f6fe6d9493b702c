"""Render the requested formats of one document in memory, its translations with it: all
or nothing. Nothing is written here; the build writes a document's files together."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from kimdocs import formats as registry
from kimdocs.base.errors import Problem
from kimdocs.document_types import document_type
from kimdocs.kinds import Document
from kimdocs.project import Project
from kimdocs.render.job import Job
from kimdocs.render.outputs import Outputs, named, wanted_formats
from kimdocs.translation.copies import Translated
from kimdocs.translation.document import translated

if TYPE_CHECKING:
    from kimdocs.build.prepare import PreparedDocument


def render_prepared(
    prepared: PreparedDocument,
    project: Project,
    env: jinja2.Environment,
    warnings: list[Problem] | None = None,
) -> Outputs:
    """The stale formats of a prepared document and of its translations: the context and
    the translation files come with it, read and made once in the read phase."""
    doc = prepared.doc
    context = prepared.context if prepared.context is not None else {}
    translation = document_type(doc.kind).translation
    copies = (
        [translated(doc, project, p, translation, context) for p in prepared.translations]
        if translation is not None
        else []
    )
    return render_all(
        doc, project, env, prepared.formats, prepared.reuse, warnings, copies, context
    )


def render_all(
    doc: Document[Any],
    project: Project,
    env: jinja2.Environment,
    formats: Iterable[str] | None,
    reuse: Mapping[str, Path] | None = None,
    warnings: list[Problem] | None = None,
    copies: list[Translated] | None = None,
    context: Mapping[str, Any] | None = None,
) -> Outputs:
    """Every wanted format of ``doc`` and of its translations, or an exception. ``context``
    is the kind's context and its extras (made here if not given). Warnings of the
    renderers (a near-empty page) are added to ``warnings``."""
    row = document_type(doc.kind)
    if context is None:
        context = doc.kind.context(doc, project) | row.extra_context(doc, project)
    job = Job(doc, project, env, reuse or {}, context)
    wanted = wanted_formats(doc, project, formats)
    outputs = {fmt: named(row.renderer(fmt))(job) for fmt in wanted}
    jobs = [job]
    # The document in every published language, in the same formats.
    for copy in copies or []:
        # A fresh German PDF means its translations' PDFs are fresh too (one fingerprint).
        stem = project.output_dir / copy.doc.output_stem
        same = {f: registry.get(f).first_file(stem) for f in (reuse or {})}
        other = Job(copy.doc, project, env, same, context)
        other.context |= copy.context
        jobs.append(other)
        for fmt in wanted_formats(copy.doc, project, wanted):
            outputs.setdefault(fmt, {}).update(named(row.renderer(fmt, translated=True))(other))
    if warnings is not None:
        for done in jobs:
            warnings += done.warnings
    return outputs
