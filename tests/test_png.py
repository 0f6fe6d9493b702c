"""Page pictures: ``--format png`` writes the first PDF pages as PNG files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from PIL import Image

from kimdocs.render.png import MAX_PAGES
from tests.conftest import copy_sample_project

pytestmark = pytest.mark.slow  # page pictures are made from the PDF


def test_png_pages_of_a_flyer(tmp_path: Path, cli: Callable[..., Result]) -> None:
    project = copy_sample_project(tmp_path / "projekt")
    flyer = project / "content" / "flyer" / "einbuergerung.md"
    result = cli(project, "build", str(flyer), "-f", "png")
    assert result.exit_code == 0, result.output
    pages = sorted((project / "output" / "flyer").glob("einbuergerung-seite-*.png"))
    assert 1 <= len(pages) <= MAX_PAGES
    assert f"erzeugt         {pages[0].relative_to(project)}" in result.output
    with Image.open(pages[0]) as image:
        assert image.format == "PNG"
        assert (image.width, image.height) in ((794, 1123), (559, 794))  # A4 or A5 at 96 dpi
        grey = image.convert("L")
        low, high = grey.getextrema()
        assert high == 255 and low < 100  # white paper with dark text on it
        assert sum(grey.histogram()[:128]) > 1000  # a real amount of text, not a stray dot
    first = pages[0].read_bytes()
    again = cli(project, "build", str(flyer), "-f", "png", "--alles-neu")
    assert again.exit_code == 0
    assert pages[0].read_bytes() == first  # reproducible
    unchanged = cli(project, "build", str(flyer), "-f", "png")
    assert "1 unverändert" in unchanged.output
