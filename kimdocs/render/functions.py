"""``fakt("name")`` and ``baustein("name")`` for HTML and DOCX templates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kimdocs.base.errors import Problem, RenderError
from kimdocs.knowledge.expand import expand
from kimdocs.knowledge.store import load_knowledge
from kimdocs.knowledge.validity import outside_validity, use_problems
from kimdocs.project import Project
from kimdocs.templating.data import TemplateFunction, functions

if TYPE_CHECKING:
    from kimdocs.kinds.kind import Document


def fact_text(doc: Document[Any], project: Project, name: str) -> str:
    """A fact as the document states it; an error if unknown or not valid on its date."""
    knowledge = load_knowledge(project)
    fact = knowledge.facts.get(name)
    if fact is None:
        raise RenderError(
            Problem(
                f"Eine Vorlage nennt den unbekannten Fakt „{name}“."
                + knowledge.suggest("fakt", name),
                file=doc.source.path,
            )
        )
    span = outside_validity(fact, doc.date)
    if span is not None and not doc.historical:
        raise RenderError(
            Problem(
                f"Eine Vorlage nennt den Fakt „{name}“; er {span} ({fact.source}), das "
                f"Dokument hat ein anderes Datum.",
                file=doc.source.path,
            )
        )
    return fact.render(doc.kind.easy_language)


def block_markdown(doc: Document[Any], project: Project, name: str) -> str:
    """A block's Markdown with its own blocks and facts in place."""
    knowledge = load_knowledge(project)
    expansion = expand(
        f"[[baustein:{name}]]", 1, doc.source.path, knowledge, easy=doc.kind.easy_language
    )
    problems = expansion.problems + use_problems(
        expansion.uses, knowledge, doc.date, doc.historical
    )
    errors = [p for p in problems if p.is_error]
    if errors:
        raise RenderError(errors)
    return expansion.text


FUNCTION_NAMES = ("fakt", "baustein")


def template_functions(doc: Document[Any], project: Project) -> dict[str, TemplateFunction]:
    from kimdocs.text.markdown import to_html

    return functions(
        fakt=lambda name: fact_text(doc, project, name),
        baustein=lambda name: to_html(block_markdown(doc, project, name)),
    )
