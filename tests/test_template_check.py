"""Template checks: each way Word breaks a DOCX template has its own German message and place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from kimdocs.build.run import FAILED, build
from kimdocs.checking.templates import CACHE_NAME, check_template
from kimdocs.project import load_project
from kimdocs.templating.environment import SHIPPED_DIR


def _docx(path: Path, fill: Callable[[Any], None]) -> Path:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Integrationsvereinbarung")
    fill(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def _messages(path: Path, project_root: Path | None = None, kind: str | None = None) -> list[str]:
    project = load_project(project_root) if project_root else None
    return [p.message for p in check_template(path, project, kind)]


@pytest.mark.parametrize(
    "name", sorted(p.name for p in SHIPPED_DIR.iterdir() if p.suffix in (".docx", ".html"))
)
def test_shipped_templates_pass(name: str, basic: Path) -> None:
    assert _messages(SHIPPED_DIR / name, basic) == []


def test_tag_split_by_a_field_names_the_paragraph(tmp_path: Path) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def fill(doc: Any) -> None:
        para = doc.add_paragraph("Fall {{ doc.")
        for kind in ("begin", "end"):
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            para.add_run()._r.append(char)
        para.add_run("case_id }}").bold = True

    [message] = _messages(_docx(tmp_path / "agreement.docx", fill))
    assert message.startswith("Absatz 2: Im Platzhalter „{{ doc.…case_id }}“ steht ein Feld")
    assert "Absatz: „Fall {{ doc.…case_id }}“" in message


def test_tag_split_across_paragraphs(tmp_path: Path) -> None:
    def fill(doc: Any) -> None:
        doc.add_paragraph("Fall {{ doc.")
        doc.add_paragraph("case_id }}")

    [message] = _messages(_docx(tmp_path / "agreement.docx", fill))
    assert message.startswith("Absatz 2: Der Platzhalter „{{ doc.")
    assert "geht über mehrere Absätze (bis Absatz 3)" in message


def test_tag_split_into_runs_is_fine(tmp_path: Path) -> None:
    # docxtpl merges runs itself: Word's formatting and spelling marks do no harm.
    def fill(doc: Any) -> None:
        para = doc.add_paragraph("Fall {")
        para.add_run("{ doc.ca").italic = True
        para.add_run("se_id }}").bold = True

    assert _messages(_docx(tmp_path / "agreement.docx", fill)) == []


def test_braces_separated_by_a_space(tmp_path: Path) -> None:
    def fill(doc: Any) -> None:
        para = doc.add_paragraph("Fall {")
        para.add_run(" { doc.case_id }}")

    messages = _messages(_docx(tmp_path / "agreement.docx", fill))
    assert any(m.startswith("Absatz 2: „{ {“ ist kein Platzhalter") for m in messages)


def test_smart_quotes_inside_a_tag(tmp_path: Path) -> None:
    def fill(doc: Any) -> None:
        doc.add_paragraph("{% if doc.phase == „Assessment“ %}Erstgespräch{% endif %}")

    [message] = _messages(_docx(tmp_path / "agreement.docx", fill))
    assert message.startswith("Absatz 2: Im Platzhalter „{% if doc.phase == „Assessment“ %}“")
    assert "typografische Anführungszeichen (“ „)" in message
    assert "gerade Zeichen" in message


def test_typographic_quotes_in_comments_and_strings_are_text(tmp_path: Path) -> None:
    def fill(doc: Any) -> None:
        doc.add_paragraph("{# Hinweis für „Word“-Nutzer #}{{ doc.case_id ~ ' „geprüft“' }}")

    assert _messages(_docx(tmp_path / "agreement.docx", fill)) == []


def test_table_row_loop_sharing_its_row(tmp_path: Path) -> None:
    def fill(doc: Any) -> None:
        table = doc.add_table(rows=3, cols=2)
        table.cell(0, 0).text = "{%tr for goal in doc.goals %}"
        table.cell(0, 1).text = "Ziel"
        table.cell(1, 0).text = "{{ goal.goal }}"
        table.cell(2, 0).text = "{%tr endfor %}"

    [message] = _messages(_docx(tmp_path / "agreement.docx", fill))
    assert message.startswith(
        "Tabelle 1, Zeile 1: Die Anweisung „{%tr for goal in doc.goals %}“ muss allein in "
        "ihrer Tabellenzeile stehen; der übrige Text „Ziel“ ginge beim Ausfüllen verloren."
    )


def test_unknown_variable_from_the_kinds_real_context(tmp_path: Path, basic: Path) -> None:
    def fill(doc: Any) -> None:
        doc.add_paragraph("Fall {{ doc.case_id }} für {{ titel }}")
        doc.add_paragraph("{{ body }}")  # DOCX-only variables are known as well

    [message] = _messages(_docx(tmp_path / "agreement.docx", fill), basic)
    assert message == (
        "Absatz 2: „Fall {{ doc.case_id }} für {{ titel }}“: Die Vorlage verwendet "
        "„titel“, das es für diese Dokumentart nicht gibt. Meinten Sie „title“?"
    )


def test_jinja_syntax_error_names_paragraph_and_text(tmp_path: Path) -> None:
    def fill(doc: Any) -> None:
        doc.add_paragraph("Text")
        doc.add_paragraph("{% for x in %}{{ x }}{% endfor %}")

    [message] = _messages(_docx(tmp_path / "agreement.docx", fill))
    assert message == (
        "Absatz 3: Syntaxfehler in der DOCX-Vorlage: Hier fehlt ein Ausdruck. "
        "Absatz: „{% for x in %}{{ x }}{% endfor %}“"
    )


def test_html_template_problems_have_lines(tmp_path: Path, basic: Path) -> None:
    path = tmp_path / "flyer.html"
    path.write_text(
        '{% extends "default/flyer.html" %}\n{% block content %}\n'
        "<p>{{ titel }}</p>\n<p>{{ title ~ „x“ }}</p>\n{% endblock %}\n",
        encoding="utf-8",
    )
    problems = check_template(path, load_project(basic))
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (
            4,
            "Im Platzhalter „{{ title ~ „x“ }}“ stehen typografische Anführungszeichen (“ „); in "
            "Platzhaltern gelten nur gerade Zeichen \" und '.",
        ),
        (
            3,
            "Die Vorlage verwendet „titel“, das es für diese Dokumentart nicht gibt. Meinten Sie "
            "„title“?",
        ),
    ]


def test_build_checks_project_templates_first_and_caches(basic: Path) -> None:
    def fill(doc: Any) -> None:
        doc.add_paragraph("{{ gibtsnicht }}")

    _docx(basic / "templates" / "agreement.docx", fill)
    project = load_project(basic)
    agreements = [basic / "content" / "vereinbarungen"]
    [html_only] = build(project, agreements, formats=["html"])  # the DOCX template is not used
    assert html_only.ok
    for _ in range(2):  # the second build answers from the cache
        [result] = build(project, agreements, formats=["docx"])
        assert result.status == FAILED
        [problem] = result.problems
        assert problem.file == basic / "templates" / "agreement.docx"
        assert "„gibtsnicht“, das es für diese Dokumentart nicht gibt" in problem.message
    assert "gibtsnicht" in (basic / "output" / CACHE_NAME).read_text(encoding="utf-8")


def test_cli_vorlage_pruefen(tmp_path: Path, basic: Path, cli: Callable[..., Result]) -> None:
    def fill(doc: Any) -> None:
        doc.add_paragraph("{{ doc.case_id ~ „x“ }}")

    broken = _docx(basic / "templates" / "agreement.docx", fill)
    result = cli(basic, "vorlage", "prüfen", str(broken))
    assert result.exit_code == 1
    assert "templates/agreement.docx: Fehler: Absatz 2: Im Platzhalter" in result.output
    good = cli(basic, "vorlage", "pruefen", str(SHIPPED_DIR / "press.docx"))
    assert good.exit_code == 0 and "in Ordnung" in good.output


def test_per_case_fields_are_the_ones_the_kinds_mark() -> None:
    from kimdocs.checking.templates import case_fields
    from kimdocs.kinds import KINDS
    from kimdocs.schema import per_case_fields

    refused = case_fields()
    # The client, the case id, the birth date inside the client, the people around the case.
    wanted = {"klient", "fall_id", "geburtsdatum", "teilnehmende", "fallmanagement", "netzwerk"}
    assert wanted | {"client", "case_id", "birth_date"} <= refused
    # What a report prints of itself is no case data.
    assert not {"datum", "date", "titel", "bezirk", "tabellen"} & refused
    for kind in KINDS.values():
        marked = per_case_fields(kind.model)
        # Only kinds that carry case data mark fields; each of them names its case.
        assert bool(marked) == kind.names.case_data, kind.id
        assert {m.casefold() for m in marked} <= refused


def test_a_field_marked_per_case_is_found_in_nested_models() -> None:
    from pydantic import Field

    from kimdocs.schema import PER_CASE, Model, per_case_fields

    class Relative(Model):
        name: str = Field("", json_schema_extra=PER_CASE)
        role: str = Field("", alias="rolle")

    class Fields(Model):
        relatives: list[Relative] | None = Field(None, alias="angehörige")
        title: str = Field("", alias="titel")

    assert per_case_fields(Fields) == {"name"}


def test_a_report_template_is_parsed_once(
    tmp_path: Path, basic: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kimdocs.checking.templates as template_check

    parsed: list[str] = []
    real = template_check._parse

    def counted(env: Any, text: str, filename: str | None = None) -> Any:
        parsed.append(text)
        return real(env, text, filename)

    monkeypatch.setattr(template_check, "_parse", counted)
    html = tmp_path / "report.html"
    html.write_text(
        (SHIPPED_DIR / "report.html")
        .read_text("utf-8")
        .replace("{% block content %}", "{% block content %}{{ klient.name }}", 1),
        "utf-8",
    )
    found = check_template(html, load_project(basic), "report")
    text = html.read_text("utf-8")
    assert found[0].line == text.count("\n", 0, text.index("klient")) + 1
    assert found[0].message.startswith("Die Berichtsvorlage gibt „klient“ aus")
    assert len(parsed) == 1

    parsed.clear()
    docx = _docx(
        tmp_path / "bericht.docx",
        lambda doc: doc.add_paragraph("Fall {{ fall_id }}, geboren {{ KLIENT.geburtsdatum }}"),
    )
    found = check_template(docx, None, "report")
    refused = [p.message for p in found if "Berichtsvorlage" in p.message]
    assert sorted(m.split("“")[0].split("„")[1] for m in refused) == [
        "KLIENT",
        "fall_id",
        "geburtsdatum",
    ]
    assert all("Zeile: „Fall {{ fall_id }}, geboren" in m for m in refused)
    assert found[: len(refused)] == [p for p in found if p.message in refused]
    assert len(parsed) == 1  # one part, one parse


def test_a_template_in_a_subfolder_is_checked_like_the_others(basic: Path) -> None:
    """Templates are listed by one function, subfolders included: a partial in
    ``templates/teile/`` is fingerprinted, checked before the build and named."""
    partial = basic / "templates" / "teile" / "agreement-hinweis.html"
    partial.parent.mkdir(parents=True)
    partial.write_text("<p>{{ doc.fallnummer }}</p>\n", encoding="utf-8")
    [result] = build(load_project(basic), [basic / "content" / "vereinbarungen"], formats=["pdf"])
    assert result.status == FAILED
    [problem] = [p for p in result.problems if p.is_error]
    assert problem.file == partial
    assert "„fallnummer“ von „doc“" in problem.message
