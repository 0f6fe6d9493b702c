"""Placeholders that skeletons leave for users to fill in: ``«Vorname Nachname»``.

A document that still contains one is refused by ``check`` and ``build``, with the field
and the line, so that no skeleton text reaches a signed agreement or a printed flyer.
Guillemets mark them: German office texts quote with „…“ or »…«, hardly ever with «…».
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from kimdocs.base.errors import Problem
from kimdocs.base.yaml_lines import FieldPath
from kimdocs.content import Source

OPEN, CLOSE = "«", "»"
MARK = re.compile(f"{OPEN}[^{OPEN}{CLOSE}\n]+{CLOSE}")
BODY_FIELD = "Text"  # how the body is named in messages, as everywhere in kimdocs


def placeholders(text: str) -> list[str]:
    """The placeholders in a text, in order: ``["«Vorname Nachname»"]``."""
    return MARK.findall(text)


def _message(found: list[str]) -> str:
    return (
        f"Platzhalter ersetzen: {' '.join(dict.fromkeys(found))} – bitte die echte Angabe "
        f"eintragen (ohne {OPEN} {CLOSE})."
    )


def _texts(value: Any, loc: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*loc, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*loc, index))


def placeholder_problems(source: Source) -> list[Problem]:
    """One error per field and per text line that still holds a placeholder."""
    problems = [
        source.problem(loc, _message(found))
        for loc, text in _texts(source.meta, ())
        if (found := placeholders(text))
    ]
    for index, line in enumerate(source.body.split("\n")):
        found = placeholders(line)
        if found:
            problems.append(
                Problem(
                    _message(found),
                    file=source.path,
                    line=source.body_line_at(index),
                    field=BODY_FIELD,
                )
            )
    return problems
