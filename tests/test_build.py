"""Build the small test project and read the outputs back."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kimdocs.build.run import build
from kimdocs.project import load_project
from tests.outputs import docx_text, pdf_catalog, pdf_text, pdffonts, pdfinfo, squash

SPECIAL = [
    'Amal O\'Hara & أمل <Test> "Probe" (fiktiv)',
    "Jobcenter & Familienkasse",
    "Şükrü Yılmaz, Łucja Żółć (fiktiv)",
    "Anmeldung zum Integrationskurs 😀",
    "Deutschkurs B1 abschließen {{ 7*7 }}",
    "Text mit <b>roher</b> Auszeichnung und {{ 7*7 }}",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from tests.conftest import PROJECTS

    root = tmp_path_factory.mktemp("built") / "basic"
    shutil.copytree(PROJECTS / "basic", root)
    results = build(load_project(root), formats=["pdf", "docx", "html"])
    assert all(r.ok for r in results), [p.format() for r in results for p in r.problems]
    return root / "output" / "vereinbarungen"


def test_outputs_mirror_the_content_tree(built: Path) -> None:
    assert sorted(p.name for p in built.iterdir()) == [
        "T-0001-sonderzeichen.docx",
        "T-0001-sonderzeichen.html",
        "T-0001-sonderzeichen.pdf",
    ]


def test_docx_contains_every_field_as_written(built: Path) -> None:
    text = docx_text(built / "T-0001-sonderzeichen.docx")
    for expected in [
        *SPECIAL,
        "Ausgangslage",
        "Stärken und Ressourcen",
        "Eigene Wohnung finden",
        "Mietvertrag ist unterschrieben",
        "Wohnberechtigungsschein beantragen",
        "Frida Fallbeispiel",
        "02.06.2026",
        "Einleitung vor dem ersten Abschnitt.",
    ]:
        assert expected in text, expected
    assert "49" not in text  # {{ 7*7 }} never evaluated


def test_docx_metadata_language_and_structure(built: Path) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(str(built / "T-0001-sonderzeichen.docx"))
    assert doc.core_properties.title == "Integrationsvereinbarung T-0001"
    assert doc.core_properties.language == "de-DE"
    lang = doc.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:val")) == "de-DE"
    headings = [p.style.name for p in doc.paragraphs if p.style.name.startswith("Heading")]
    levels = [int(h.split()[1]) for h in headings]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    assert [h.address for p in doc.paragraphs for h in p.hyperlinks] == ["https://www.bamf.de"]
    steps = [t for t in doc.tables if t.rows[0].cells[0].text == "Schritt"]
    assert len(steps) == 2  # one table per goal
    assert steps[0].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_pdf_is_tagged_with_title_lang_and_embedded_fonts(built: Path) -> None:
    pdf = built / "T-0001-sonderzeichen.pdf"
    info = pdfinfo(pdf)
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Integrationsvereinbarung T-0001"
    fonts = pdffonts(pdf)
    assert fonts and all(f["emb"] == "yes" for f in fonts), fonts
    assert not any("Type 3" in f["type"] for f in fonts)
    catalog = pdf_catalog(pdf)
    assert catalog == {"lang": "de", "marked": True, "struct_tree": True, "display_title": True}


def test_pdf_text_contains_fields_as_written(built: Path) -> None:
    text = squash(pdf_text(built / "T-0001-sonderzeichen.pdf"))
    for expected in SPECIAL:
        # Arabic is stored right-to-left; check it on its own, the rest in order.
        latin, _, rest = expected.partition("أمل")
        assert squash(latin) in text, latin
        assert squash(rest) in text, rest
    assert squash("أمل") in text or squash("أمل"[::-1]) in text
    assert "Bezirk Mitte" in pdf_text(built / "T-0001-sonderzeichen.pdf")


def test_html_escapes_and_never_evaluates(built: Path) -> None:
    html = (built / "T-0001-sonderzeichen.html").read_text(encoding="utf-8")
    assert "Amal O&#39;Hara &amp; أمل &lt;Test&gt; &#34;Probe&#34; (fiktiv)" in html
    assert "&lt;b&gt;roher&lt;/b&gt;" in html
    assert "{{ 7*7 }}" in html and ">49<" not in html
    assert '<html lang="de">' in html


def test_failed_document_keeps_last_good_output_and_others_build(
    basic: Path, write_agreement: Callable[..., Path]
) -> None:
    project = load_project(basic)
    good = write_agreement("zwei")
    build(project, formats=["docx"])
    target = basic / "output" / "vereinbarungen" / "zwei.docx"
    before = target.read_bytes()
    good.write_text(
        good.read_text(encoding="utf-8")
        .replace("Ein Ziel", "Geändert")
        .replace("datum: 2026-03-02", "datum: 2026-13-01"),
        encoding="utf-8",
    )
    results = build(project, formats=["docx"])
    by_name = {r.source.name: r for r in results}
    assert not by_name["zwei.md"].ok
    assert by_name["T-0001-sonderzeichen.md"].ok
    assert target.read_bytes() == before
    assert not list(target.parent.glob(".*.tmp"))


def test_building_twice_gives_identical_bytes(basic: Path) -> None:
    project = load_project(basic)
    out = basic / "output" / "vereinbarungen"
    build(project, formats=["pdf", "docx"])
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    build(project, formats=["pdf", "docx"], force=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first


def test_missing_picture_fails_the_pdf(basic: Path, write_agreement: Callable[..., Path]) -> None:
    path = write_agreement("bild", {"Text.": "![Pass](fehlt.png)"})
    results = build(load_project(basic), [path], formats=["pdf"])
    [result] = results
    assert not result.ok
    assert any("fehlt.png" in p.message and p.line for p in result.problems)


def test_unexpected_library_error_is_reported_and_others_build(
    basic: Path, write_agreement: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import kimdocs.render.docx as docx_renderer

    real = docx_renderer.render_docx
    bad = write_agreement("absturz")

    def flaky(doc: Any, project: Any, context: Any) -> bytes:
        if doc.source.path == bad:
            raise RuntimeError("Bibliothek kaputt")
        return real(doc, project, context)

    monkeypatch.setattr(docx_renderer, "render_docx", flaky)
    results = {r.source.name: r for r in build(load_project(basic), formats=["docx"])}
    assert not results["absturz.md"].ok
    assert "RuntimeError: Bibliothek kaputt" in results["absturz.md"].problems[0].message
    assert results["T-0001-sonderzeichen.md"].ok
