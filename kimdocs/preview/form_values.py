"""What a form shows and what comes back: the values of a document, field by field.

A form value is what the browser shows and sends: a text for a single field (``"2026-09-30"``,
``"ja"``), a list of texts for checkboxes, a dict for a fieldset, a list of :class:`Entry`
for a list of fieldsets. The same shape is read from a document (:func:`document_values`)
and from a posted form (:func:`posted_values`), so that a save compares like with like and
writes only the fields whose value differs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kimdocs.base.yaml_lines import FieldPath
from kimdocs.preview.form_fields import Spec
from kimdocs.schema import parse_date
from kimdocs.text.placeholders import MARK

ORIGIN = "_von"  # hidden field of a list entry: its place in the file, or "neu"
NEW = "neu"
# A field whose whole value is a skeleton's placeholder («Vorname Nachname») shows empty,
# with the placeholder as its hint; left empty, the placeholder stays (and check says so).
_ONLY_PLACEHOLDER = re.compile(rf"^(?:- )?{MARK.pattern}$")


@dataclass
class Entry:
    """One entry of a list of fieldsets: where it stood in the file (None: new)."""

    origin: int | None
    values: dict[str, Any]


@dataclass
class Shown:
    """A document's values as the form shows them, and the placeholders left empty."""

    values: dict[str, Any]
    placeholders: dict[str, str] = field(default_factory=dict)  # by form name


def name_of(loc: FieldPath) -> str:
    """The form field's name: ``ziele.0.frist``."""
    return ".".join(str(part) for part in loc)


_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def id_of(loc: FieldPath) -> str:
    """The form field's HTML id: ``f-ziele-0-frist`` (ASCII, so that links find it)."""
    return "f-" + re.sub(r"[^A-Za-z0-9_-]", "_", name_of(loc).translate(_FOLD).replace(".", "-"))


def placeholder_only(text: str) -> str | None:
    stripped = text.strip()
    return stripped if _ONLY_PLACEHOLDER.match(stripped) else None


# ------------------------------------------------------------------ from a document


def document_values(specs: tuple[Spec, ...] | list[Spec], meta: Any) -> Shown:
    shown = Shown({})
    shown.values = _group(tuple(specs), meta if isinstance(meta, dict) else {}, (), shown)
    return shown


