"""Template lookup, overrides, autoescape and clear errors from broken templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from kimdocs.base.dates import german_date
from kimdocs.base.errors import TemplateError
from kimdocs.build.run import build
from kimdocs.project import load_project
from kimdocs.templating.environment import html_environment, render_template


def test_project_template_extends_the_shipped_default(basic: Path) -> None:
    (basic / "templates").mkdir()
    (basic / "templates" / "agreement.html").write_text(
        '{% extends "default/agreement.html" %}'
        '{% block closing_note %}<p class="extra">Sprechzeit dienstags</p>{% endblock %}',
        encoding="utf-8",
    )
    [result] = build(load_project(basic), [basic / "content" / "vereinbarungen"], formats=["html"])
    html = result.outputs[0].read_text(encoding="utf-8")
    assert '<p class="extra">Sprechzeit dienstags</p>' in html
    assert "Ziele und Schritte" in html  # the rest still comes from the default


def test_project_docx_template_is_used(basic: Path) -> None:
    from docx import Document

    from kimdocs.templating.environment import SHIPPED_DIR

    (basic / "templates").mkdir()
    own = Document(str(SHIPPED_DIR / "agreement.docx"))
    own.add_paragraph("Eigene Fußzeile des Kreises für {{ doc.case_id }}")
    own.save(str(basic / "templates" / "agreement.docx"))
    [result] = build(load_project(basic), [basic / "content" / "vereinbarungen"], formats=["docx"])
    text = "\n".join(p.text for p in Document(str(result.outputs[0])).paragraphs)
    assert "Eigene Fußzeile des Kreises für T-0001" in text


def test_undefined_variable_names_template_and_line(basic: Path) -> None:
    (basic / "templates").mkdir()
    (basic / "templates" / "agreement.html").write_text(
        "<p>\n{{ doc.gibtsnicht }}</p>\n", encoding="utf-8"
    )
    [result] = build(load_project(basic), [basic / "content" / "vereinbarungen"], formats=["html"])
    [problem] = result.problems
    assert problem.file is not None and problem.file.name == "agreement.html"
    assert problem.line == 2
    # Found before rendering, against the fields the kind declares, with a suggestion.
    assert "liest „gibtsnicht“ von „doc“; das gibt es nicht" in problem.message


def test_a_value_the_check_cannot_see_is_still_named_when_rendering(basic: Path) -> None:
    """A field read through a macro's parameter has no declared type: the build names it."""
    (basic / "templates").mkdir()
    (basic / "templates" / "agreement.html").write_text(
        "{% macro show(x) %}{{ x.goals }}{% endmacro %}\n<p>\n{{ show(doc.client) }}</p>\n",
        encoding="utf-8",
    )
    [result] = build(load_project(basic), [basic / "content" / "vereinbarungen"], formats=["html"])
    [problem] = result.problems
    assert problem.file is not None and problem.file.name == "agreement.html"
    assert problem.line == 1
    assert "Wert, den es nicht gibt" in problem.message


