"""Golden files of the intermediate HTML and of the DOCX text.

After an intended change of the output run ``make golden`` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kimdocs.build import build
from kimdocs.project import load_project
from tests.outputs import docx_text

GOLDEN = Path(__file__).resolve().parent / "golden"


def compare(actual: str, name: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.write_text(actual, encoding="utf-8")
        return
    if not path.is_file():
        pytest.fail(f"{path} fehlt: mit „make golden“ anlegen und prüfen.")
    assert actual == path.read_text(encoding="utf-8"), (
        f"{name} weicht ab; wenn gewollt: „make golden“ und Diff prüfen."
    )


def test_golden_html_and_docx_text(basic: Path, update_golden: bool) -> None:
    [result] = build(load_project(basic), formats=["html", "docx"])
    assert result.ok, [p.format() for p in result.problems]
    outputs = {p.suffix: p for p in result.outputs}
    compare(outputs[".html"].read_text(encoding="utf-8"), "sonderzeichen.html", update_golden)
    compare(docx_text(outputs[".docx"]) + "\n", "sonderzeichen.docx.txt", update_golden)
