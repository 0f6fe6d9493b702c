"""One reader for DOCX templates: the paragraphs of the body, headers and footers.

Word splits what a user typed as one placeholder into several runs (spelling marks,
bookmarks, formatting); a paragraph's text joins them again, as docxtpl does before it
renders. The template check, the fingerprint (which facts a template states) and
``kimdocs wissen`` all read templates here, so none of them misses a ``fakt("…")``
that Word split or that sits in a footer.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kimdocs.base.errors import KimdocsError, Problem

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A marker for something in a paragraph that is not text; it never occurs in real text.
OBJECT = "\ufffc"
OBJECT_NAMES = {
    "tab": "ein Tabulator",
    "br": "ein Zeilenumbruch",
    "fldChar": "ein Feld (z. B. Seitenzahl)",
    "drawing": "ein Bild",
    "pict": "ein Bild",
    "footnoteReference": "eine Fußnote",
}


@dataclass
class Paragraph:
    """One paragraph of a DOCX part: its text and where a user finds it in Word."""

    place: str
    text: str  # objects that are not text appear as OBJECT
    objects: list[str]  # what each OBJECT is, in order


def docx_paragraphs(path: Path) -> list[tuple[str, list[Paragraph]]]:
    """Every paragraph of the parts docxtpl renders, in document order, by part."""
    from kimdocs.word.inspect import parse_part

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise KimdocsError(Problem(f"Keine lesbare DOCX-Datei ({exc}).", file=path)) from None
    parts = []
    with archive:
        names = archive.namelist()
        extra = sorted(n for n in names if re.fullmatch(r"word/(header|footer)\d*\.xml", n))
        ordered = ["word/document.xml", *extra]
        for name in ordered:
            if name not in names:
                continue
            try:
                root = parse_part(archive.read(name))
            except (ValueError, zipfile.BadZipFile, OSError) as exc:
                problem = Problem(f"Die Vorlage enthält {exc} (in {name}).", file=path)
                raise KimdocsError(problem) from None
            parts.append((name, _paragraphs_of(root, name)))
    return parts


def _part_label(name: str) -> str:
    if "header" in name:
        return "Kopfzeile"
    if "footer" in name:
        return "Fußzeile"
    return ""


def _paragraphs_of(root: Any, part: str) -> list[Paragraph]:
    label = _part_label(part)
    found: list[Paragraph] = []
    # lxml keeps one proxy per node while a reference lives, so list.index finds it.
    tables = list(root.iter(f"{W}tbl"))
    top = 0
    for para in root.iter(f"{W}p"):
        text, objects = _text_of(para)
        cell = next(para.iterancestors(f"{W}tc"), None)
        if cell is not None:
            row = cell.getparent()
            table = row.getparent()
            r = list(table.iterchildren(f"{W}tr")).index(row) + 1
            c = list(row.iterchildren(f"{W}tc")).index(cell) + 1
            place = f"Tabelle {tables.index(table) + 1}, Zeile {r}, Spalte {c}"
        else:
            top += 1
            place = f"Absatz {top}"
        if label:
            place = f"{label}, {place}"
        found.append(Paragraph(place, text, objects))
    return found


def _text_of(para: Any) -> tuple[str, list[str]]:
    text: list[str] = []
    objects: list[str] = []
    for node in para.iter():
        if node is not para and node.tag == f"{W}p":
            break  # a paragraph inside a text box: it is a paragraph of its own
        local = node.tag.rsplit("}", 1)[-1] if isinstance(node.tag, str) else ""
        if local == "t":
            text.append(node.text or "")
        elif local in OBJECT_NAMES and not (
            local == "fldChar" and node.get(f"{W}fldCharType") != "begin"
        ):
            text.append(OBJECT)
            objects.append(local)
    return "".join(text), objects


def template_text(path: Path) -> str:
    """All paragraphs of a DOCX template, one a line; ``""`` if it cannot be read (the
    template check says why)."""
    try:
        parts = docx_paragraphs(path)
    except KimdocsError:
        return ""
    return "\n".join(p.text for _, paragraphs in parts for p in paragraphs)
