"""Read outputs back the way their readers do: python-docx, pypdf/pikepdf, poppler tools."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from docx import Document
from pypdf import PdfReader


def draft_warning(problem: Any) -> bool:
    """Whether a warning only says the sample is an unreviewed draft: not checked by its
    readers (Leichte Sprache), legal points open in its review record, or residence facts
    that wait to be checked against the newer AufenthG recorded in gesetze.yaml. The
    samples are fictional; they build with these warnings and no others."""
    from kimdocs.kinds.flyer import DRAFT_LABEL
    from kimdocs.knowledge.review_record import RECORD_SUFFIX

    return (
        DRAFT_LABEL in problem.message
        or str(problem.file).endswith(RECORD_SUFFIX)
        or "in gesetze.yaml ist eine neuere erfasst" in problem.message
    )


def docx_text(path: Path) -> str:
    """All visible text of a DOCX: body paragraphs, tables (nested too), header, footer."""
    doc = Document(str(path))
    parts: list[str] = []

    def blocks(container: Any) -> None:
        for block in container.iter_inner_content():  # document order
            if hasattr(block, "rows"):
                for row in block.rows:
                    for cell in row.cells:
                        blocks(cell)
            else:
                parts.append(block.text)

    blocks(doc)
    for section in doc.sections:
        blocks(section.header)
        blocks(section.footer)
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    # Arabic comes back as presentation forms; compare letters, not glyph variants.
    return unicodedata.normalize("NFKC", text)


def visible_letters(text: str) -> str:
    """Letters as a reader sees them: no vowel marks or tatweel, no spaces."""
    # Vowel marks (Mn) and joiners such as the Persian half-space (Cf) are not letters.
    kept = "".join(c for c in text if unicodedata.category(c) not in ("Mn", "Cf") and c != "\u0640")
    return unicodedata.normalize("NFKC", kept).replace(" ", "")


def pdf_text_both_ways(path: Path) -> tuple[str, str]:
    """The PDF's text in reading order for left-to-right and for right-to-left lines.

    PDF text comes in visual order: an Arabic line read from the right is its logical
    order (ligatures such as لا already map to their letters in logical order), a number
    among its words included.
    """
    import pdfplumber

    ltr, rtl = [], []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            ltr.append(page.extract_text() or "")
            lines: dict[int, list[dict[str, object]]] = {}
            for char in page.chars:
                lines.setdefault(round(float(str(char["top"])) / 3), []).append(char)
            for key in sorted(lines):
                ordered = sorted(lines[key], key=lambda c: -float(str(c["x0"])))
                rtl.append("".join(str(c["text"]) for c in ordered))
    return "\n".join(ltr), visible_letters("".join(rtl))


def squash(text: str) -> str:
    """Text without white space: PDF extraction breaks lines wherever the layout did.
    The DOCX's invisible break opportunities in addresses (U+200B) go too."""
    return re.sub(r"[\s\u200b]+", "", unicodedata.normalize("NFKC", text))


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} fehlt: bitte „make test“ verwenden, das es installiert.")
    return path


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(
        [tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    return {k.strip(): v.strip() for k, _, v in (ln.partition(":") for ln in out.splitlines())}


def pdffonts(path: Path) -> list[dict[str, str]]:
    out = subprocess.run(
        [tool("pdffonts"), str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    fonts = []
    for line in out[2:]:
        cols = line.split()
        # name, type (1-2 words), encoding, emb, sub, uni, object, id
        fonts.append({"name": cols[0], "type": " ".join(cols[1:-6]), "emb": cols[-5]})
    return fonts


def pdf_catalog(path: Path) -> dict[str, Any]:
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        return {
            "lang": str(root.get("/Lang", "")),
            "marked": bool(root.get("/MarkInfo", {}).get("/Marked", False)),
            "struct_tree": "/StructTreeRoot" in root,
            "display_title": bool(
                root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)
            ),
        }


@dataclass
class LibreOffice:
    """Where LibreOffice keeps its profile (one per test process: writing it makes the first
    start slow) and the PDFs it made in this test run (shared by all its processes)."""

    profile: Path | None = None
    cache: Path | None = None


LIBREOFFICE = LibreOffice()  # set by tests/conftest.py for the test session


def libreoffice_to_pdf(files: list[Path], outdir: Path) -> list[Path]:
    """Open DOCX files in LibreOffice headless; a file it cannot open yields no PDF.

    A file with the same bytes as one converted before in this test run is not opened
    again: its PDF is copied. The others are opened by one start of LibreOffice.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    cache = LIBREOFFICE.cache or outdir / "libreoffice"
    keys = {docx: hashlib.sha256(docx.read_bytes()).hexdigest() + docx.suffix for docx in files}
    todo = [docx for docx in files if not (cache / keys[docx]).with_suffix(".pdf").is_file()]
    if todo:
        converted = _convert(todo, outdir / "libreoffice-neu")
        cache.mkdir(parents=True, exist_ok=True)
        for docx, pdf in converted.items():
            # Atomically: another test process may be converting the same file.
            temporary = cache / f"{keys[docx]}.{os.getpid()}.tmp"
            shutil.copyfile(pdf, temporary)
            os.replace(temporary, (cache / keys[docx]).with_suffix(".pdf"))
    results: list[Path] = []
    for docx in files:
        cached = (cache / keys[docx]).with_suffix(".pdf")
        name = f"{docx.stem}.pdf"
        if outdir / name in results:  # a file of the same name from another folder
            name = f"{docx.stem}-{len(results)}.pdf"
        results.append(outdir / name)
        if cached.is_file():
            shutil.copyfile(cached, results[-1])
    missing = [p.name for p in results if not p.is_file()]
    assert not missing, f"LibreOffice konnte diese Dateien nicht öffnen: {missing}"
    return results


def _convert(files: list[Path], outdir: Path) -> dict[Path, Path]:
    """The PDFs that one start of LibreOffice made of ``files`` (named after them)."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = LIBREOFFICE.profile or outdir / "lo-profile"
    made: dict[Path, Path] = {}
    # LibreOffice names each PDF after its file: files of the same name go in separate runs.
    while files:
        batch: dict[str, Path] = {}
        for docx in files:
            batch.setdefault(docx.stem, docx)
        subprocess.run(
            [
                tool("soffice"),
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                *map(str, batch.values()),
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )
        for stem, docx in batch.items():
            pdf = outdir / f"{stem}.pdf"
            if pdf.is_file():
                made[docx] = pdf.rename(outdir / f"{len(made)}-{stem}.pdf")
        files = [docx for docx in files if docx not in batch.values()]
    return made
