"""Where each finding of ``kimdocs check`` belongs in a form: at its field, or its section.

A finding names a field (``ziele[2].frist``) or a line. It is shown at the form field of
that name; where the field is not in the form (a key the model does not know, an entry that
is gone), at the nearest fieldset around it; a finding in the body at the text area of its
section (a Leichte-Sprache finding with the sentence it is about). The error summary at the
top lists them all, each linked to where it is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kimdocs.base.errors import Problem
from kimdocs.base.yaml_lines import FieldPath, parse_field
from kimdocs.preview.form_fields import Spec
from kimdocs.preview.form_save import Section
from kimdocs.preview.form_values import Entry, id_of
from kimdocs.text.placeholders import BODY_FIELD


@dataclass(frozen=True)
class Placed:
    problem: Problem
    anchor: str | None  # the id of the field or fieldset it is shown at; None: the form
    where: str  # what the summary calls that place: "Ziele › Ziel 2 › Frist"


@dataclass
class Findings:
    by_anchor: dict[str, list[Placed]] = field(default_factory=dict)
    summary: list[Placed] = field(default_factory=list)  # errors first, in form order

    def at(self, anchor: str) -> list[Placed]:
        return self.by_anchor.get(anchor, [])

    @property
    def errors(self) -> int:
        return sum(p.problem.is_error for p in self.summary)


def section_id(index: int) -> str:
    return f"abschnitt-{index}"


def place(
    specs: Sequence[Spec],
    values: dict[str, Any],
    sections: Sequence[Section],
    body_line: int,
    problems: Sequence[Problem],
) -> Findings:
    found = Findings()
    for problem in problems:
        anchor, where = _locate(tuple(specs), values, sections, body_line, problem)
        placed = Placed(problem, anchor, where)
        found.summary.append(placed)
        if anchor is not None:
            found.by_anchor.setdefault(anchor, []).append(placed)
    found.summary.sort(key=lambda p: not p.problem.is_error)
    return found


def _locate(
    specs: tuple[Spec, ...],
    values: dict[str, Any],
    sections: Sequence[Section],
    body_line: int,
    problem: Problem,
) -> tuple[str | None, str]:
    if problem.field and problem.field != BODY_FIELD:
        anchor, where = _field(specs, values, parse_field(problem.field))
        if anchor is not None:
            return anchor, where
    if problem.line is not None and problem.line >= body_line and sections:
        index = max((n for n, s in enumerate(sections) if s.line <= problem.line), default=0)
        return section_id(index), f"Text › {sections[index].title}"
    return None, "Dokument"


def _field(specs: tuple[Spec, ...], values: Any, loc: FieldPath) -> tuple[str | None, str]:
    """The deepest place of ``loc`` that the form shows, and its name for the summary."""
    anchor: str | None = None
    names: list[str] = []
    here: FieldPath = ()
    current_specs = specs
    current: Any = values
    spec: Spec | None = None
    for part in loc:
        if isinstance(part, int):
            if spec is None or spec.widget != "list" or not isinstance(current, list):
                break
            if not 0 <= part < len(current):
                break
            entry = current[part]
            current = entry.values if isinstance(entry, Entry) else {}
            here = (*here, part)
            names[-1:] = [f"{spec.item} {part + 1}"]  # "Ziel 2", not "Ziele › Ziel 2"
            anchor = id_of(here)
            current_specs = spec.children
            continue
        spec = next((s for s in current_specs if s.key == part), None)
        if spec is None or not isinstance(current, dict):
            break
        here = (*here, part)
        names.append(spec.title)
        anchor = id_of(here) if spec.widget != "fixed" else anchor
        current = current.get(part)
        current_specs = spec.children
        if spec.widget not in ("group", "list"):
            break
    return anchor, " › ".join(names) or "Dokument"
