"""Checks for files that documents pull in: pictures must exist, stay inside, be pictures."""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path
from xml.etree import ElementTree

from kimdocs.base.inputs import os_reason
from kimdocs.base.tables import shorten

MAX_PICTURE_BYTES = 10 * 1024 * 1024
MAX_PICTURE_PIXELS = 40_000_000  # beyond this WeasyPrint needs gigabytes of memory
RASTER_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
RASTER_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")  # what the bytes must be, whatever the name


_MIME = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "GIF": "image/gif",
    "WEBP": "image/webp",
}


def picture_mime(path: Path) -> str:
    """The media type of a picture that :func:`picture_problem` accepted, from its bytes
    (a WebP picture named ``.png`` is WebP: Word cannot show it as PNG)."""
    if path.suffix.lower() == ".svg":
        return "image/svg+xml"
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(path, formats=RASTER_FORMATS) as image:
            return _MIME[str(image.format)]


def word_picture(path: Path) -> str | io.BytesIO:
    """A raster picture as Word takes it: PNG, JPEG and GIF as they are, anything else
    (WebP, also when named ``.png``) converted to PNG; decided by the bytes."""
    if picture_mime(path) in ("image/png", "image/jpeg", "image/gif"):
        return str(path)
    from PIL import Image

    out = io.BytesIO()
    with Image.open(path, formats=RASTER_FORMATS) as image:
        image.save(out, format="PNG")
    out.seek(0)
    return out


def picture_problem(path: Path, root: Path, shown: str) -> str | None:
    """A German description of what is wrong with a picture, or None."""
    shown = shorten(shown, 100)  # a name of thousands of characters is no line to print
    try:
        return _problem(path, root, shown)
    except OSError as exc:  # a name too long for the file system, a loop of links
        return f"Bild „{shown}“ lässt sich nicht lesen ({os_reason(exc)})."


def _problem(path: Path, root: Path, shown: str) -> str | None:
    target = path.resolve()
    if not target.is_relative_to(root.resolve()):
        return f"Bild „{shown}“ liegt außerhalb des Projekts."
    if not target.is_file():
        return f"Bild „{shown}“ nicht gefunden."
    size = target.stat().st_size
    if size > MAX_PICTURE_BYTES:
        return (
            f"Bild „{shown}“ ist zu groß ({size / 1024 / 1024:.1f} MB, höchstens "
            f"{MAX_PICTURE_BYTES // 1024 // 1024} MB). Bitte verkleinern."
        )
    suffix = target.suffix.lower()
    if suffix == ".svg":
        return _svg_problem(target, shown)
    if suffix not in RASTER_SUFFIXES:
        return (
            f"Bild „{shown}“: Format „{suffix or 'ohne Endung'}“ wird nicht unterstützt "
            "(PNG, JPEG, GIF, WebP, SVG)."
        )
    return _raster_problem(target, shown)


_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_HREF = ("href", "{http://www.w3.org/1999/xlink}href")


def _svg_problem(path: Path, shown: str) -> str | None:
    """An SVG is XML that can name other files and define entities; only a self-contained
    drawing is taken (a DOCTYPE could expand entities or pull in an external file)."""
    data = path.read_bytes()
    if _DOCTYPE.search(data):
        return (
            f"Bild „{shown}“: SVG-Dateien mit DOCTYPE oder ENTITY werden nicht gelesen. "
            "Bitte die Zeichnung ohne diese Angaben speichern („Einfaches SVG“)."
        )
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return f"Bild „{shown}“ ist keine gültige SVG-Datei."
    if root.tag.rsplit("}", 1)[-1] != "svg":
        return f"Bild „{shown}“ ist keine gültige SVG-Datei."
    for element in root.iter():
        for name in _HREF:
            target = element.get(name, "")
            if target and not target.startswith(("#", "data:")):
                return (
                    f"Bild „{shown}“ verweist auf eine andere Datei oder Adresse („{target}“). "
                    "Bitte Bilder in die SVG-Datei einbetten."
                )
    return None


def _raster_problem(path: Path, shown: str) -> str | None:
    """Size and format from the file's header, before any pixel is decoded.

    Pillow's own guard against decompression bombs raises (or warns) at open; the size
    is checked here instead, with a German message, and well below Pillow's threshold.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path, formats=RASTER_FORMATS) as image:
                width, height = image.size
                if width * height > MAX_PICTURE_PIXELS:
                    return (
                        f"Bild „{shown}“ hat zu viele Bildpunkte ({width} × {height}). "
                        "Bitte verkleinern."
                    )
                image.verify()
    except Image.DecompressionBombError:
        return f"Bild „{shown}“ hat zu viele Bildpunkte. Bitte verkleinern."
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return (
            f"Bild „{shown}“ ist kein lesbares Bild im Format PNG, JPEG, GIF oder WebP "
            "(Datei beschädigt oder falsche Endung)."
        )
    return None
