"""PDF → PNG pictures of the first pages, for a quick look and for the preview.

pypdfium2 renders without a browser or poppler; it is imported here only.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from kimdocs.formats import page_file

if TYPE_CHECKING:
    from kimdocs.render.job import Job

MAX_PAGES = 3
DPI = 96  # screen size: a page of A4 is 794 × 1123 pixels


def png_output(job: Job) -> dict[Path, bytes]:
    from kimdocs.render.pdf import pdf_bytes

    return render_pages(pdf_bytes(job), job.stem)


def render_pages(pdf: bytes, stem: Path, max_pages: int = MAX_PAGES) -> dict[Path, bytes]:
    """The first pages of a PDF as PNG files; the same PDF gives the same bytes."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    pictures: dict[Path, bytes] = {}
    try:
        for index in range(min(len(document), max_pages)):
            page = document[index]
            try:
                bitmap = page.render(scale=DPI / 72)
                image = bitmap.to_pil().convert("RGB")
            finally:
                page.close()
            buffer = io.BytesIO()
            # Pillow writes no time stamp into a PNG, so the bytes depend on the pixels only.
            image.save(buffer, format="PNG", optimize=True)
            pictures[page_file(stem, index + 1)] = buffer.getvalue()
    finally:
        document.close()
    return pictures
