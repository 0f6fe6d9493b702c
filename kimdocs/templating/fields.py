"""Which fields a template reads, checked against the types its context declares.

``{{ doc.fallnummer }}`` in a DOCX template, or ``document.source.path.read_text()`` in an
HTML one, is found here before any build, with its line: each chain of attributes is
followed through the declared types (``doc`` is the kind's model, ``report`` the report's
view …). Where a type is not known (a macro's parameter, an untyped list), the attribute
must at least be a name that some template data has: a field of a record, a method of a
string, date, list or mapping, or a name the templates define themselves.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from functools import cache
from typing import Any

import jinja2.nodes as nodes
import jinja2.runtime
from markupsafe import Markup
from pydantic import BaseModel

from kimdocs.templating.data import LEAVES, Printable, TemplateFunction, record_names

ANY: Any = object()  # a value of unknown type: only the name check applies
_MISSING: Any = object()  # what a value does not have: reported, and nothing is read on it

# Types whose attributes are their public methods (and, for the loop, its properties).
_METHOD_TYPES: tuple[type, ...] = (
    str,
    Markup,
    int,
    float,
    Decimal,
    dt.date,
    dt.datetime,
    dt.time,
    dt.timedelta,
    list,
    tuple,
    dict,
    jinja2.runtime.LoopContext,
)


@dataclasses.dataclass(frozen=True)
class Unknown:
    """An attribute the template reads that its value does not have."""

    attribute: str
    owner: str  # the expression it is read on, as written: "doc.client"
    line: int
    known: tuple[str, ...]  # what the value does have, for a suggestion


def unknown_attributes(
    parsed: nodes.Template, declared: Mapping[str, Any], everywhere: Iterable[str] = ()
) -> list[Unknown]:
    """Attributes read in ``parsed`` that the declared types do not have.

    ``everywhere`` are names other templates define for this one (macros of an imported
    template module): they are allowed on values of unknown type.
    """
    allowed = universe(tuple(declared.values())) | set(everywhere) | _own_names(parsed)
    scope = _Scope(dict(declared), parsed, allowed)
    found: list[Unknown] = []
    for node in _accesses(parsed):
        attr = _attribute(node)
        if attr is None or attr.startswith("_"):
            continue  # underscore names are the sandbox's (kimdocs.checking.templates)
        owner = scope.type_of(node.node)
        if owner is _MISSING:
            continue  # the chain broke earlier; that place is reported
        if owner is ANY:
            if attr not in allowed and isinstance(node, nodes.Getattr):
                found.append(Unknown(attr, _written(node.node), node.lineno, ()))
            continue
        member = _member(owner, attr)
        if member is _MISSING:
            found.append(Unknown(attr, _written(node.node), node.lineno, _members(owner)))
    return found


def _accesses(parsed: nodes.Template) -> Iterator[nodes.Getattr | nodes.Getitem]:
    for node in parsed.find_all((nodes.Getattr, nodes.Getitem)):
        assert isinstance(node, (nodes.Getattr, nodes.Getitem))
        yield node


def _attribute(node: nodes.Getattr | nodes.Getitem) -> str | None:
    if isinstance(node, nodes.Getattr):
        return node.attr
    if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
        return node.arg.value
    return None


def _written(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_written(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        arg = node.arg.value if isinstance(node.arg, nodes.Const) else "…"
        return f"{_written(node.node)}[{arg!r}]"
    if isinstance(node, nodes.Call):
        return f"{_written(node.node)}(…)"
    return "…"


class _Scope:
    """Types of the names a template uses: the context's, and its loop variables'."""

    def __init__(
        self, declared: dict[str, Any], parsed: nodes.Template, allowed: frozenset[str] | set[str]
    ) -> None:
        self.allowed = allowed
        self.names: dict[str, list[Any]] = {k: [v] for k, v in declared.items()}
        self.names["loop"] = [jinja2.runtime.LoopContext]
        # Loops and assignments bind names; a name bound twice has each of its types.
        for _ in range(3):  # a loop over a loop variable's field needs a second round
            for node in parsed.find_all((nodes.For, nodes.Assign)):
                if isinstance(node, nodes.For):
                    self._bind(node.target, _element(self.type_of(node.iter)))
                elif isinstance(node, nodes.Assign):
                    self._bind(node.target, self.type_of(node.node))
        for macro in parsed.find_all(nodes.Macro):
            for arg in macro.args:
                self.names.setdefault(arg.name, []).append(ANY)
        # An imported template: its attributes are its macros (checked when it is used).
        for imported in parsed.find_all(nodes.Import):
            self.names.setdefault(imported.target, []).append(ANY)

    def _bind(self, target: nodes.Node, kind: Any) -> None:
        if isinstance(target, nodes.Name):
            bound = self.names.setdefault(target.name, [])
            if kind not in bound:
                bound.append(kind)
        elif isinstance(target, nodes.Tuple):
            parts = _tuple_parts(kind, len(target.items))
            for item, part in zip(target.items, parts, strict=True):
                self._bind(item, part)

    def type_of(self, node: nodes.Node) -> Any:
        if isinstance(node, nodes.Name):
            found = self.names.get(node.name)
            if not found or len(found) != 1:
                return ANY
            return found[0]
        if isinstance(node, (nodes.Getattr, nodes.Getitem)):
            owner = self.type_of(node.node)
            if owner is _MISSING:
                return owner
            if owner is ANY:
                unknown = isinstance(node, nodes.Getattr) and node.attr not in self.allowed
                return _MISSING if unknown else ANY
            if isinstance(node, nodes.Getitem) and not (
                isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str)
            ):
                return _item(owner)
            attr = _attribute(node)
            return _member(owner, attr) if attr is not None else ANY
        if isinstance(node, nodes.Const):
            return type(node.value) if isinstance(node.value, str) else ANY
        if isinstance(node, nodes.Call) and isinstance(node.node, (nodes.Getattr, nodes.Name)):
            called = self.type_of(node.node)
            return _MISSING if called is _MISSING else ANY
        return ANY


def _strip(kind: Any) -> list[Any]:
    """The alternatives of a type, without ``None``."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        return [a for a in typing.get_args(kind) if a is not type(None)]
    if origin is typing.Annotated:
        return _strip(typing.get_args(kind)[0])
    if origin is typing.Literal:
        return [type(typing.get_args(kind)[0])]
    return [kind]


