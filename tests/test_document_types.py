"""The table of document types: a kind is one module and, where the layers above need
something of it, one row; nothing else names it."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from kimdocs import document_types, formats, kinds
from kimdocs.build.run import BUILT, build
from kimdocs.project import load_project
from kimdocs.render.outputs import named

# A whole new kind, as a developer would write its module.
DUMMY_KIND = """
from __future__ import annotations

from pydantic import Field

from kimdocs.kind_names import KindNames
from kimdocs.kinds.kind import Kind
from kimdocs.schema import Date, Model, NonEmpty, Text


class HilfeplanFields(Model):
    kind: Text = Field("", alias="art")
    title: NonEmpty = Field(alias="titel")
    date: Date = Field(alias="datum")
    helper: NonEmpty = Field(alias="hilfe_durch")


class Hilfeplan(Kind[HilfeplanFields]):
    names = KindNames("hilfeplan", ("hilfeplan",), ("hilfeplaene",))
    label = "Hilfeplan"
    model = HilfeplanFields
    formats = ("pdf", "html")
    skeleton = "hilfeplan.md"

    def title(self, fields: HilfeplanFields) -> str:
        return str(fields.title)
"""

TEMPLATE = """{% extends "base.html" %}
{% block content %}<h1>{{ title }}</h1><p>{{ doc.helper }}</p><p>{{ gruss }}</p>{% endblock %}
"""

SOURCE = """---
art: hilfeplan
titel: Hilfeplan für die Familie Beispiel (fiktiv)
datum: 2026-03-10
hilfe_durch: Jugendamt Beispielstadt
---

Der Plan gilt bis zum Sommer.
"""


def test_a_new_kind_is_one_module_and_one_row(basic: Path, tmp_path: Path) -> None:
    modules = tmp_path / "modules"
    modules.mkdir()
    (modules / "hilfeplan_kind.py").write_text(DUMMY_KIND, encoding="utf-8")
    sys.path.insert(0, str(modules))
    try:
        module = importlib.import_module("hilfeplan_kind")
        kind = kinds.register(module.Hilfeplan())
        document_types.register(
            document_types.DocumentType(
                kind,
                context=lambda doc, project: {"gruss": f"Viele Grüße aus {project.root.name}"},
                context_types={"gruss": str},
            )
        )
        (basic / "templates").mkdir()
        (basic / "templates" / "hilfeplan.html").write_text(TEMPLATE, encoding="utf-8")
        folder = basic / "content" / "hilfeplaene"
        folder.mkdir()
        (folder / "familie-beispiel.md").write_text(SOURCE, encoding="utf-8")
        report = build(
            load_project(basic), [folder / "familie-beispiel.md"], ["pdf", "html"], jobs=1
        )
        [result] = report
        assert result.status == BUILT, result.problems
        html = (basic / "output" / "hilfeplaene" / "familie-beispiel.html").read_text()
        assert "Hilfeplan für die Familie Beispiel (fiktiv)" in html
        assert "Jugendamt Beispielstadt" in html
        assert "Viele Grüße aus basic" in html
        assert (basic / "output" / "hilfeplaene" / "familie-beispiel.pdf").read_bytes()[:5] == (
            b"%PDF-"
        )
    finally:
        document_types.unregister("hilfeplan")
        kinds.unregister("hilfeplan")
        sys.path.remove(str(modules))
        sys.modules.pop("hilfeplan_kind", None)


@pytest.mark.parametrize("kind_id", sorted(kinds.KINDS))
def test_every_renderer_a_kind_uses_exists(kind_id: str) -> None:
    """Renderers are named as ``module:function`` (imported when a format is made): each
    name in the table and the format registry must resolve."""
    row = document_types.document_type(kinds.KINDS[kind_id])
    for fmt in formats.FORMATS:
        assert callable(named(row.renderer(fmt)))
        assert callable(named(row.renderer(fmt, translated=True)))


def test_every_kind_has_names_and_every_name_a_kind() -> None:
    from kimdocs.kind_names import ALL

    assert [k.id for k in ALL] == list(kinds.KINDS)