def _group(
    specs: tuple[Spec, ...], data: dict[str, Any], loc: FieldPath, shown: Shown
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for spec in specs:
        here = (*loc, spec.key)
        values[spec.key] = _value(spec, data.get(spec.key), spec.key in data, here, shown)
    return values


def _value(spec: Spec, raw: Any, present: bool, loc: FieldPath, shown: Shown) -> Any:
    widget = spec.widget
    if widget == "fixed":
        return raw
    if widget == "group":
        return _group(spec.children, raw if isinstance(raw, dict) else {}, loc, shown)
    if widget == "list":
        items = raw if isinstance(raw, list) else []
        return [
            Entry(
                n, _group(spec.children, item if isinstance(item, dict) else {}, (*loc, n), shown)
            )
            for n, item in enumerate(items)
        ]
    if widget == "checks":
        if not present:
            return list(spec.defaults)
        return [str(v) for v in raw] if isinstance(raw, list) else [str(raw)]
    if widget == "lines":
        if not present:
            return spec.default
        if isinstance(raw, list):
            return "\n".join(_text(v) for v in raw)
        return _text(raw)
    if not present or raw is None:
        return spec.default if not present else ""
    if widget == "date":
        try:
            day = parse_date(raw)
        except ValueError:
            return _text(raw)
        return day.isoformat() if isinstance(day, dt.date) else _text(raw)
    if widget == "time":
        return _clock(raw)
    if widget == "yesno":
        return _yes_no(raw)
    text = _text(raw)
    if widget in ("text", "textarea"):
        placeholder = placeholder_only(text)
        if placeholder is not None:
            shown.placeholders[name_of(loc)] = placeholder
            return ""
    return text


def _text(raw: Any) -> str:
    if isinstance(raw, bool):
        return "ja" if raw else "nein"
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return "" if raw is None else str(raw)


def _clock(raw: Any) -> str:
    if isinstance(raw, int) and not isinstance(raw, bool):  # YAML 1.1 reads 10:30 as 630
        return f"{raw // 60:02d}:{raw % 60:02d}"
    text = _text(raw).strip()
    match = re.match(r"^(\d{1,2})[:.](\d{2})(?:\s*Uhr)?$", text)
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else text


_YES = {"ja", "yes", "true", "wahr", "j", "x"}
_NO = {"nein", "no", "false", "falsch", "n"}


def _yes_no(raw: Any) -> str:
    if isinstance(raw, bool):
        return "ja" if raw else "nein"
    text = _text(raw).strip().lower()
    return "ja" if text in _YES else "nein" if text in _NO else _text(raw)


# ------------------------------------------------------------------ from a posted form

Getter = Callable[[str], list[str]]


def posted_values(
    specs: tuple[Spec, ...] | list[Spec], get: Getter, document: dict[str, Any]
) -> dict[str, Any]:
    """The values of a posted form; fields the form does not edit keep the document's."""
    return _posted_group(tuple(specs), get, (), document)


def _posted_group(
    specs: tuple[Spec, ...], get: Getter, loc: FieldPath, document: dict[str, Any]
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for spec in specs:
        here = (*loc, spec.key)
        name = name_of(here)
        if spec.widget == "fixed":
            values[spec.key] = document.get(spec.key)
        elif spec.widget == "group":
            inner = document.get(spec.key)
            values[spec.key] = _posted_group(
                spec.children, get, here, inner if isinstance(inner, dict) else {}
            )
        elif spec.widget == "list":
            entries = []
            n = 0
            while origin := get(f"{name}.{n}.{ORIGIN}"):
                old = _origin(origin[0])
                entries.append(Entry(old, _posted_group(spec.children, get, (*here, n), {})))
                n += 1
            values[spec.key] = entries
        elif spec.widget == "checks":
            allowed = [c.value for c in spec.choices]
            chosen = set(get(name))
            values[spec.key] = [v for v in allowed if v in chosen]
        else:
            found = get(name)
            values[spec.key] = _clean(found[0] if found else "", spec.widget)
    return values


def _origin(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _clean(text: str, widget: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if widget in ("textarea", "lines"):
        return "\n".join(line.rstrip() for line in text.strip("\n").split("\n")).strip()
    return " ".join(text.split()) if "\n" in text else text.strip()


def same(spec: Spec, old: Any, new: Any) -> bool:
    """Whether a single field shows the same value (the form sends texts back as shown)."""
    if spec.widget == "checks":
        return list(old or []) == list(new or [])
    return _clean(str(old or ""), spec.widget) == _clean(str(new or ""), spec.widget)


# ------------------------------------------------------------------ adding, removing, moving


def blank(specs: tuple[Spec, ...]) -> dict[str, Any]:
    """A new entry's values: the model's defaults; a list that needs one entry gets one."""
    values: dict[str, Any] = {}
    for spec in specs:
        if spec.widget == "group":
            values[spec.key] = blank(spec.children)
        elif spec.widget == "list":
            values[spec.key] = [Entry(None, blank(spec.children)) for _ in range(spec.min_items)]
        elif spec.widget == "checks":
            values[spec.key] = list(spec.defaults)
        elif spec.widget == "fixed":
            values[spec.key] = None
        else:
            values[spec.key] = spec.default
    return values


@dataclass(frozen=True)
class Action:
    """A button other than "Speichern": add an entry to a list, remove or move one."""

    verb: str  # hinzu, weg, hoch, runter
    loc: FieldPath  # the list (hinzu) or the entry (the others)


_VERBS = ("hinzu", "weg", "hoch", "runter")


def parse_action(text: str) -> Action | None:
    verb, _, target = text.partition(":")
    if verb not in _VERBS or not target:
        return None
    loc = tuple(int(p) if p.isdigit() else p for p in target.split("."))
    return Action(verb, loc)


def apply_action(
    specs: tuple[Spec, ...], values: dict[str, Any], action: Action
) -> FieldPath | None:
    """Change ``values`` as the button says; the place to put the focus on, or None."""
    loc = action.loc
    list_loc = loc if action.verb == "hinzu" else loc[:-1]
    entries, spec = _find_list(specs, values, list_loc)
    if entries is None or spec is None:
        return None
    if action.verb == "hinzu":
        entries.append(Entry(None, blank(spec.children)))
        return (*list_loc, len(entries) - 1)
    index = loc[-1]
    if not isinstance(index, int) or not 0 <= index < len(entries):
        return None
    if action.verb == "weg":
        del entries[index]
        return list_loc  # the list's own heading
    other = index - 1 if action.verb == "hoch" else index + 1
    if not 0 <= other < len(entries):
        return loc
    entries[index], entries[other] = entries[other], entries[index]
    return (*list_loc, other)


def _find_list(
    specs: tuple[Spec, ...], values: Mapping[str, Any], loc: FieldPath
) -> tuple[list[Entry] | None, Spec | None]:
    current: Any = values
    spec: Spec | None = None
    children = specs
    for part in loc:
        if isinstance(part, int):
            if not isinstance(current, list) or not 0 <= part < len(current):
                return None, None
            current = current[part].values
            continue
        spec = next((s for s in children if s.key == part), None)
        if spec is None or not isinstance(current, Mapping):
            return None, None
        current = current.get(part)
        children = spec.children
    if spec is None or spec.widget != "list" or not isinstance(current, list):
        return None, None
    return current, spec


def flatten(specs: tuple[Spec, ...] | list[Spec], values: dict[str, Any]) -> dict[str, list[str]]:
    """The fields a browser sends for these values (what the form's inputs hold)."""
    out: dict[str, list[str]] = {}
    _flatten(tuple(specs), values, (), out)
    return out


def _flatten(
    specs: tuple[Spec, ...], values: dict[str, Any], loc: FieldPath, out: dict[str, list[str]]
) -> None:
    for spec in specs:
        here = (*loc, spec.key)
        value = values.get(spec.key)
        if spec.widget == "fixed":
            continue
        if spec.widget == "group":
            _flatten(spec.children, value if isinstance(value, dict) else {}, here, out)
        elif spec.widget == "list":
            for n, entry in enumerate(value or []):
                origin = NEW if entry.origin is None else str(entry.origin)
                out[f"{name_of((*here, n))}.{ORIGIN}"] = [origin]
                _flatten(spec.children, entry.values, (*here, n), out)
        elif spec.widget == "checks":
            out[name_of(here)] = list(value or [])
        elif (
            spec.widget in ("select", "yesno")
            and value == ""
            and not any(c.value == "" for c in spec.choices)
        ):
            continue  # nothing chosen: a browser sends nothing
        else:
            out[name_of(here)] = [str(value or "")]
