"""The document kinds kimdocs knows: one instance of each, by its id."""

from __future__ import annotations

from typing import Any

from kimdocs import kind_names
from kimdocs.kind_names import kind_id
from kimdocs.kinds.agreement import Agreement
from kimdocs.kinds.consent_form import ConsentForm
from kimdocs.kinds.flyer import Flyer
from kimdocs.kinds.kind import Kind
from kimdocs.kinds.minutes import Minutes
from kimdocs.kinds.perspective import Perspective
from kimdocs.kinds.press import Press
from kimdocs.kinds.report import Report

KINDS: dict[str, Kind[Any]] = {
    k.id: k
    for k in (Agreement(), Minutes(), Press(), Flyer(), ConsentForm(), Report(), Perspective())
}


def register(kind: Kind[Any]) -> Kind[Any]:
    """Add a kind, with its names: the catalog then knows its folders and ``art:``."""
    kind_names.register(kind.names)
    KINDS[kind.id] = kind
    return kind


def unregister(kind_id: str) -> None:
    kind_names.unregister(kind_id)
    KINDS.pop(kind_id, None)


def kind_by_name(name: str) -> Kind[Any] | None:
    found = kind_id(name)
    return KINDS[found] if found is not None else None
