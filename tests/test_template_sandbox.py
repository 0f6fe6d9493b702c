"""Templates see data, not the machine: what reaches a template, and what it may do with it.

Offices pass templates around, so a template is code from outside. It must not be able to
read, write, list or delete files: the context holds plain data only, and the sandbox
refuses every attribute that is not a field and every call that is not kimdocs' own.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.exceptions
import pytest
from click.testing import Result

from kimdocs.build.run import FAILED, build
from kimdocs.project import load_project
from kimdocs.templating.data import TemplateFunction, for_templates, not_data
from kimdocs.templating.environment import SHIPPED_DIR, DataSandbox
from tests.conftest import copy_sample_project

# Each reaches the machine through a path in the context, as an outside test did with the
# source's path: read a file, write one, delete one, list a folder, find the home folder.
ATTACKS = {
    "lesen": '{{ document.source.path.parents[-1].joinpath("etc/hostname").read_text() }}',
    "schreiben": '{{ document.output_stem.write_text("x") }}',
    "löschen": "{{ document.source.path.unlink() }}",
    "auflisten": "{{ document.source.path.parent.iterdir()|list }}",
    "heimordner": "{{ document.source.path.home() }}",
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_sample_project(tmp_path_factory.mktemp("sample") / "p")


def test_every_kinds_context_is_data_only(sample: Path) -> None:
    """Every name a template of any sample document gets (HTML, DOCX, translations, the
    report) is a string, number, date, list, mapping or record of these, one of kimdocs'
    functions or a finished piece of a DOCX; never a path, a document or a project."""
    from docxtpl import DocxTemplate

    from kimdocs.catalog import load_catalog
    from kimdocs.document_types import document_type
    from kimdocs.kinds import KINDS, load_document
    from kimdocs.render.docx import docx_extras
    from kimdocs.render.job import Job
    from kimdocs.templating.environment import find_template, html_environment
    from kimdocs.translation.document import translations

    project = load_project(sample)
    env = html_environment(project)
    catalog = load_catalog(project)
    walked = 0
    for kind in KINDS.values():
        for entry in catalog.of_kind(kind.id):
            doc = load_document(entry.path, project)
            context = doc.kind.context(doc, project)
            job = Job(
                doc, project, env, {}, context | document_type(kind).extra_context(doc, project)
            )
            contexts = {str(entry.path.name): for_templates(job.context)}
            if (SHIPPED_DIR / f"{kind.template}.docx").is_file():
                tpl = DocxTemplate(str(find_template(project, f"{kind.template}.docx")))
                extras = docx_extras(tpl, doc, project, job.context)
                contexts[f"{entry.path.name} (DOCX)"] = for_templates(extras)
            for translation in translations(doc, project, document_type(kind).translation):
                name = f"{translation.doc.output_stem.name}"
                contexts[name] = for_templates(job.context | translation.context)
            for name, context in contexts.items():
                assert list(not_data(context, "context")) == [], name
                walked += 1
    assert walked >= 20  # every sample document, its DOCX names and its translations


def test_the_walk_finds_what_is_not_data() -> None:
    """The walk above can fail: a path, an object and a lambda deep in a context are named."""

    @dataclass(frozen=True)
    class Holder:
        files: list[Path]

    context = {"ok": [1, "a", dt.date(2026, 1, 1)], "deep": {"x": Holder([Path("/etc")])}}
    context["call"] = lambda: 1  # type: ignore[assignment]
    context["thing"] = object()  # type: ignore[assignment]
    found = list(not_data(context, "context"))
    assert any(".files[0] (pathlib.PosixPath)" in f for f in found)
    assert any("['call'] (builtins.function)" in f for f in found)
    assert any("['thing'] (builtins.object)" in f for f in found)
    assert len(found) == 3


@dataclass(frozen=True)
class _Record:
    name: str
    place: Path  # a path that slipped into a record

    def shout(self) -> str:
        return self.name.upper()


@pytest.mark.parametrize(
    "expression",
    [
        "{{ p.read_text() }}",
        '{{ p.write_text("x") }}',
        "{{ p.unlink() }}",
        "{{ p.iterdir()|list }}",
        "{{ p.home() }}",
        "{{ p.parent }}",
        "{{ r.place.read_text() }}",
        "{{ r.shout() }}",
        "{{ m.model_dump() }}",
        "{{ m.model_copy() }}",
        "{{ f() }}",
        "{{ p|attr('read_text') }}",
        "{{ ''.__class__ }}",
    ],
)
def test_the_sandbox_refuses_everything_but_data(expression: str, tmp_path: Path) -> None:
    """Even if a path or an object reached a context, a template can do nothing with it."""
    from kimdocs.project import Colours

    target = tmp_path / "geheim.txt"
    target.write_text("geheim", encoding="utf-8")
    env = DataSandbox(undefined=jinja2.StrictUndefined)
    context: dict[str, Any] = {
        "p": target,
        "r": _Record("ahmed", target),
        "m": Colours(),
        "f": lambda: target.read_text(),
    }
    with pytest.raises((jinja2.exceptions.SecurityError, jinja2.UndefinedError)):
        env.from_string(expression).render(context)
    assert target.read_text(encoding="utf-8") == "geheim"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["geheim.txt"]


def test_the_sandbox_lets_templates_use_data() -> None:
    """What the shipped templates do keeps working: fields, methods of strings, dates, lists
    and mappings, macros, loops, namespaces, kimdocs' functions."""
    from kimdocs.project import Colours

    env = DataSandbox(undefined=jinja2.StrictUndefined)
    template = (
        "{% macro m(x) %}[{{ x }}]{% endmacro %}{% set ns = namespace(n=0) %}"
        "{% set units = [] %}{% set _ = units.append(m(r.name)) %}"
        "{% for k, v in d.items() %}{% set ns.n = ns.n + v %}{{ loop.index }}{% endfor %}"
        "{{ units|join }} {{ r.name.upper() }} {{ day.isoformat() }} {{ c.primary }} "
        "{{ ns.n }} {{ t('x') }} {{ day.strftime('%d.%m.') }}"
    )
    out = env.from_string(template).render(
        r=_Record("ahmed", Path("x")),
        d={"a": 1, "b": 2},
        day=dt.date(2026, 4, 1),
        c=Colours(),
        t=TemplateFunction("t", lambda s: s * 2),
    )
    assert out == f"12[ahmed] AHMED 2026-04-01 {Colours().primary} 3 xx 01.04."


