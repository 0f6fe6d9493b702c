"""The output formats, each declared once: suffix, renderer, templates, files, imports.

Everything that needs to know about formats asks here: the command line (which names
exist), ``kimdocs.toml`` (``formate``), the build (which files a format writes, which are
fresh), the template check (which templates a format uses), the worker pool (what to
import once) and the preview (what it serves). Adding a format is one entry here plus
its renderer module; renderers are named, not imported, so that this module stays light.
A kind that makes a format in its own way says so in :mod:`kimdocs.document_types`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

PAGE_MARK = "-seite-"  # einbuergerung-seite-1.png


@dataclass(frozen=True)
class Format:
    id: str  # what users type: ``-f pdf``, ``formate = ["pdf"]``
    label: str  # German, for help texts
    suffix: str
    # "module:function" taking a render job and returning {path: bytes}; imported on use.
    renderer: str
    # Template files the format is made from (for the template check): ``.html`` …
    template_suffixes: tuple[str, ...] = ()
    # Made from another format's output of the same document (page pictures from the PDF):
    # available wherever that one is, and may reuse a fresh file of it.
    made_from: str | None = None
    every_kind: bool = False  # available for every kind, whatever the kind lists
    served: bool = False  # the preview serves these files
    heavy: tuple[str, ...] = ()  # modules a worker process imports once, before it renders
    pages: bool = False  # one file per page, named ``STEM-seite-N`` (how many: the PDF says)
    # Seconds one document takes in this format in a warm process, as measured by
    # ``benchmarks/format_costs.py`` (which prints measured beside these): the build starts
    # worker processes only when the work pays for them. A format without a measurement
    # counts as costly.
    cost: float = 1.0

    def first_file(self, stem: Path) -> Path:
        """The file a build of this format surely writes (for pages: the first page)."""
        # Appended, not ``with_suffix``: a translation's stem ends in its language (``x.ar``).
        return (
            page_file(stem, 1, self.suffix)
            if self.pages
            else stem.with_name(stem.name + self.suffix)
        )

    def available_for(self, kind_formats: Iterable[str]) -> bool:
        listed = set(kind_formats)
        return self.every_kind or self.id in listed or self.made_from in listed


def page_file(stem: Path, number: int, suffix: str = ".png") -> Path:
    """``output/flyer/einbuergerung`` → ``output/flyer/einbuergerung-seite-1.png``."""
    return stem.with_name(f"{stem.name}{PAGE_MARK}{number}{suffix}")


PRINT_SHEET_MARK = "-druckbogen"  # heft.pdf → heft-druckbogen.pdf


def print_sheet_file(stem: Path) -> Path:
    """``output/flyer/heft`` → ``output/flyer/heft-druckbogen.pdf``: an A5 booklet imposed
    on A4 sheets, written by the PDF format beside the booklet."""
    return stem.with_name(f"{stem.name}{PRINT_SHEET_MARK}.pdf")


_HTML_TEMPLATES = (".html", ".css")

# Seconds per document and format in a warm process on a 2-core machine of this project,
# measured with ``python benchmarks/format_costs.py`` (the sample agreement, flyer, press
# release and report); PNG is the page pictures from a PDF that is made anyway.
COSTS = {
    "pdf": 0.40,
    "docx": 0.06,
    "html": 0.02,
    "txt": 0.01,
    "json": 0.01,
    "png": 0.15,
    "xlsx": 0.05,
    "csv": 0.01,
}
# Seconds from starting the worker pool to its first document done, beyond that document:
# the fork server and a worker importing the renderers (measured likewise).
POOL_START = 1.5

FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    FORMATS[fmt.id] = fmt
    return fmt


def unregister(format_id: str) -> None:
    FORMATS.pop(format_id, None)


for _format in (
    Format(
        "pdf",
        "PDF zum Drucken (barrierefrei)",
        ".pdf",
        "kimdocs.render.pdf:pdf_output",
        _HTML_TEMPLATES,
        served=True,
        heavy=("weasyprint", "pikepdf"),
        cost=COSTS["pdf"],
    ),
    Format(
        "docx",
        "Word-Dokument zum Bearbeiten und Unterschreiben",
        ".docx",
        "kimdocs.render.docx:docx_output",
        (".docx",),
        served=True,  # the preview links the working copy next to the PDF
        heavy=("docxtpl", "docx"),
        cost=COSTS["docx"],
    ),
    Format(
        "html",
        "Webseite",
        ".html",
        "kimdocs.render.web:html_output",
        _HTML_TEMPLATES,
        served=True,
        cost=COSTS["html"],
    ),
    Format(
        "txt",
        "reiner Text für E-Mails",
        ".txt",
        "kimdocs.render.web:text_output",
        (".txt",),
        cost=COSTS["txt"],
    ),
    Format(
        "json",
        "Daten für Webseiten und Verteiler",
        ".json",
        "kimdocs.render.web:json_output",
        cost=COSTS["json"],
    ),
    Format(
        "png",
        "Bilder der ersten PDF-Seiten",
        ".png",
        "kimdocs.render.png:png_output",
        _HTML_TEMPLATES,
        made_from="pdf",
        served=True,
        heavy=("weasyprint", "pypdfium2"),
        pages=True,
        cost=COSTS["png"],
    ),
    Format(
        "xlsx",
        "Tabellen für Excel und LibreOffice (Berichte)",
        ".xlsx",
        "kimdocs.render.report_files:xlsx_output",
        heavy=("openpyxl",),
        cost=COSTS["xlsx"],
    ),
    Format(
        "csv",
        "Zahlen als CSV (Berichte)",
        ".csv",
        "kimdocs.render.report_files:csv_output",
        cost=COSTS["csv"],
    ),
):
    register(_format)


def get(format_id: str) -> Format:
    return FORMATS[format_id]


def names() -> list[str]:
    return list(FORMATS)


def served_suffixes() -> set[str]:
    return {f.suffix for f in FORMATS.values() if f.served}


def estimated_seconds(format_ids: Iterable[str], copies: int = 1) -> float:
    """How long one document takes in these formats, in ``copies`` languages."""
    return copies * sum(get(f).cost for f in format_ids)


def heavy_imports(format_ids: Iterable[str] | None) -> list[str]:
    chosen = FORMATS.values() if format_ids is None else [get(f) for f in format_ids]
    return list(dict.fromkeys(m for f in chosen for m in f.heavy))


def template_suffixes(format_ids: Iterable[str] | None) -> set[str]:
    chosen = FORMATS.values() if format_ids is None else [get(f) for f in format_ids]
    return {s for f in chosen for s in f.template_suffixes}
