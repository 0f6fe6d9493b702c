"""What a translated kind brings, and what a translation gives the renderers.

A kind that is translated has one :class:`Translation`: which of its texts are segments of
a translation file, and the document a translation makes of it (the flyer translated whole,
the agreement as the client's copy, the consent form as a copy to read). The table of
document types names each kind's translation; the machinery in
:mod:`kimdocs.translation.document` asks it and nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import escape

from kimdocs.base.errors import Problem
from kimdocs.kinds import Document
from kimdocs.project import Project
from kimdocs.templating.data import TemplateFunction, functions
from kimdocs.translation.languages import Language
from kimdocs.translation.po import TranslationFile
from kimdocs.translation.segments import PLACEHOLDER, Segment


@dataclass
class Prepared:
    """One language of one document: what can be used, and what is wrong or behind."""

    language: Language
    path: Path
    segments: list[Segment]
    file: TranslationFile | None = None
    texts: dict[str, str] = field(default_factory=dict)  # usable translations, facts in
    stale: list[Segment] = field(default_factory=list)
    missing: list[Segment] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(p.is_error for p in self.problems)


@dataclass(frozen=True)
class Translated:
    doc: Document[Any]
    context: dict[str, Any]  # what replaces the German template variables


@dataclass(frozen=True)
class Translation:
    """A translated kind: its segments, and the translated document it makes."""

    # Every segment of a document that a translation may translate, in reading order.
    segments: Callable[[Document[Any], Project], list[Segment]]
    # The translated document: (German document, project, prepared translation, output
    # stem, the context every translation gets, the German document's kind context) →
    # the document and its template context.
    translate: Callable[
        [Document[Any], Project, Prepared, Path, dict[str, Any], Mapping[str, Any]], Translated
    ]
    # Formats the translation is made in otherwise than its German original:
    # {"docx": "module:function"} (the client's copy is written, not filled in).
    renderers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TranslationInfo:
    """What a translated document's templates learn about its translation."""

    language: Language
    revised: dt.date | None  # the translation's "Stand"
    note: str
    source_date: dt.date  # the German original's date


# What a translation replaces in every template's context (``None``: the German original).
TRANSLATION_TYPES: dict[str, Any] = {
    "dir": str,
    "t": TemplateFunction,
    "term": TemplateFunction,
    "translation": TranslationInfo | None,
}


def german_context() -> dict[str, Any]:
    """What every German document adds to the template variables (``base_context``)."""
    return {
        "dir": "ltr",
        **functions(
            t=lambda german, **values: PLACEHOLDER.sub(
                lambda m: str(values.get(m.group(0)[1:-1], m.group(0))), german
            ),
            term=lambda word: escape(word),
        ),
        "translation": None,
    }
