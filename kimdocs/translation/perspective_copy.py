"""The worksheet's translation: the client's copy in Leichte Sprache, in the client's language.

The German worksheet is for the office; the client reads the copy. It is written in fixed
sentences with placeholders (:mod:`kimdocs.kinds.perspective_easy`), so a translation file
holds each sentence once, and the route's name once: dates, names and phone numbers are
put in as the German copy has them. What the copy says (which route, which date, what is
missing) is the worksheet's own statements; only the words are translated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from kimdocs.base.dates import german_date
from kimdocs.kinds import Document
from kimdocs.kinds.perspective import Perspective, easy_parts
from kimdocs.kinds.perspective_easy import Line, RouteName, Value
from kimdocs.project import Project
from kimdocs.translation.copies import Prepared, Translated, Translation
from kimdocs.translation.document import fallbacks_marked
from kimdocs.translation.segments import PLACEHOLDER, Segment, fixed_texts, template_key

COPY_TEMPLATES = ("perspektive-leicht.html", "perspektive-leicht.css", "base.css")
TITLE = "Ihre Wege zu einem sicheren Aufenthalt"


class EasyCopy(Perspective):
    """The client's copy in the client's language, to read."""

    label = "Bleibeperspektive in Leichter Sprache, übersetzt"
    # Perspective states its three formats as a fixed tuple; the copy has two of them.
    formats = ("pdf", "html")  # type: ignore[assignment]

    @property
    def template(self) -> str:
        return "perspektive-leicht"


EASY_COPY = EasyCopy()
WORKSHEET = Perspective()


def _lines(doc: Document[Any], project: Project) -> tuple[Line, ...]:
    return WORKSHEET.statements(doc, project).easy


def _segments(doc: Document[Any], project: Project) -> list[Segment]:
    lines = _lines(doc, project)
    found = [Segment("titel", TITLE, "Titel")]
    names = {
        value.key: value.text
        for line in lines
        for _, value in line.values
        if isinstance(value, RouteName) and value.text
    }
    found += [
        Segment(key, text, "Name des Wegs" if key.startswith("weg.") else "Gesetz")
        for key, text in names.items()
    ]
    # A line that is only a placeholder ("{weg}") has nothing to translate.
    sentences = dict.fromkeys(
        line.text for line in lines if PLACEHOLDER.sub("", line.text).strip(" :")
    )
    found += [Segment(template_key(text), text, "Satz in Leichter Sprache") for text in sentences]
    return found + fixed_texts(COPY_TEMPLATES)


def _copy(
    doc: Document[Any],
    project: Project,
    prepared: Prepared,
    stem: Path,
    context: dict[str, Any],
    german: Mapping[str, Any],
) -> Translated:
    """The copy in ``prepared``'s language: the worksheet's statements, its words translated."""
    texts = fallbacks_marked(prepared)

    def words(value: Value) -> str:
        if isinstance(value, RouteName):
            return texts.get(value.key, value.text)
        if isinstance(value, dt.date):
            return german_date(value)  # digits, not German month names
        return value

    stated = german["stated"]
    lines = tuple(
        replace(line, text=texts.get(template_key(line.text), line.text)) for line in stated.easy
    )
    context |= german
    context["easy_copy"] = easy_parts(lines, words)
    return Translated(replace(doc, kind=EASY_COPY, output_stem=stem), context)


PERSPECTIVE_TRANSLATION = Translation(
    segments=_segments,
    translate=_copy,
    # The translation is the copy itself: made by the formats' own renderers, not by the
    # worksheet's (which add the German copy beside the worksheet).
    renderers={"pdf": "kimdocs.render.pdf:pdf_output", "html": "kimdocs.render.web:html_output"},
)
