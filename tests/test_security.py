"""Nothing outside the project is read, fetched or attached; no payload is evaluated.

Templates are input too (offices pass Word templates around): they render in Jinja's
sandbox, may not point outside the DOCX, and may not attach files to a PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from click.testing import Result

from tests.conftest import BASIC_RELEASE_DOCX, docx_written
from tests.outputs import docx_text, pdf_text

PAYLOAD = "{{ 7*7 }}{% for x in range(3) %}x{% endfor %}{{ config }}"


def _template(basic: Path, markup: str) -> None:
    (basic / "templates").mkdir(exist_ok=True)
    (basic / "templates" / "agreement.html").write_text(
        '{% extends "default/agreement.html" %}{% block closing_note %}'
        + markup
        + "{% endblock %}",
        encoding="utf-8",
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "markup, shown",
    [
        ('<img src="file:///etc/passwd" alt="x">', "/etc/passwd"),
        ("<style>p { background: url(file:///etc/hostname); }</style>", "/etc/hostname"),
        ('<link rel="attachment" href="file:///etc/passwd">', "keine Anhänge"),
        ('<img src="http://127.0.0.1:9/x.png" alt="x">', "http://127.0.0.1:9/x.png"),
        ("<style>@import url(https://example.org/x.css);</style>", "https://example.org/x.css"),
    ],
)
def test_templates_cannot_reach_outside_the_project(
    basic: Path, cli: Callable[..., Result], markup: str, shown: str
) -> None:
    _template(basic, markup)
    result = cli(basic, "build", "-f", "pdf")
    assert result.exit_code == 1
    assert "PDF-Erzeugung" in result.output and shown in result.output
    assert not (basic / "output" / "vereinbarungen" / "T-0001-sonderzeichen.pdf").exists()


@pytest.mark.slow
def test_no_attachment_and_no_foreign_text_in_a_good_pdf(
    basic: Path, cli: Callable[..., Result]
) -> None:
    assert cli(basic, "build", "-f", "pdf").exit_code == 0
    pdf = basic / "output" / "vereinbarungen" / "T-0001-sonderzeichen.pdf"
    with pikepdf.open(pdf) as doc:
        assert "/EmbeddedFiles" not in doc.Root.get("/Names", {})
        assert not doc.attachments
    assert "root:x:0" not in pdf_text(pdf)


@pytest.mark.slow
def test_payload_in_every_field_stays_literal(
    basic: Path, cli: Callable[..., Result], write_agreement: Callable[..., Path]
) -> None:
    quoted = f'"{PAYLOAD}"'
    write_agreement(
        "nutzlast",
        {
            "  name: Test Person (fiktiv)": f"  name: {quoted}\n  sprache: {quoted}",
            "  name: Frida Fallbeispiel": f"  name: {quoted}\n  stelle: {quoted}",
            "  - ziel: Ein Ziel": f"  - ziel: {quoted}",
            "    indikator: Ein Nachweis": f"    indikator: {quoted}",
            "      - was: Ein Schritt": f"      - was: {quoted}",
            "        wer: Klient": f"        wer: {quoted}",
            "Text.": PAYLOAD,
        },
    )
    result = cli(basic, "build", "content/vereinbarungen/nutzlast.md", "-f", "pdf,docx,html")
    assert result.exit_code == 0, result.output
    out = basic / "output" / "vereinbarungen"
    docx = docx_text(out / "nutzlast.docx")
    assert docx.count(PAYLOAD) >= 7
    html = (out / "nutzlast.html").read_text(encoding="utf-8")
    assert html.count(PAYLOAD) >= 7 and "xxx" not in html and ">49<" not in html
    assert "".join(PAYLOAD.split()) in "".join(pdf_text(out / "nutzlast.pdf").split())


# Walks from a Jinja global to the os module; unsandboxed, this ran a shell command.
ESCAPE = "{{ cycler.__init__.__globals__.os.popen('cat /etc/passwd').read() }}"
# The same through a computed name, which no look at the template text can see.
COMPUTED = '{% set n = "__cla" ~ "ss__" %}{{ title|attr(n) }}'


def _all_output_text(out: Path) -> str:
    texts = []
    for path in out.rglob("*"):
        if path.suffix == ".pdf":
            texts.append(pdf_text(path))
        elif path.suffix == ".docx":
            texts.append(docx_text(path))
        elif path.suffix in (".html", ".txt", ".json"):
            texts.append(path.read_text(encoding="utf-8"))
    return "\n".join(texts)


@pytest.mark.parametrize("markup", [ESCAPE, COMPUTED])
def test_html_template_cannot_reach_python_internals(
    basic: Path, cli: Callable[..., Result], markup: str
) -> None:
    _template(basic, markup)
    result = cli(basic, "build", "-f", "pdf,html")
    assert result.exit_code == 1
    assert "templates/agreement.html:1: Fehler:" in result.output
    assert "Das ist aus Sicherheitsgründen gesperrt" in result.output
    assert "Traceback" not in result.output
    assert "root:x:0" not in _all_output_text(basic / "output")
    assert not (basic / "output" / "vereinbarungen" / "T-0001-sonderzeichen.pdf").exists()


def test_vorlage_pruefen_reports_an_unsafe_html_template_first(
    basic: Path, cli: Callable[..., Result]
) -> None:
    _template(basic, "{{ gibtsnicht }}" + ESCAPE)
    result = cli(basic, "vorlage", "prüfen", "templates/agreement.html")
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if "Fehler:" in ln]
    assert "Sicherheitsgründen" in lines[0] and "„gibtsnicht“" in lines[-1]
    assert "„__init__“" in result.output and "„__globals__“" in result.output


def _docx_template(basic: Path, *paragraphs: str) -> Path:
    from docx import Document

    from kimdocs.templating.environment import SHIPPED_DIR

    doc = Document(str(SHIPPED_DIR / "agreement.docx"))
    for text in paragraphs:
        doc.add_paragraph(text)
    target = basic / "templates" / "agreement.docx"
    target.parent.mkdir(exist_ok=True)
    doc.save(str(target))
    return target


def test_docx_template_cannot_reach_python_internals(
    basic: Path, cli: Callable[..., Result]
) -> None:
    _docx_template(basic, ESCAPE)
    checked = cli(basic, "vorlage", "prüfen", "templates/agreement.docx")
    assert checked.exit_code == 1 and "in Ordnung" not in checked.output
    assert "greift auf „__init__“ zu" in checked.output and "Absatz" in checked.output
    result = cli(basic, "build", "-f", "docx")
    assert result.exit_code == 1
    assert "templates/agreement.docx: Fehler:" in result.output
    assert "Sicherheitsgründen" in result.output
    assert "root:x:0" not in _all_output_text(basic / "output")


def test_docx_sandbox_holds_where_the_check_cannot_see(
    basic: Path, cli: Callable[..., Result]
) -> None:
    _docx_template(basic, "Merkmal: " + COMPUTED)
    assert cli(basic, "vorlage", "prüfen", "templates/agreement.docx").exit_code == 0
    result = cli(basic, "build", "-f", "docx")
    assert result.exit_code == 1
    assert "Die Vorlage greift auf „__class__“ zu" in result.output
    assert "Absatz: „Merkmal: {% set n" in result.output
    assert docx_written(basic) == [BASIC_RELEASE_DOCX]  # none of the agreement


def _with_external_references(target: Path) -> Path:
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    doc = Document(str(target))
    settings = doc.part._settings_part
    attached = (
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
    )
    settings.relate_to("https://vorlagen.example.org/amt.dotm", attached, True)
    doc.part.relate_to("https://bilder.example.org/logo.png", RT.IMAGE, True)
    doc.part.relate_to("file:///etc/passwd", RT.HYPERLINK, True)
    doc.part.relate_to("https://www.example.org/amt", RT.HYPERLINK, True)  # allowed
    doc.save(str(target))
    return target


def test_docx_template_with_external_references_is_refused(
    basic: Path, cli: Callable[..., Result]
) -> None:
    _with_external_references(_docx_template(basic))
    checked = cli(basic, "vorlage", "prüfen", "templates/agreement.docx")
    assert checked.exit_code == 1
    found = [ln for ln in checked.output.splitlines() if "Die Vorlage enthält" in ln]
    assert len(found) == 3, checked.output
    text = "\n".join(found)
    assert "angehängte Dokumentvorlage „https://vorlagen.example.org/amt.dotm“" in text
    assert "verknüpftes Bild „https://bilder.example.org/logo.png“" in text
    assert "Link „file:///etc/passwd“" in text and "www.example.org/amt" not in text
    result = cli(basic, "build", "-f", "docx")
    assert result.exit_code == 1
    assert [ln for ln in result.output.splitlines() if "Die Vorlage enthält" in ln] == found
    assert docx_written(basic) == [BASIC_RELEASE_DOCX]  # none of the agreement


def test_generated_docx_refuses_what_slipped_past_the_check(
    basic: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The render itself refuses external references, whatever the template check said."""
    import kimdocs.checking.templates
    from kimdocs.build.run import FAILED, build
    from kimdocs.project import load_project

    _with_external_references(_docx_template(basic))
    monkeypatch.setattr(kimdocs.checking.templates, "check_project_templates", lambda *a: {})
    [result] = build(
        load_project(basic), [basic / "content" / "vereinbarungen"], formats=["docx"], jobs=1
    )
    assert result.status == FAILED
    assert "Das erzeugte DOCX enthält" in result.problems[0].message


