"""Saving a form into its file: only the fields whose value changed are written.

The file is split into its parts so that it can be put together byte for byte: the byte
order mark and line ends it had, the ``---`` lines as written, the front matter (changed
through :mod:`kimdocs.base.yaml_edit`, which keeps comments, order and quoting) and the
body, whose sections under their headings are the form's text areas. A section whose text
did not change keeps its blank lines and spaces.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from kimdocs.base import yaml_edit
from kimdocs.base.errors import ContentError, Problem
from kimdocs.base.inputs import decode
from kimdocs.preview.form_fields import Spec
from kimdocs.preview.form_values import Entry, placeholder_only, same
from kimdocs.schema import parse_date

_BOM = b"\xef\xbb\xbf"
_HEADING = re.compile(r"^#{1,2}\s")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass
class Section:
    """A part of the body: a heading line (``## Ausgangslage``; empty for the text before
    the first heading) and the text under it, as written."""

    heading: str  # the line as written, with its line end
    text: str
    line: int  # file line of the heading, or of the text's first line

    @property
    def title(self) -> str:
        return self.heading.lstrip("#").strip() or "Text"

    @property
    def placeholder(self) -> str | None:
        return placeholder_only(self.text)

    @property
    def shown(self) -> str:
        return "" if self.placeholder is not None else self.text.strip("\n")

    def with_text(self, text: str) -> Section:
        """The section with new text, its leading and trailing blank lines kept."""
        lead = self.text[: len(self.text) - len(self.text.lstrip("\n"))]
        trail = self.text[len(self.text.rstrip("\n")) :]
        if not text:
            return Section(self.heading, lead or "\n", self.line)
        return Section(self.heading, lead + text + (trail or "\n"), self.line)


@dataclass
class DocumentText:
    """A content file in parts that join to exactly its text."""

    bom: bool
    newline: str
    opening: str  # "---\n" as written
    front: str
    closing: str  # "---\n" as written
    sections: list[Section]
    body_line: int  # file line of the body's first line

    @classmethod
    def parse(cls, raw: bytes, path: Path) -> DocumentText:
        text = decode(raw, path)
        newline = "\r\n" if "\r\n" in text else "\n"
        text = text.replace("\r\n", "\n")
        lines = text.splitlines(keepends=True)
        if not lines or lines[0].strip() != "---":
            raise ContentError(
                Problem("Die Datei beginnt nicht mit Kopfdaten („---“).", file=path, line=1)
            )
        end = next(
            (i for i, ln in enumerate(lines[1:], start=1) if ln.rstrip() in ("---", "...")), None
        )
        if end is None:
            raise ContentError(
                Problem("Die Kopfdaten werden nicht mit „---“ abgeschlossen.", file=path, line=1)
            )
        body_line = end + 2
        return cls(
            bom=raw.startswith(_BOM),
            newline=newline,
            opening=lines[0],
            front="".join(lines[1:end]),
            closing=lines[end],
            sections=split_body("".join(lines[end + 1 :]), body_line),
            body_line=body_line,
        )

    @property
    def body(self) -> str:
        return "".join(s.heading + s.text for s in self.sections)

    def text(self) -> str:
        return self.opening + self.front + self.closing + self.body

    def encoded(self) -> bytes:
        text = self.text()
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return (_BOM if self.bom else b"") + text.encode("utf-8")


def split_body(body: str, first_line: int) -> list[Section]:
    """The body's sections at its headings of level 1 and 2 (not inside code blocks)."""
    sections = [Section("", "", first_line)]
    fenced = False
    for number, line in enumerate(body.splitlines(keepends=True), start=first_line):
        if _FENCE.match(line):
            fenced = not fenced
        if not fenced and _HEADING.match(line):
            sections.append(Section(line, "", number))
        else:
            sections[-1].text += line
    if len(sections) > 1 and not sections[0].text.strip():
        # Blank lines before the first heading belong to no field: kept with the heading.
        first = sections.pop(0)
        sections[0].heading = first.text + sections[0].heading
    return sections


def heading_text(section: Section) -> str:
    return section.heading.strip().lstrip("#").strip()


# ------------------------------------------------------------------ the front matter


def save_front(
    front: str, specs: tuple[Spec, ...], old: dict[str, Any], new: dict[str, Any]
) -> str:
    """The front matter with every changed field written; the rest as it was."""
    return yaml_edit.edit(front, lambda data: _group(specs, old, new, data))


def _group(
    specs: tuple[Spec, ...], old: dict[str, Any], new: dict[str, Any], data: CommentedMap
) -> None:
    order = [s.key for s in specs]
    for spec in specs:
        _field(spec, old.get(spec.key), new.get(spec.key), data, order)


def _field(spec: Spec, old: Any, new: Any, data: CommentedMap, order: list[str]) -> None:
    key, widget = spec.key, spec.widget
    if widget == "fixed":
        return
    if widget == "group":
        old_group = old if isinstance(old, dict) else {}
        new_group = new if isinstance(new, dict) else {}
        current = data.get(key)
        if isinstance(current, CommentedMap):
            if (
                spec.optional
                and not _filled(spec.children, new_group)
                and _filled(spec.children, old_group)
            ):
                yaml_edit.remove_key(data, key)
                return
            _group(spec.children, old_group, new_group, current)
        elif key not in data and _changed(spec.children, old_group, new_group):
            _put(data, key, _new_map(spec.children, new_group), order)
        return
    if widget == "list":
        _list(spec, old or [], new or [], data, order)
        return
    if same(spec, old, new):
        return
    if widget in ("lines", "checks"):
        items = new if widget == "checks" else [v for v in str(new).split("\n") if v.strip()]
        values = [yaml_edit.text_value(v.strip()) for v in items]
        current = data.get(key)
        if isinstance(current, CommentedSeq):
            yaml_edit.set_scalars(current, values)
        elif values or spec.required:
            _put(data, key, yaml_edit.new_list(values), order)
        else:
            yaml_edit.remove_key(data, key)
        return
    value = scalar(spec, str(new), data.get(key))
    if value is _REMOVE:
        yaml_edit.remove_key(data, key)
    else:
        _put(data, key, value, order)