def test_jinja_syntax_error_names_line(basic: Path) -> None:
    (basic / "templates").mkdir()
    (basic / "templates" / "agreement.html").write_text("a\nb\n{% if %}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        render_template(html_environment(load_project(basic)), "agreement.html", {})
    [problem] = info.value.problems
    assert problem.line == 3
    assert "Syntaxfehler" in problem.message


def test_broken_docx_template_is_a_clear_error(basic: Path) -> None:
    from docx import Document

    (basic / "templates").mkdir()
    broken = Document()
    broken.add_paragraph("{{ doc.case_id ")
    broken.save(str(basic / "templates" / "agreement.docx"))
    [result] = build(load_project(basic), [basic / "content" / "vereinbarungen"], formats=["docx"])
    assert not result.ok
    assert "Absatz 1: „{{“ wird nicht mit „}}“ geschlossen" in result.problems[0].message
    assert result.problems[0].file == basic / "templates" / "agreement.docx"


def test_german_dates() -> None:
    import datetime as dt

    day = dt.date(2026, 3, 2)
    assert german_date(day) == "02.03.2026"
    assert german_date(day, "long") == "2. März 2026"
    assert german_date(None) == ""


def test_docx_template_can_place_one_named_section(basic: Path) -> None:
    from docx import Document

    (basic / "templates").mkdir()
    own = Document()
    own.add_paragraph("Nur die Ausgangslage:")
    own.add_paragraph('{{p section("ausgangslage") }}')
    own.add_paragraph('{{p section("gibt_es_nicht") }}')
    own.save(str(basic / "templates" / "agreement.docx"))
    [result] = build(load_project(basic), [basic / "content" / "vereinbarungen"], formats=["docx"])
    texts = [p.text for p in Document(str(result.outputs[0])).paragraphs]
    assert texts[0] == "Nur die Ausgangslage:"
    assert "Frau O'Hara lebt seit 2024 in Teststadt." in " ".join(texts)
    assert "Erfahrung als Schneiderin" not in " ".join(texts)  # another section


# ------------------------------------------------------------------ one reader, declared names


def test_each_kind_declares_exactly_the_names_its_context_provides(tmp_path: Path) -> None:
    """The template check takes the names from the declaration; it must be the truth."""
    from docxtpl import DocxTemplate

    from kimdocs import formats
    from kimdocs.catalog import load_catalog
    from kimdocs.document_types import context_names, document_type
    from kimdocs.kinds import KINDS, load_document
    from kimdocs.project import load_project
    from kimdocs.render.context import DOCX_EXTRA_NAMES, base_context
    from kimdocs.render.docx import docx_extras
    from kimdocs.templating.environment import SHIPPED_DIR
    from tests.conftest import copy_sample_project

    project = load_project(copy_sample_project(tmp_path / "p"))
    catalog = load_catalog(project)
    for kind in KINDS.values():
        entries = catalog.of_kind(kind.id)
        assert entries, kind.id
        for entry in entries:
            doc = load_document(entry.path, project)
            row = document_type(kind)
            context = base_context(doc, project) | doc.kind.context(doc, project)
            context |= row.extra_context(doc, project)
            assert set(context) == context_names(kind), entry.path
        docx = formats.get("docx")
        if "docx" in kind.formats and document_type(kind).renderer("docx") == docx.renderer:
            tpl = DocxTemplate(str(SHIPPED_DIR / f"{kind.template}.docx"))
            assert set(docx_extras(tpl, doc, project)) == DOCX_EXTRA_NAMES
            assert context_names(kind, docx=True) == context_names(kind) | DOCX_EXTRA_NAMES


@pytest.mark.slow
def test_fact_split_across_runs_in_a_docx_footer_is_followed(tmp_path: Path) -> None:
    """Word splits ``{{ fakt("…") }}`` into runs; in a footer it is still a use of the fact."""
    from docx import Document

    from kimdocs.build.run import build
    from kimdocs.knowledge.overview import report
    from kimdocs.project import load_project
    from kimdocs.templating.environment import SHIPPED_DIR
    from tests.conftest import copy_sample_project
    from tests.outputs import docx_text

    root = copy_sample_project(tmp_path / "p")
    template = Document(str(SHIPPED_DIR / "agreement.docx"))
    footer = template.sections[0].footer.add_paragraph("Gebühr: ")
    footer.add_run('{{ fakt("einbuergerung.ge')
    footer.add_run('buehr") }}').bold = True
    template.save(str(root / "templates" / "agreement.docx"))
    project = load_project(root)
    assert all(r.ok for r in build(project, formats=["docx"]))
    out = next((root / "output" / "vereinbarungen").rglob("*.docx"))
    assert "Gebühr: 255 €" in docx_text(out)
    import datetime as dt

    items = report(project, dt.date(2026, 12, 1))
    item = next(i for i in items if i.name == "einbuergerung.gebuehr")
    assert "templates/agreement.docx (Vorlage)" in item.users
    facts = root / "fakten.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(
        text.replace("gebuehr:\n  wert: 255\n", "gebuehr:\n  wert: 300\n"), encoding="utf-8"
    )
    results = build(load_project(root), formats=["docx"])
    rebuilt = sorted(str(r.source.relative_to(root)) for r in results if r.status == "erzeugt")
    # the seven agreements through their template, the press release through its text
    assert len(rebuilt) == 8 and rebuilt[0] == "content/presse/2026-06-einbuergerungsfeier.md"
    assert all(r.startswith("content/vereinbarungen/") for r in rebuilt[1:])
    assert "Gebühr: 300 €" in docx_text(out)
