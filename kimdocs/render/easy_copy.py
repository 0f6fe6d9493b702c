"""A document's copy for the client in Leichte Sprache, written beside it by the same build.

A kind with such a copy has a template ``KIND-leicht.html`` (the worksheet of the residence
routes: ``perspektive-leicht.html``); its PDF and HTML renderers write the document and,
beside it, ``STEM-leicht.pdf`` and ``STEM-leicht.html`` from the same context: what the copy
says is what the document states. Its translations are made like every translation
(``STEM.ar.pdf``), from the same copy.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kimdocs.render.breaks import address_breaks

if TYPE_CHECKING:
    from kimdocs.render.job import Job

EASY_MARK = "-leicht"


def easy_file(stem: Path, suffix: str) -> Path:
    """``output/perspektiven/X`` → ``output/perspektiven/X-leicht.pdf``."""
    return stem.with_name(f"{stem.name}{EASY_MARK}{suffix}")


def easy_page(job: Job) -> str:
    return job.render(f"{job.doc.kind.template}{EASY_MARK}.html")


def pdf_output(job: Job) -> dict[Path, bytes]:
    from kimdocs.render.pdf import pdf_output as document_pdf
    from kimdocs.render.pdf import render_pdf

    files = document_pdf(job)
    doc = job.doc
    files[easy_file(job.stem, ".pdf")] = render_pdf(
        easy_page(job),
        base_dir=doc.source.path.parent,
        root=job.project.root,
        source=doc.source.path,
        archive=job.project.config.archive,
        warnings=job.warnings,
    )
    return files


def html_output(job: Job) -> dict[Path, bytes]:
    from kimdocs.render.web import html_output as document_html

    files = document_html(job)
    files[easy_file(job.stem, ".html")] = address_breaks(easy_page(job)).encode("utf-8")
    return files