def _list(
    spec: Spec, old: list[Entry], new: list[Entry], data: CommentedMap, order: list[str]
) -> None:
    current = data.get(spec.key)
    if not isinstance(current, CommentedSeq):
        if new:
            fresh = [_new_map(spec.children, e.values) for e in new]
            _put(data, spec.key, yaml_edit.new_list(fresh), order)
            current = data[spec.key]
            current.fa.set_block_style()
        return
    origins = [e.origin for e in new]
    for entry in new:
        if entry.origin is not None and entry.origin < len(current) and entry.origin < len(old):
            item = current[entry.origin]
            if isinstance(item, CommentedMap):
                _group(spec.children, old[entry.origin].values, entry.values, item)
    if origins == list(range(len(current))):
        return
    fresh = [_new_map(spec.children, e.values) for e in new if e.origin is None]
    kept = [o if o is not None and o < len(current) else None for o in origins]
    yaml_edit.rearrange(current, kept, fresh)


def _filled(specs: tuple[Spec, ...], values: dict[str, Any]) -> bool:
    for spec in specs:
        value = values.get(spec.key)
        if spec.widget == "group":
            if _filled(spec.children, value if isinstance(value, dict) else {}):
                return True
        elif spec.widget in ("select", "yesno", "checks") and _is_default(spec, value):
            continue
        elif spec.widget != "fixed" and value:
            return True
    return False


def _is_default(spec: Spec, value: Any) -> bool:
    if spec.widget == "checks":
        return list(value or []) == list(spec.defaults)
    return bool(value == spec.default)


def _changed(specs: tuple[Spec, ...], old: dict[str, Any], new: dict[str, Any]) -> bool:
    for spec in specs:
        if spec.widget == "group":
            inner_old, inner_new = old.get(spec.key), new.get(spec.key)
            if _changed(
                spec.children,
                inner_old if isinstance(inner_old, dict) else {},
                inner_new if isinstance(inner_new, dict) else {},
            ):
                return True
        elif spec.widget == "list":
            if new.get(spec.key):
                return True
        elif spec.widget != "fixed" and not same(spec, old.get(spec.key), new.get(spec.key)):
            return True
    return False


def _new_map(specs: tuple[Spec, ...], values: dict[str, Any]) -> CommentedMap:
    """A new entry or fieldset in the model's order, with every field that has a value."""
    made = CommentedMap()
    for spec in specs:
        value = values.get(spec.key)
        if spec.widget == "fixed":
            continue
        if spec.widget == "group":
            if _filled(spec.children, value or {}):
                made[spec.key] = _new_map(spec.children, value or {})
        elif spec.widget == "list":
            if value:
                seq = yaml_edit.new_list([_new_map(spec.children, e.values) for e in value])
                seq.fa.set_block_style()
                made[spec.key] = seq
        elif spec.widget in ("lines", "checks"):
            given = value or [] if spec.widget == "checks" else str(value or "").split("\n")
            items = [str(v).strip() for v in given if str(v).strip()]
            if items:
                made[spec.key] = yaml_edit.new_list([yaml_edit.text_value(v) for v in items])
        elif str(value or "").strip():
            made[spec.key] = scalar(spec, str(value), None)
    return made


def _put(data: CommentedMap, key: str, value: Any, order: list[str]) -> None:
    """Set ``key``; a new key goes after the fields that come before it in the model."""
    if key in data:
        data[key] = value
        return
    before = set(order[: order.index(key)]) if key in order else set(order)
    position = 0
    for index, existing in enumerate(data):
        if existing in before:
            position = index + 1
    data.insert(position, key, value)


class _Remove:
    pass


_REMOVE: Any = _Remove()
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def scalar(spec: Spec, text: str, like: Any) -> Any:
    """The value to write for a field's text, typed as the model reads it."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        return yaml_edit.text_value("") if spec.required else _REMOVE
    widget = spec.widget
    if widget == "date":
        try:
            day = parse_date(text)
        except ValueError:
            return yaml_edit.text_value(text)
        if isinstance(day, dt.date):
            return yaml_edit.date_value(day)
    if widget == "time":
        match = _CLOCK.match(text)
        if match:
            return yaml_edit.clock_value(f"{int(match.group(1)):02d}:{match.group(2)}")
    if widget == "number" and re.fullmatch(r"-?\d{1,9}", text):
        return int(text)
    if widget == "yesno" and text in ("ja", "nein") and isinstance(like, bool):
        return text == "ja"
    if widget == "textarea" or "\n" in text:
        return yaml_edit.text_value(text, like)
    return yaml_edit.text_value(" ".join(text.split()), like)


# ------------------------------------------------------------------ the body


def save_sections(sections: list[Section], texts: list[str]) -> list[Section]:
    """The sections with the posted texts; an unchanged text keeps its section as it was."""
    saved = []
    for n, section in enumerate(sections):
        if n >= len(texts):
            saved.append(section)
            continue
        posted = "\n".join(
            line.rstrip() for line in texts[n].replace("\r\n", "\n").strip("\n").split("\n")
        )
        shown = "\n".join(line.rstrip() for line in section.shown.split("\n"))
        saved.append(section if posted == shown else section.with_text(posted))
    return saved
