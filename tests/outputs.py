"""Read outputs back the way their readers do: python-docx, pypdf/pikepdf, poppler tools."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
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


def libreoffice_to_pdf(files: list[Path], outdir: Path) -> list[Path]:
    """Open DOCX files in LibreOffice headless; a file it cannot open yields no PDF."""
    profile = outdir / "lo-profile"
    subprocess.run(
        [
            tool("soffice"),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    results = [outdir / f"{docx.stem}.pdf" for docx in files]
    missing = [p.name for p in results if not p.is_file()]
    assert not missing, f"LibreOffice konnte diese Dateien nicht öffnen: {missing}"
    return results
