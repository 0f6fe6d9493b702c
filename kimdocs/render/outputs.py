"""Which formats of a document are wanted, which files they surely write, and the renderer
a ``module:function`` names.

Which formats exist is declared in :mod:`kimdocs.formats`; which renderer makes a kind's
format, in :mod:`kimdocs.document_types`; :mod:`kimdocs.build.render` runs them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kimdocs import formats as registry
from kimdocs.kinds import Document
from kimdocs.project import Project
from kimdocs.render.job import Job

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


def named(path: str) -> Renderer:
    """The renderer a ``module:function`` names (imported on use: heavy libraries load only
    when their format is made)."""
    module, _, name = path.partition(":")
    found: Renderer = getattr(importlib.import_module(module), name)
    return found
