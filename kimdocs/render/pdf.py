"""HTML → tagged PDF, PDF/A-2a (or 3a) and PDF/UA-1 at once, with WeasyPrint.

WeasyPrint is imported here only: it takes most of a second to import, and
``--help``, ``new`` and ``check`` should not pay for it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from kimdocs.base.errors import Problem, RenderError
from kimdocs.formats import print_sheet_file
from kimdocs.project import ArchiveVariant
from kimdocs.render.breaks import address_breaks
from kimdocs.render.keep_values import keep_values
from kimdocs.render.pages import sparse_page_warnings

if TYPE_CHECKING:
    from kimdocs.render.job import Job


def pdf_output(job: Job) -> dict[Path, bytes]:
    pdf = pdf_bytes(job)
    files = {job.target("pdf"): pdf}
    if job.doc.kind.booklet_sheet(job.doc):
        from kimdocs.render.imposition import saddle_stitch

        files[print_sheet_file(job.stem)] = saddle_stitch(pdf, job.doc.title)
    return files


def pdf_bytes(job: Job) -> bytes:
    """The document's PDF, made once per job (the page pictures share it), or the fresh
    PDF from an earlier build when only the pictures are wanted."""
    if job.pdf is None:
        existing = job.reuse.get("pdf")
        if existing is not None and existing.is_file():
            job.pdf = existing.read_bytes()
        else:
            doc = job.doc
            # Where the PDF renderer may read pictures from, and which file errors name.
            where = {
                "base_dir": doc.source.path.parent,
                "root": job.project.root,
                "source": doc.source.path,
            }
            sheet = doc.kind.print_sheet(
                doc,
                job.context,
                job.print_page(),
                lambda html: page_anchors(html, **where),
                lambda extra: job.render(f"{doc.kind.template}.html", extra),
            )
            job.pdf = render_pdf(
                sheet, archive=job.project.config.archive, warnings=job.warnings, **where
            )
    return job.pdf


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _weasyprint_errors() -> Iterator[_Collector]:
    """WeasyPrint logs (and skips) a missing picture, ``lang`` or ``alt``; we fail instead."""
    logger = logging.getLogger("weasyprint")
    collector = _Collector()
    logger.addHandler(collector)
    try:
        yield collector
    finally:
        logger.removeHandler(collector)


# WeasyPrint names embedded pictures after their URL. Resolving relative URLs against
# this stand-in for the project folder keeps absolute paths out of the PDF, so the same
# project gives the same bytes wherever it lies.
VIRTUAL_ROOT = "/kimdocs-projekt/"


def _fetcher(root: Path) -> Any:
    from weasyprint import URLFetcher

    root = root.resolve()

    class ProjectFetcher(URLFetcher):  # type: ignore[misc]
        """Serve ``data:`` and files inside the project, nothing else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file":
                path = unquote(parts.path)
                if path.startswith(VIRTUAL_ROOT):
                    path = str(root / path.removeprefix(VIRTUAL_ROOT))
                real = Path(path).resolve()
                if real.is_relative_to(root):
                    return super().fetch(real.as_uri(), headers)
                raise ValueError(f"Datei außerhalb des Projekts wird nicht geladen: {real}")
            raise ValueError(f"Adresse wird nicht geladen (nur Dateien im Projekt): {url}")

    return ProjectFetcher()


def _html(html: str, base_dir: Path, root: Path) -> Any:
    from weasyprint import HTML

    if base_dir.resolve().is_relative_to(root.resolve()):
        relative = base_dir.resolve().relative_to(root.resolve()).as_posix()
        base_url = "file://" + VIRTUAL_ROOT + ("" if relative == "." else relative + "/")
    else:  # a file given from outside the project: its pictures are refused anyway
        base_url = base_dir.resolve().as_uri() + "/"
    return HTML(
        string=address_breaks(keep_values(html)), base_url=base_url, url_fetcher=_fetcher(root)
    )


def _raise_collected(errors: _Collector, source: Path) -> None:
    if errors.messages:
        raise RenderError(
            [Problem(f"PDF-Erzeugung: {m}", file=source) for m in dict.fromkeys(errors.messages)]
        )


def page_anchors(html: str, *, base_dir: Path, root: Path, source: Path) -> list[set[str]]:
    """Lay ``html`` out without writing a PDF: the element ids found on each page."""
    with _weasyprint_errors() as errors:
        pages = _html(html, base_dir, root).render().pages
    _raise_collected(errors, source)
    return [set(page.anchors) for page in pages]


def _refuse_attachments(document: Any, source: Path) -> None:
    """No content declares attachments, so a template that adds one is refused.

    ``<link rel="attachment">`` and ``<a rel="attachment">`` would embed any project file,
    a case file among them, into a PDF meant for the press or a client.
    """
    links = [
        target for page in document.pages for kind, target, *_ in page.links if kind == "attachment"
    ]
    if document.metadata.attachments or links:
        raise RenderError(
            Problem(
                'PDF-Erzeugung: Die Vorlage hängt Dateien an das PDF an (rel="attachment"). '
                "PDFs von kimdocs enthalten keine Anhänge; bitte den Anhang aus der Vorlage "
                "entfernen.",
                file=source,
            )
        )


# The output intent every PDF declares: WeasyPrint's own sRGB profile, under a name of
# ours. WeasyPrint's "srgb" intent opens the profile file and never closes it.
OUTPUT_INTENT = "kimdocs-srgb"


def _srgb() -> dict[str, Any]:
    from importlib.resources import files
    from io import BytesIO

    from weasyprint.css import ColorProfile

    icc = files("weasyprint.pdf").joinpath("sRGB2014.icc").read_bytes()
    components = (["r"], ["g"], ["b"])
    return {
        OUTPUT_INTENT: ColorProfile(
            BytesIO(icc), "sRGB2014.icc", "relative-colorimetric", components
        )
    }


def render_pdf(
    html: str,
    *,
    base_dir: Path,
    root: Path,
    source: Path,
    archive: ArchiveVariant = "pdf/a-2a",
    warnings: list[Problem] | None = None,
) -> bytes:
    """Render ``html`` to PDF bytes; any WeasyPrint error becomes a RenderError.

    A near-empty page is added to ``warnings`` (the PDF is still written).

    WeasyPrint renders the PDF/A variant (tagged, sRGB output intent, fonts embedded);
    :mod:`kimdocs.render.archive` adds what PDF/UA-1 needs beyond it.
    """
    from kimdocs.render.archive import make_archival

    with _weasyprint_errors() as errors:
        # The identifier comes from the content, so the same input gives the same bytes.
        identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
        options: dict[str, Any] = {
            # ``archiv`` in kimdocs.toml is spelled as WeasyPrint names its variants.
            "pdf_variant": archive,
            "pdf_identifier": identifier,
            "output_intent": OUTPUT_INTENT,
        }
        # No shared FontConfiguration: reusing one across documents measured slower here.
        document = _html(html, base_dir, root).render(color_profiles=_srgb(), **options)
        _refuse_attachments(document, source)
        if warnings is not None:
            warnings += sparse_page_warnings(document.pages, source)
        pdf = document.write_pdf(**options)
    _raise_collected(errors, source)
    assert isinstance(pdf, bytes)
    return make_archival(pdf)