def _docx_template(path: Path, body: str, header: str) -> Path:
    """The shipped agreement DOCX with one paragraph added to its body and one to its header."""
    from docx import Document

    doc = Document(str(SHIPPED_DIR / "agreement.docx"))
    doc.add_paragraph(body)
    doc.sections[0].header.add_paragraph(header)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


@pytest.mark.parametrize("attack", sorted(ATTACKS))
@pytest.mark.parametrize("where", ["html", "docx-text", "docx-kopfzeile"])
def test_attacks_in_templates_are_refused_before_the_build(
    attack: str,
    where: str,
    basic: Path,
    tmp_path: Path,
    cli: Callable[..., Result],
) -> None:
    """In an HTML template and in a DOCX template's body and header: ``vorlage prüfen`` and
    the build name the place in German; nothing outside the project changes."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "geheim.txt").write_text("geheim", encoding="utf-8")
    expression = ATTACKS[attack].replace("etc/hostname", str(outside / "geheim.txt")[1:])
    templates = basic / "templates"
    if where == "html":
        path = templates / "agreement.html"
        templates.mkdir()
        path.write_text(
            '{% extends "default/agreement.html" %}\n{% block content %}{{ super() }}\n'
            f"<p>{expression}</p>\n{{% endblock %}}\n",
            encoding="utf-8",
        )
        formats = ["pdf"]
    else:
        text = f"Hinweis: {expression}"
        in_header = where == "docx-kopfzeile"
        path = _docx_template(
            templates / "agreement.docx", "Ende." if in_header else text, text if in_header else ""
        )
        formats = ["docx"]
    checked = cli(basic, "vorlage", "prüfen", str(path))
    assert checked.exit_code == 1, checked.output
    assert "Die Vorlage liest „source“ von „document“" in checked.output or (
        "„output_stem“ von „document“" in checked.output
    )
    assert "Traceback" not in checked.output
    [result] = build(load_project(basic), [basic / "content" / "vereinbarungen"], formats=formats)
    assert result.status == FAILED
    assert any("das gibt es nicht" in p.message for p in result.problems)
    assert all(p.file == path for p in result.problems if "das gibt es nicht" in p.message)
    assert sorted(p.name for p in outside.iterdir()) == ["geheim.txt"]
    assert (outside / "geheim.txt").read_text(encoding="utf-8") == "geheim"
    assert not (basic / "output" / "vereinbarungen").exists() or not any(
        (basic / "output" / "vereinbarungen").rglob("*.docx")
    )


def test_a_report_template_cannot_read_a_case_file(sample: Path, tmp_path: Path) -> None:
    """An outside test printed a whole case file into the committee report through the
    report template; now the template check refuses it and no report is written."""
    project_root = tmp_path / "p"
    shutil.copytree(sample, project_root)
    (project_root / "templates" / "report.html").write_text(
        '{% extends "default/report.html" %}\n{% block content %}{{ super() }}\n'
        "<pre>{{ document.source.path.parent.parent.joinpath('vereinbarungen/ahlen/"
        "KIM-AH-2026-0007.md').read_text() }}</pre>\n{% endblock %}\n",
        encoding="utf-8",
    )
    report = project_root / "content" / "berichte" / "2026-ausschuss-kim.md"
    [result] = build(load_project(project_root), [report], formats=["pdf"])
    assert result.status == FAILED
    [problem] = [p for p in result.problems if p.is_error]
    assert problem.file == project_root / "templates" / "report.html"
    assert problem.line == 3
    assert "„source“ von „document“" in problem.message
    assert not (project_root / "output" / "berichte" / "2026-ausschuss-kim.pdf").exists()


def test_a_report_template_gets_published_figures_only(sample: Path, tmp_path: Path) -> None:
    """The report's template sees the tables as they are published; the figures behind
    them (counts per district before suppression) are not there to print."""
    project_root = tmp_path / "p"
    shutil.copytree(sample, project_root)
    (project_root / "templates" / "report.html").write_text(
        '{% extends "default/report.html" %}\n{% block content %}\n'
        "{{ report.figures.by_district }}\n{% endblock %}\n",
        encoding="utf-8",
    )
    report = project_root / "content" / "berichte" / "2026-ausschuss-kim.md"
    [result] = build(load_project(project_root), [report], formats=["pdf"])
    assert result.status == FAILED
    [problem] = [p for p in result.problems if p.is_error]
    assert "„figures“ von „report“" in problem.message