def _member(kind: Any, attr: str) -> Any:
    """The type of ``kind.attr`` (or ``kind[attr]``); ``_MISSING`` if it has none."""
    options = _strip(kind)
    results = [_member_of(option, attr) for option in options]
    present = [r for r in results if r is not _MISSING]
    if not present:
        return _MISSING
    return present[0] if len(present) == 1 else ANY


def _member_of(kind: Any, attr: str) -> Any:
    if kind is ANY or kind is Any:
        return ANY
    origin = typing.get_origin(kind) or kind
    if origin is dict or origin is typing.Mapping:
        args = typing.get_args(kind)
        if hasattr(dict, attr):
            return ANY
        return args[1] if len(args) == 2 else ANY  # any key: a section's slug, a picture's
    if isinstance(origin, type) and issubclass(origin, (TemplateFunction, Printable)):
        return _MISSING
    if isinstance(origin, type) and _is_record_class(origin):
        if attr not in record_names(origin):
            return _MISSING
        return _field_types(origin).get(attr, ANY)
    if isinstance(origin, type) and issubclass(origin, _METHOD_TYPES):
        return ANY if _public(origin, attr) else _MISSING
    return ANY


def _public(cls: type, attr: str) -> bool:
    return not attr.startswith("_") and hasattr(cls, attr)


def _is_record_class(cls: type) -> bool:
    return (
        issubclass(cls, BaseModel)
        or dataclasses.is_dataclass(cls)
        or (issubclass(cls, tuple) and hasattr(cls, "_fields"))
    )


@cache
def _field_types(cls: type) -> dict[str, Any]:
    """The declared type of each field and property of a record class (unknown: ``ANY``)."""
    found: dict[str, Any] = {}
    if issubclass(cls, BaseModel):
        found |= {name: info.annotation for name, info in cls.model_fields.items()}
    else:
        with contextlib.suppress(NameError, TypeError):
            found |= typing.get_type_hints(cls)
    for klass in reversed(cls.__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, property) and value.fget is not None:
                try:
                    found[name] = typing.get_type_hints(value.fget).get("return", ANY)
                except (NameError, TypeError):
                    found[name] = ANY
    return found


def _element(kind: Any) -> Any:
    """What a loop over a value of this type yields."""
    options = _strip(kind)
    if len(options) != 1:
        return ANY
    kind = options[0]
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin in (list, set, frozenset, typing.Sequence) and args:
        return args[0]
    if origin is tuple and args:
        if len(args) == 2 and args[1] is Ellipsis:
            return args[0]
        return args[0] if all(a == args[0] for a in args) else ANY
    if origin is dict and args:
        return args[0]
    return ANY


def _item(kind: Any) -> Any:
    """What ``value[i]`` gives: a mapping's value, a sequence's element."""
    options = _strip(kind)
    if len(options) == 1 and typing.get_origin(options[0]) is dict:
        args = typing.get_args(options[0])
        return args[1] if len(args) == 2 else ANY
    return _element(kind)


def _tuple_parts(kind: Any, count: int) -> list[Any]:
    options = _strip(kind)
    if len(options) == 1 and typing.get_origin(options[0]) is tuple:
        args = typing.get_args(options[0])
        if len(args) == count and Ellipsis not in args:
            return list(args)
    return [ANY] * count


def universe(declared: tuple[Any, ...]) -> frozenset[str]:
    """Every attribute some value reachable from these types can have."""
    names: set[str] = set()
    for cls in _METHOD_TYPES:
        names |= {n for n in dir(cls) if not n.startswith("_")}
    for kind in _reachable(declared):
        if isinstance(kind, type) and _is_record_class(kind):
            names |= record_names(kind)
    return frozenset(names)


def _reachable(declared: tuple[Any, ...]) -> Iterator[Any]:
    seen: set[Any] = set()
    todo = list(declared)
    while todo:
        kind = todo.pop()
        try:
            if kind in seen:
                continue
            seen.add(kind)
        except TypeError:
            continue
        yield kind
        todo.extend(typing.get_args(kind))
        if isinstance(kind, type) and _is_record_class(kind):
            todo.extend(_field_types(kind).values())


def _members(kind: Any) -> tuple[str, ...]:
    for option in _strip(kind):
        origin = typing.get_origin(option) or option
        if isinstance(origin, type) and _is_record_class(origin):
            return tuple(sorted(record_names(origin)))
    return ()


def _own_names(parsed: nodes.Template) -> set[str]:
    """Names a template gives things itself: its macros, its namespace attributes."""
    names = {m.name for m in parsed.find_all(nodes.Macro)}
    names |= {n.attr for n in parsed.find_all(nodes.NSRef)}
    for call in parsed.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name in ("namespace", "dict"):
            names |= {k.key for k in call.kwargs}
    return names


__all__ = ["ANY", "LEAVES", "Unknown", "universe", "unknown_attributes"]
