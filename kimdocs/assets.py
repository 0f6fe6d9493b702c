"""Checks for files that documents pull in: pictures must exist, stay inside, be pictures."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

MAX_PICTURE_BYTES = 10 * 1024 * 1024
MAX_PICTURE_PIXELS = 40_000_000  # beyond this WeasyPrint needs gigabytes of memory
RASTER_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")


def picture_problem(path: Path, root: Path, shown: str) -> str | None:
    """A German description of what is wrong with a picture, or None."""
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
        return None if _is_svg(target) else f"Bild „{shown}“ ist keine gültige SVG-Datei."
    if suffix not in RASTER_SUFFIXES:
        return (
            f"Bild „{shown}“: Format „{suffix or 'ohne Endung'}“ wird nicht unterstützt "
            "(PNG, JPEG, GIF, WebP, SVG)."
        )
    return _raster_problem(target, shown)


def _is_svg(path: Path) -> bool:
    try:
        root = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, OSError):
        return False
    return root.tag.rsplit("}", 1)[-1] == "svg"


def _raster_problem(path: Path, shown: str) -> str | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return f"Bild „{shown}“ ist kein lesbares Bild (Datei beschädigt oder falsche Endung)."
    if width * height > MAX_PICTURE_PIXELS:
        return f"Bild „{shown}“ hat zu viele Bildpunkte ({width} × {height}). Bitte verkleinern."
    return None
