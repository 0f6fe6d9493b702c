"""Pages that hold almost nothing: a heading or a signature line alone on the last page.

Counted on WeasyPrint's layout, before the PDF is written: the lines of text in the
page area (running headers and footers in the margins do not count), lines side by side
(table cells) counting once. A page with a picture of some size is not empty. A page
whose content says it is meant to be blank (an A5 booklet's notes pages) is left alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kimdocs.base.errors import Problem, Severity
from kimdocs.base.wording import counted

MIN_LINES = 4
BLANK_BY_DESIGN = "notizen-"  # id prefix of pages meant to be empty (flyer notes pages)
PICTURE_HEIGHT = 75  # CSS px, 20 mm: a picture of this height is content enough


def _boxes(box: Any) -> Iterator[Any]:
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.absolute import AbsolutePlaceholder

    if isinstance(box, AbsolutePlaceholder):
        box = box._box
    if isinstance(box, boxes.MarginBox):
        return
    yield box
    if isinstance(box, boxes.ParentBox):
        for child in box.children:
            yield from _boxes(child)


def page_lines(page: Any) -> int:
    """How many lines of text the page area of a laid-out WeasyPrint page holds."""
    from weasyprint.formatting_structure import boxes

    tops = set()
    picture = False
    for box in _boxes(page._page_box):
        picture = picture or (isinstance(box, boxes.ReplacedBox) and box.height >= PICTURE_HEIGHT)
        if isinstance(box, boxes.LineBox) and any(
            isinstance(b, boxes.TextBox) and b.text.strip() for b in _boxes(box)
        ):
            tops.add(round(box.position_y / 4))  # lines within 4 px stand side by side
    return max(len(tops), MIN_LINES) if picture else len(tops)


def sparse_pages(pages: list[Any]) -> list[tuple[int, int]]:
    """(page number, lines) of the pages of a multi-page document holding too little."""
    if len(pages) < 2:
        return []
    found = []
    for number, page in enumerate(pages, 1):
        if any(anchor.startswith(BLANK_BY_DESIGN) for anchor in page.anchors):
            continue
        lines = page_lines(page)
        if lines < MIN_LINES:
            found.append((number, lines))
    return found


def sparse_page_warnings(pages: list[Any], source: Any) -> list[Problem]:
    """A German warning per page that holds fewer than about four lines."""
    return [
        Problem(
            f"Seite {number} von {len(pages)} des PDFs enthält nur "
            f"{counted(lines, 'Zeile', 'Zeilen')}. Bitte Text oder Vorlage so ändern, dass "
            "keine fast leere Seite entsteht (etwa eine Überschrift oder Unterschriften mit dem "
            "Text davor zusammenhalten).",
            file=source,
            severity=Severity.WARNING,
        )
        for number, lines in sparse_pages(pages)
    ]
