"""A kind's form, read from its front-matter model: no form is written by hand.

Every field of the pydantic model becomes one form field: its German key, its ``title`` as
label and its ``description`` as hint (the same texts the model gives everywhere), required
where the model requires it, and a widget that follows from the type – a date field for
dates, a select for a fixed choice, ja/nein for yes/no, a fieldset for nested fields, a
list of fieldsets that can be added, removed and reordered for lists of them. A new kind
gets its form from its model alone.

Where the model allows no value (``None``), "Unbekannt" is one of the choices; it leaves
the key out, never writes a "nein" that nobody said.
"""

from __future__ import annotations

import datetime as dt
import types
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic.functional_validators import BeforeValidator

from kimdocs.project import Project

UNKNOWN = "Unbekannt"
PLEASE_CHOOSE = "Bitte wählen"


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Spec:
    """One field of a form, as the model describes it."""

    key: str  # the German key in the front matter
    title: str
    hint: str
    required: bool
    widget: (
        str  # text, textarea, date, time, number, yesno, select, lines, checks, group, list, fixed
    )
    choices: tuple[Choice, ...] = ()
    default: str = ""  # the model's default as the form shows it
    defaults: tuple[str, ...] = ()  # for checks: the values chosen by default
    children: tuple[Spec, ...] = ()  # a group's fields; a list's fields of one entry
    optional: bool = False  # the model allows None: a group may be left out entirely
    min_items: int = 0
    item: str = "Eintrag"  # what one entry of a list is called


@dataclass
class FormModel:
    """The form of one kind."""

    label: str
    fields: list[Spec] = field(default_factory=list)

    def find(self, loc: tuple[str | int, ...]) -> Spec | None:
        specs: tuple[Spec, ...] = tuple(self.fields)
        found: Spec | None = None
        for part in loc:
            if isinstance(part, int):
                if found is None or found.widget != "list":
                    return None
                continue
            found = next((s for s in specs if s.key == part), None)
            if found is None:
                return None
            specs = found.children
        return found


def form_model(model: type[BaseModel], label: str, project: Project | None) -> FormModel:
    return FormModel(label, [_spec(name, info, project) for name, info in _fields(model)])


def _fields(model: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    return list(model.model_fields.items())


def _unwrap(annotation: Any) -> tuple[Any, bool, list[Any]]:
    """The type inside ``X | None`` and ``Annotated[X, …]``: (type, allows None, metadata)."""
    optional = False
    metadata: list[Any] = []
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *more = get_args(annotation)
            metadata += more
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(get_args(annotation))
            if len(args) != 1:
                return annotation, optional, metadata
            annotation = args[0]
        else:
            return annotation, optional, metadata


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _reads_other_forms(model: type[BaseModel]) -> bool:
    """A model that also takes short forms (``- LS-WORT-ZAHL`` for ``- regel: …``)."""
    decorators = model.__pydantic_decorators__.model_validators.values()
    return any(d.info.mode in ("before", "wrap") for d in decorators)


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value)


def _default(info: FieldInfo) -> Any:
    if info.is_required():
        return None
    try:
        return info.get_default(call_default_factory=True)
    except Exception:  # a factory that needs context: no default to show
        return None


def _spec(name: str, info: FieldInfo, project: Project | None) -> Spec:
    key = info.alias or name
    title = info.title or key.replace("_", " ").capitalize()
    hint = info.description or ""
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    required = info.is_required()
    annotation, optional, metadata = _unwrap(info.annotation)
    metadata += list(info.metadata)
    default = _default(info)
    common: dict[str, Any] = {
        "key": key,
        "title": title,
        "hint": hint,
        "required": required,
        "optional": optional,
    }
    if extra.get("fest"):
        return Spec(widget="fixed", **common)
    parses_text = any(isinstance(m, BeforeValidator) for m in metadata)
    if get_origin(annotation) is list:
        [inner] = get_args(annotation) or (str,)
        inner, _, inner_meta = _unwrap(inner)
        min_items = next((m.min_length for m in metadata if hasattr(m, "min_length")), 0) or 0
        if _is_model(inner) and not inner_meta and not _reads_other_forms(inner):
            children = tuple(_spec(n, i, project) for n, i in _fields(inner))
            return Spec(
                widget="list",
                children=children,
                min_items=min_items,
                item=str(extra.get("eintrag") or "Eintrag"),
                **common,
            )
        if get_origin(inner) is Literal:
            choices = tuple(Choice(str(v), str(v)) for v in get_args(inner))
            chosen = tuple(str(v) for v in default) if isinstance(default, list) else ()
            return Spec(widget="checks", choices=choices, defaults=chosen, **common)
        return Spec(widget="lines", default="\n".join(map(str, default or [])), **common)
    if _is_model(annotation):
        if parses_text:  # written as one text, read into a model (aufbewahrung)
            return Spec(widget="text", **common)
        if _reads_other_forms(annotation):
            return Spec(widget="fixed", **common)
        children = tuple(_spec(n, i, project) for n, i in _fields(annotation))
        return Spec(widget="group", children=children, **common)
    shown_default = _display(default)
    choices = _choices(annotation, extra, project)
    if choices:
        if optional:
            choices = (Choice("", UNKNOWN), *choices)
        elif required or default is None:
            choices = (Choice("", PLEASE_CHOOSE), *choices)
        return Spec(widget="select", choices=choices, default=shown_default, **common)
    if annotation is bool:
        yes_no: tuple[Choice, ...] = (Choice("ja", "ja"), Choice("nein", "nein"))
        if optional:
            yes_no = (*yes_no, Choice("", UNKNOWN))
        return Spec(widget="yesno", choices=yes_no, default=shown_default, **common)
    widget = {dt.date: "date", dt.time: "time", int: "number"}.get(annotation, "text")
    if widget == "text" and extra.get("mehrzeilig"):
        widget = "textarea"
    return Spec(widget=widget, default=shown_default, **common)


def _choices(annotation: Any, extra: dict[str, Any], project: Project | None) -> tuple[Choice, ...]:
    if get_origin(annotation) is Literal:
        return tuple(Choice(str(v), str(v)) for v in get_args(annotation))
    chosen = extra.get("auswahl")
    if isinstance(chosen, list):
        return tuple(Choice(str(v), str(v)) for v in chosen)
    if chosen == "bezirke" and project is not None:
        found = [Choice(d.id, f"{d.name} ({d.id})") for d in project.config.districts]
        found += [Choice(str(v), str(v)) for v in extra.get("zusätzlich") or []]
        return tuple(found)
    return ()
