"""SVG pictures (the logo, photos, pictures in the text) as PNG, for Word, which does not
show SVG everywhere.

WeasyPrint draws the logo exactly as the PDF letterhead shows it, pypdfium2 rasterises
that page and Pillow crops it to the logo: all three are dependencies already. The
result depends only on the logo's bytes, so a build stays byte-reproducible.
"""

from __future__ import annotations

import base64
import functools
import io
from pathlib import Path
from typing import Any

# Dots per inch of the picture: sharp in print at the letterhead's 16 mm height.
_DPI = 300
_RASTER = ("image/png", "image/jpeg", "image/gif")


def logo_png(data_uri: str) -> bytes:
    """PNG (or the original PNG/JPEG/GIF) bytes of a ``data:`` URI as ``render.context``
    makes it; ``b""`` without a logo."""
    if not data_uri:
        return b""
    head, _, payload = data_uri.partition(",")
    mime = head.removeprefix("data:").split(";", 1)[0]
    data = base64.b64decode(payload)
    if mime in _RASTER:
        return data
    return _rasterised(data_uri, "height: 16mm")


def svg_png(path: Path, width_mm: float) -> bytes:
    """An SVG file as a PNG ``width_mm`` wide, as the PDF shows it."""
    uri = "data:image/svg+xml;base64," + base64.b64encode(path.read_bytes()).decode("ascii")
    return _rasterised(uri, f"width: {width_mm:g}mm")


def _only_data() -> Any:
    from weasyprint import URLFetcher

    class DataOnly(URLFetcher):  # type: ignore[misc]
        """A picture from outside may reference files or the network: nothing is loaded
        but the picture itself."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"Adresse in einem Bild wird nicht geladen: {url}")

    return DataOnly()


@functools.lru_cache(maxsize=8)
def _rasterised(data_uri: str, size: str) -> bytes:
    import pypdfium2
    import weasyprint

    # A large page, the picture at its size in the corner; cropped below.
    html = (
        "<style>@page { size: 200mm 200mm; margin: 0 } body { margin: 0 }"
        f"img {{ display: block; {size} }}</style>"
        f'<img src="{data_uri}" alt="">'
    )
    pdf = weasyprint.HTML(string=html, url_fetcher=_only_data()).write_pdf()
    document = pypdfium2.PdfDocument(pdf)
    try:
        bitmap = document[0].render(scale=_DPI / 72, fill_color=(255, 255, 255, 0))
        image = bitmap.to_pil()
    finally:
        document.close()
    image = image.convert("RGBA")
    box = image.getchannel("A").getbbox()
    if box is not None:
        image = image.crop(box)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
