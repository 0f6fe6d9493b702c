"""The organisation's logo as a PNG picture, for Word, which does not show SVG everywhere.

WeasyPrint draws the logo exactly as the PDF letterhead shows it, pypdfium2 rasterises
that page and Pillow crops it to the logo: all three are dependencies already. The
result depends only on the logo's bytes, so a build stays byte-reproducible.
"""

from __future__ import annotations

import base64
import functools
import io

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
    return _rasterised(data_uri)


@functools.lru_cache(maxsize=8)
def _rasterised(data_uri: str) -> bytes:
    import pypdfium2
    import weasyprint

    # A large page, the logo at the letterhead's height in its corner; cropped below.
    html = (
        "<style>@page { size: 200mm 200mm; margin: 0 } body { margin: 0 }"
        "img { display: block; height: 16mm }</style>"
        f'<img src="{data_uri}" alt="">'
    )
    pdf = weasyprint.HTML(string=html).write_pdf()
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
