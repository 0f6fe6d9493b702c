"""The bad-input corpus: each broken file gives its German message with file, line and field.

The cases and their expected messages are in ``tests/bad_input/expected.toml``.
"""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.conftest import TESTS
from tests.outputs import docx_text

CORPUS = TESTS / "bad_input"
EXPECTED: dict[str, dict[str, Any]] = tomllib.loads(
    (CORPUS / "expected.toml").read_text(encoding="utf-8")
)


def test_corpus_is_complete() -> None:
    assert len(EXPECTED) >= 25
    on_disk = {
        p.relative_to(CORPUS).as_posix()
        for p in CORPUS.rglob("*")
        if p.is_file() and p.suffix in (".md", ".html", ".docx")
    }
    generated = {name for name, spec in EXPECTED.items() if spec.get("erzeugt")}
    forms = {form for spec in EXPECTED.values() for form in spec.get("formulare", [])}
    assert all((CORPUS / form).is_file() for form in forms)
    assert (on_disk - forms) | generated == set(EXPECTED)


def _place(case: str, spec: dict[str, Any], basic: Path) -> list[Path]:
    """Put a case into the basic project; return what to build."""
    if case.startswith("vorlagen/"):
        (basic / "templates").mkdir(exist_ok=True)
        shutil.copy(CORPUS / case, basic / "templates" / Path(case).name)
        return [basic / "content" / "vereinbarungen" / "T-0001-sonderzeichen.md"]
    folder = basic / "content" / spec.get("ordner", "vereinbarungen")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / case
    if case == "07-riesig.md":
        target.write_text(
            "---\nart: vereinbarung\n---\n" + "Viel Text. " * 300_000, encoding="utf-8"
        )
    else:
        shutil.copy(CORPUS / case, target)
    shutil.copy(CORPUS / "kein-bild.png", folder / "kein-bild.png")
    forms = basic / "content" / "einwilligungen"
    for form in spec.get("formulare", []):
        shutil.copy(CORPUS / form, forms / Path(form).name)
    if case.startswith("25-"):
        from PIL import Image

        Image.new("1", (9000, 9000)).save(folder / "riesig.png", optimize=True)
    if case.startswith("35-"):
        (folder / "verweis-nach-aussen").symlink_to("/etc")
    if case.startswith("19"):
        for twin in ("19a-doppelte-fall-id.md", "19b-doppelte-fall-id.md"):
            shutil.copy(CORPUS / twin, folder / twin)
        return [folder]
    return [target]


# A case that builds a document renders its PDF: the valid ones, and the duplicate case IDs,
# whose folder (with the basic project's valid agreement) is built.
CASES = [
    pytest.param(case, marks=pytest.mark.slow)
    if EXPECTED[case].get("ok") or case.startswith("19")
    else case
    for case in sorted(EXPECTED)
]


@pytest.mark.parametrize("case", CASES)
def test_bad_input_gives_its_german_message(
    case: str, basic: Path, cli: Callable[..., Result]
) -> None:
    spec = EXPECTED[case]
    paths = _place(case, spec, basic)
    formats = "docx" if case.endswith(".docx") else "pdf,docx"
    result = cli(basic, "build", *map(str, paths), "-f", formats)
    assert "Traceback" not in result.output
    if spec.get("ok"):
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 1, result.output
    if case.startswith("vorlagen/"):
        where = f"templates/{Path(case).name}"
    else:
        where = paths[0].relative_to(basic).as_posix()
        if paths[0].is_dir():
            where += f"/{case}"
    where += f":{spec['zeile']}" if "zeile" in spec else ""
    field = f"Feld „{spec['feld']}“: " if "feld" in spec else ""
    lines = [ln for ln in result.output.splitlines() if ln.startswith(f"{where}: Fehler: ")]
    assert any(f"Fehler: {field}" in ln and spec["meldung"] in ln for ln in lines), result.output


def test_control_characters_never_reach_the_docx(basic: Path, cli: Callable[..., Result]) -> None:
    [source] = _place("33-steuerzeichen.md", EXPECTED["33-steuerzeichen.md"], basic)
    assert cli(basic, "build", str(source), "-f", "docx,html").exit_code == 0
    out = basic / "output" / "vereinbarungen"
    assert "Test Person (fiktiv)" in docx_text(out / "33-steuerzeichen.docx")
    assert "\x07" not in (out / "33-steuerzeichen.html").read_text(encoding="utf-8")


def test_raw_html_and_template_syntax_in_content_stay_text(
    basic: Path, cli: Callable[..., Result]
) -> None:
    name = "34-roh-html-und-platzhalter.md"
    [source] = _place(name, EXPECTED[name], basic)
    assert cli(basic, "build", str(source), "-f", "docx,html").exit_code == 0
    out = basic / "output" / "vereinbarungen"
    text = docx_text(out / name.replace(".md", ".docx"))
    assert "<img src=\"file:///etc/passwd\"> {{ config }} {% include '/etc/passwd' %}" in text
    html = (out / name.replace(".md", ".html")).read_text(encoding="utf-8")
    assert "&lt;img src=" in html and "root:" not in html and '<img src="file' not in html
