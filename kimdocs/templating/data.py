"""What templates may see and call: plain data, kimdocs' own functions, finished pieces.

Templates come from outside (offices pass them around), so they get data, never the
machine: strings, numbers, dates, lists and mappings, and frozen records (validated front
matter, dataclasses, named tuples) whose fields and properties are such data in turn. A
``pathlib.Path`` in the context would hand a template ``read_text``, ``write_text``,
``unlink`` and ``iterdir``; a document object would lead to its source's path. The
sandbox (:mod:`kimdocs.templating.environment`) asks :func:`attribute_allowed` and
:func:`call_allowed` for every attribute and every call, and a test walks every kind's
context with :func:`not_data`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, Protocol, runtime_checkable

import jinja2.runtime
import jinja2.utils
from pydantic import BaseModel

# Values that are data by themselves (Markup and the Literal strings are ``str``).
LEAVES: tuple[type, ...] = (str, int, float, Decimal, dt.date, dt.time, dt.timedelta, Enum)
CONTAINERS: tuple[type, ...] = (list, tuple, dict)


class TemplateFunction:
    """One of kimdocs' own functions for templates (``fakt``, ``t``, ``abschnitt`` …).

    The only Python callables a template may call: the sandbox refuses every other one.
    """

    __slots__ = ("_function", "name")

    def __init__(self, name: str, function: Callable[..., Any]) -> None:
        self.name = name
        self._function = function

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._function(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<Vorlagenfunktion {self.name}>"


class Printable:
    """A finished piece of output (the XML of a DOCX paragraph or picture), made when it is
    printed. It can be printed and nothing else: it has no attribute a template could read."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[], str]) -> None:
        self._make = make

    def __html__(self) -> str:
        return self._make()

    def __str__(self) -> str:
        return self._make()


def is_record(value: object) -> bool:
    """A frozen bundle of named data: validated front matter, a dataclass, a named tuple."""
    if isinstance(value, type):
        return False
    return (
        isinstance(value, BaseModel)
        or dataclasses.is_dataclass(value)
        or (isinstance(value, tuple) and hasattr(type(value), "_fields"))
    )


def is_data(value: object) -> bool:
    """Whether a value may stand in a template's context (its parts are checked on access)."""
    return (
        value is None
        or isinstance(value, (*LEAVES, *CONTAINERS, TemplateFunction, Printable))
        or is_record(value)
    )


@cache
def record_names(cls: type) -> frozenset[str]:
    """The attributes a template may read on a record of this class: its fields and its
    properties, never its methods."""
    names: set[str] = set()
    if issubclass(cls, BaseModel):
        names |= set(cls.model_fields)
    elif dataclasses.is_dataclass(cls):
        names |= {f.name for f in dataclasses.fields(cls)}
    elif issubclass(cls, tuple):
        names |= set(getattr(cls, "_fields", ()))
    for klass in cls.__mro__:
        if klass in (BaseModel, object, tuple):
            continue
        names |= {n for n, v in vars(klass).items() if isinstance(v, property)}
    return frozenset(n for n in names if not n.startswith("_"))


# Jinja's own objects in a running template: the loop, namespaces, imported templates,
# ``self`` and ``super()``; their attributes are the template's own.
_RUNTIME: tuple[type, ...] = (
    jinja2.runtime.LoopContext,
    jinja2.runtime.TemplateReference,
    jinja2.runtime.BlockReference,
    jinja2.runtime.Macro,
    jinja2.utils.Namespace,
    jinja2.utils.Cycler,
    jinja2.utils.Joiner,
    jinja2.environment.TemplateModule,
)


def attribute_allowed(obj: object, name: str, value: object) -> bool:
    """Whether a template may read ``obj.name`` (which is ``value``)."""
    if name.startswith("_"):
        return False
    if isinstance(obj, _RUNTIME):
        return True
    if is_record(obj):
        return name in record_names(_class(obj)) and is_data(value)
    if isinstance(obj, (*LEAVES, *CONTAINERS)):
        # A method of a string, date, list or mapping (``isoformat``, ``items``, ``split``).
        return _bound_to(value, obj)
    return False


def call_allowed(obj: object, globals_: Mapping[str, Any]) -> bool:
    """Whether a template may call ``obj``: kimdocs' functions, its own macros, Jinja's
    globals (``range``, ``namespace`` …) and the methods of data."""
    if isinstance(obj, (TemplateFunction, *_RUNTIME)):
        return True
    if any(obj is g for g in globals_.values()):
        return True
    owner = getattr(obj, "__self__", None)
    method = isinstance(obj, (types.BuiltinMethodType, types.MethodType))
    return method and not isinstance(owner, type) and isinstance(owner, (*LEAVES, *CONTAINERS))


def _bound_to(value: object, obj: object) -> bool:
    return isinstance(value, (types.BuiltinMethodType, types.MethodType)) and (
        getattr(value, "__self__", None) is obj
    )


def _class(value: object) -> type:
    cls: type = type(value)
    return cls


def not_data(value: object, where: str = "") -> Iterator[str]:
    """Every place under ``value`` that is not data, as ``where.a.b[2]``: what a test of a
    context expects to be empty. Records are walked through the attributes a template may
    read, mappings through their values."""
    seen: set[int] = set()
    yield from _walk(value, where, seen)


def _walk(value: object, where: str, seen: set[int]) -> Iterator[str]:
    if value is None or isinstance(value, (*LEAVES, TemplateFunction, Printable)):
        return
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                yield f"{where}[{key!r}] (Schlüssel {type(key).__name__})"
            yield from _walk(item, f"{where}[{key!r}]", seen)
    elif is_record(value):
        for name in sorted(record_names(_class(value))):
            yield from _walk(getattr(value, name), f"{where}.{name}", seen)
    elif isinstance(value, (list, tuple)):
        for n, item in enumerate(value):
            yield from _walk(item, f"{where}[{n}]", seen)
    else:
        yield f"{where} ({type(value).__module__}.{type(value).__qualname__})"


def functions(**named: Callable[..., Any]) -> dict[str, TemplateFunction]:
    """Template functions by their names in templates."""
    return {name: TemplateFunction(name, function) for name, function in named.items()}


@runtime_checkable
class HasTemplateView(Protocol):
    """An object of the renderers (a report's figures) that templates see only as a view."""

    def template_view(self) -> Any: ...


def for_templates(context: Mapping[str, Any]) -> dict[str, Any]:
    """The context as templates get it: an object with a template view gives its view."""
    return {
        name: value.template_view() if isinstance(value, HasTemplateView) else value
        for name, value in context.items()
    }
