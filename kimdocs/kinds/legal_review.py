"""The statements a flyer prints, and whether its legal review covers them.

Statements are what the reader sees: title and subtitle, every sentence of the text
(headings and included blocks too, facts in their Leichte-Sprache wording), the
explanations of the Wörter-Buch words it shows, and the sentences of the offices box.
Each one must be in the flyer's review record (knowledge/review_record.py) before the
flyer may print "Rechtlich geprüft".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from kimdocs.base.errors import Problem
from kimdocs.kinds.flyer_offices import OfficesBox
from kimdocs.kinds.flyer_offices import statements as office_statements
from kimdocs.knowledge.review_record import (
    ReviewState,
    normal,
    record_path,
    review_state,
    state_problems,
)
from kimdocs.text.sentences import split_sentences

if TYPE_CHECKING:
    from kimdocs.kinds.kind import Document

_MARKER = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|\d{1,3}[.)]\s+)")


def text_statements(markdown: str) -> list[str]:
    """Every sentence of a Leichte-Sprache text, one per line as flyers print them."""
    found: list[str] = []
    for line in markdown.split("\n"):
        if not line.strip() or line.lstrip().startswith(("|", "<!--")):
            continue
        text = _MARKER.sub("", line)
        for a, b in split_sentences(text, line_ends_sentence=True):
            sentence = normal(text[a:b])
            if sentence:
                found.append(sentence)
    return found


def statements(
    doc: Document[Any], explanations: list[str], offices: OfficesBox | None
) -> list[str]:
    """The flyer's statements as the German PDF prints them, in reading order.

    ``explanations``: the Wörter-Buch explanations the flyer shows, facts in their wording;
    ``offices``: its offices box (kinds/flyer_offices.context)."""
    f = doc.fields
    found = [normal(f.title)] + ([normal(f.subtitle)] if f.subtitle else [])
    found += text_statements(doc.body.intro)
    for section in doc.body.sections:
        found += [normal(section.title), *text_statements(section.markdown)]
    for explanation in explanations:
        found += text_statements(explanation)
    found += [normal(s) for s in office_statements(offices)]
    return list(dict.fromkeys(found))


def state(doc: Document[Any], explanations: list[str], offices: OfficesBox | None) -> ReviewState:
    return review_state(
        record_path(doc.source.path), statements(doc, explanations, offices), doc.fields.as_of
    )


def problems(
    doc: Document[Any], explanations: list[str], offices: OfficesBox | None
) -> list[Problem]:
    return state_problems(state(doc, explanations, offices), "Der Flyer")
