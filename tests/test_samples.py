"""The repository's own sample project: every sample builds, opens, and says what its source says.

Expected values are read from the sources with plain PyYAML, independently of
kimdocs' own loader.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result

from tests.conftest import REPO, SharedBuild, copy_sample_project
from tests.outputs import (
    docx_text,
    draft_warning,
    libreoffice_to_pdf,
    pdf_catalog,
    pdf_text,
    pdffonts,
    pdfinfo,
    squash,
    tool,
)

SAMPLES = sorted((REPO / "content" / "vereinbarungen").rglob("*.md"))
MINUTES = sorted((REPO / "content" / "protokolle").rglob("*.md"))
PRESS = sorted((REPO / "content" / "presse").rglob("*.md"))
CONSENTS = sorted((REPO / "content" / "einwilligungen").rglob("*.md"))
REPORTS = sorted((REPO / "content" / "berichte").rglob("*.md"))
PERSPECTIVES = sorted((REPO / "content" / "perspektiven").rglob("*.md"))


def source_of(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.load(front, Loader=yaml.BaseLoader), body  # BaseLoader: everything as text


def expected_texts(path: Path) -> list[str]:
    meta, body = source_of(path)
    texts = [meta["fall_id"], meta["klient"]["name"], meta["fallmanagement"]["name"]]
    texts += [p["organisation"] for p in meta.get("netzwerk") or []]
    for goal in meta["ziele"]:
        texts += [goal["ziel"], goal["indikator"]]
        texts += [step["was"] for step in goal["schritte"]]
        texts += [step["wer"] for step in goal["schritte"]]
    texts += [m.group(1).strip() for m in re.finditer(r"^#{2,3} (.+)$", body, re.MULTILINE)]
    return texts


@pytest.fixture(scope="module")
def sample_output(built_sample: SharedBuild) -> Path:
    # Built on a day on which the samples' cases are current (conftest.SAMPLE_DAY).
    results = built_sample.results
    assert all(r.ok for r in results), [p.format() for r in results for p in r.problems]
    # The samples are fictional and unreviewed: they are drafts, and only that is warned.
    others = [p for r in results for p in r.problems if not draft_warning(p)]
    assert not others, "Beispiele sollen ohne Warnung bauen"
    return built_sample.output


def test_there_are_enough_samples() -> None:
    assert len(SAMPLES) >= 3
    goal_counts = [len(source_of(p)[0]["ziele"]) for p in SAMPLES]
    assert max(goal_counts) >= 10
    names = [source_of(p)[0]["klient"]["name"] for p in SAMPLES]
    assert all("fiktiv" in n for n in names), "Personen in Beispielen sind sichtbar erfunden"


# What belongs in test fixtures (tests/projects/basic), not in documents an office is shown.
ARTEFACTS = {
    "Emoji": re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]"),
    "Tag": re.compile(r"<[A-Za-z/][^>]*>"),
    "Und-Zeichen": re.compile("&"),
    "Schrift, die nicht zum Text gehört": re.compile("[\u0600-\u06ff]"),
    "Vorlagensyntax": re.compile(r"\{\{|\{%"),
    "Testhinweis": re.compile(r"prüft bewusst|Sonderzeichen|geht's", re.IGNORECASE),
}


@pytest.mark.parametrize(
    "source",
    sorted(p for p in (REPO / "content").rglob("*.md") if p.name != "README.md"),
    ids=lambda p: p.stem,
)
def test_samples_read_like_office_documents(source: Path) -> None:
    text = source.read_text(encoding="utf-8")
    found = {what: m.group(0) for what, rx in ARTEFACTS.items() if (m := rx.search(text))}
    assert not found, f"{source.name}: {found}"


def _output(sample_output: Path, source: Path, suffix: str) -> Path:
    rel = source.relative_to(REPO / "content").with_suffix(suffix)
    return sample_output / rel


@pytest.mark.parametrize("source", SAMPLES, ids=lambda p: p.stem)
def test_docx_has_every_goal_step_party_and_section(sample_output: Path, source: Path) -> None:
    text = docx_text(_output(sample_output, source, ".docx"))
    missing = [t for t in expected_texts(source) if t not in text]
    assert not missing


@pytest.mark.parametrize("source", SAMPLES, ids=lambda p: p.stem)
def test_pdf_is_tagged_titled_embedded_and_complete(sample_output: Path, source: Path) -> None:
    pdf = _output(sample_output, source, ".pdf")
    meta, _ = source_of(source)
    info = pdfinfo(pdf)
    assert info["Tagged"] == "yes"
    assert info["Title"].endswith(meta["fall_id"])
    assert all(f["emb"] == "yes" and "Type 3" not in f["type"] for f in pdffonts(pdf))
    assert pdf_catalog(pdf)["lang"] == "de"
    text = squash(pdf_text(pdf))
    # Text extraction of right-to-left runs reorders their neighbours and mirrors brackets;
    # for texts with Arabic compare the rest without them.
    bidi = re.compile("[\u0600-\u06ff()<>]+")
    missing = [
        t
        for t in expected_texts(source)
        if (
            squash(t) not in text
            if not re.search("[\u0600-\u06ff]", t)
            else squash(bidi.sub("", t)) not in bidi.sub("", text)
        )
    ]
    assert not missing


def test_pdfs_pass_qpdf_check(sample_output: Path) -> None:
    for pdf in sorted(sample_output.rglob("*.pdf")):
        result = subprocess.run([tool("qpdf"), "--check", str(pdf)], capture_output=True, text=True)
        assert result.returncode == 0, (pdf.name, result.stdout[-500:])


def test_minutes_samples_cover_both_types_and_a_long_action_list() -> None:
    types = {source_of(p)[0]["typ"] for p in MINUTES}
    assert types == {"Fallkonferenz", "Fallrekonstruktion"}
    assert max(len(source_of(p)[0]["maßnahmen"]) for p in MINUTES) >= 15


@pytest.mark.parametrize("source", MINUTES, ids=lambda p: p.stem)
def test_minutes_outputs_carry_every_action(sample_output: Path, source: Path) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    meta, _ = source_of(source)
    expected = [(a["maßnahme"], a["verantwortlich"]) for a in meta["maßnahmen"]]
    doc = Document(str(_output(sample_output, source, ".docx")))
    [table] = [t for t in doc.tables if t.rows[0].cells[1].text == "Maßnahme"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [(r.cells[1].text, r.cells[2].text) for r in table.rows[1:]] == expected
    pdf = _output(sample_output, source, ".pdf")
    assert pdfinfo(pdf)["Tagged"] == "yes"
    assert all(f["emb"] == "yes" for f in pdffonts(pdf))
    text = squash(pdf_text(pdf))
    assert all(squash(what) in text for what, _ in expected)


def test_consent_changes_in_the_sample_fail_check(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    [conference] = [p for p in MINUTES if source_of(p)[0]["typ"] == "Fallkonferenz"]
    meta, _ = source_of(conference)
    root = tmp_path / "p"
    copy_sample_project(root)
    copy = root / conference.relative_to(REPO)
    original = copy.read_text(encoding="utf-8")
    dropped = meta["schweigepflichtentbindung"]["organisationen"][0]
    copy.write_text(original.replace(f"    - {dropped}\n", "", 1), encoding="utf-8")
    result = cli(root, "check", str(copy))
    assert result.exit_code == 1
    assert f"„{dropped}“ nicht ab" in result.output

    valid_until = dt.date.fromisoformat(meta["schweigepflichtentbindung"]["gültig_bis"])
    later = (valid_until + dt.timedelta(days=1)).isoformat()
    copy.write_text(
        original.replace(f"datum: {meta['datum']}", f"datum: {later}", 1), encoding="utf-8"
    )
    result = cli(root, "build", str(copy))
    assert result.exit_code == 1
    assert f"abgelaufen (gültig bis {valid_until:%d.%m.%Y})" in result.output


def test_every_docx_opens_in_libreoffice(sample_output: Path, tmp_path: Path) -> None:
    # German originals only (their stems have no dot); translations: test_translation.py.
    docx_files = sorted(p for p in sample_output.rglob("*.docx") if "." not in p.stem)
    sources = SAMPLES + MINUTES + PRESS + CONSENTS + REPORTS + PERSPECTIVES
    assert len(docx_files) == len(sources)
    for docx, converted in zip(docx_files, libreoffice_to_pdf(docx_files, tmp_path), strict=True):
        meta, _ = source_of(next(s for s in sources if s.stem == docx.stem))
        if "einwilligung" in meta:
            last = meta["einwilligung"]["organisationen"][-1]
        elif "ziele" in meta:
            last = meta["ziele"][-1]["ziel"]
        elif "maßnahmen" in meta:
            last = meta["maßnahmen"][-1]["maßnahme"]
        elif "aufenthalte" in meta:  # a worksheet ends with its note on itself
            last = "vor der Verwendung rechtlich zu prüfen."
        else:
            last = meta["titel"]
        assert squash(last) in squash(pdf_text(converted))


def test_every_docx_names_its_office_in_the_file_properties(sample_output: Path) -> None:
    """What Word shows under File > Properties: the office as author and last editor, in
    the core properties' own namespace (docxcompose rebinds python-docx's prefix), and no
    word about the program that wrote the file."""
    import zipfile

    from lxml import etree

    core_ns = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    files = sorted(sample_output.rglob("*.docx"))
    assert len(files) >= 8
    for path in files:
        with zipfile.ZipFile(path) as package:
            xml = package.read("docProps/core.xml")
        root = etree.fromstring(xml)
        assert root.tag == f"{{{core_ns}}}coreProperties", path.name
        editors = root.findall(f"{{{core_ns}}}lastModifiedBy")
        strays = [e.tag for e in root if "lastModifiedBy" in e.tag or "revision" in e.tag]
        assert len(strays) == 2 and len(editors) == 1, (path.name, strays)
        if ".ar." not in path.name:  # a client's copy in her language names no editor
            assert editors[0].text == "Kreis Warendorf (Beispielprojekt)", path.name
        assert b"python-docx" not in xml, path.name