@pytest.mark.slow
def test_sample_docx_files_have_no_external_references(tmp_path: Path) -> None:
    from kimdocs.build.run import build
    from kimdocs.project import load_project
    from kimdocs.word.inspect import inspect_docx
    from tests.conftest import copy_sample_project

    project = load_project(copy_sample_project(tmp_path / "probe"))
    results = build(project, formats=["docx"])
    assert results and all(r.ok for r in results)
    written = list(project.output_dir.rglob("*.docx"))
    assert len(written) >= 8
    for path in written:
        assert inspect_docx(path) == [], path


@pytest.mark.slow
@pytest.mark.parametrize(
    "markup",
    [
        '<link rel="attachment" href="../content/vereinbarungen/T-0001-sonderzeichen.md">',
        '<a rel="attachment" href="../content/vereinbarungen/T-0001-sonderzeichen.md">Akte</a>',
    ],
)
def test_template_cannot_attach_project_files(
    basic: Path, cli: Callable[..., Result], markup: str
) -> None:
    _template(basic, markup)
    result = cli(basic, "build", "-f", "pdf")
    assert result.exit_code == 1
    assert "PDFs von kimdocs enthalten keine Anhänge" in result.output
    assert not (basic / "output" / "vereinbarungen" / "T-0001-sonderzeichen.pdf").exists()
