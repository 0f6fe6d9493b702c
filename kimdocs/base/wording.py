"""Counted nouns and suggestions for mistyped names, worded once for every message.

``1 Datei``, ``2 Dateien``: every summary counts with :func:`counted`. Names users type
(districts, people, pictograms) are compared with :func:`same_name` and, where one is
unknown, followed by :func:`did_you_mean`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def counted(number: int, one: str, many: str) -> str:
    """``counted(1, "Datei", "Dateien")`` → ``1 Datei``; 0 and 2 take the plural."""
    return f"{number} {one if number == 1 else many}"


def _key(name: str) -> str:
    return " ".join(str(name).split()).casefold()


def same_name(typed: str, known: str) -> bool:
    """Names users type match regardless of case and surrounding space (``Mitte`` = ``mitte``)."""
    return _key(typed) == _key(known)


def find_name(typed: str, known: Iterable[str]) -> str | None:
    """The known name that ``typed`` means, if any."""
    return next((k for k in known if same_name(typed, k)), None)


# How close a typed name must be to a known one to be suggested: one measure for every
# message (districts, fields, facts, rules, kinds, template variables).
CUTOFF = 0.6


def near_names(typed: str, known: Iterable[str], n: int = 1) -> list[str]:
    """The known names closest to ``typed`` (at most ``n``), closest first."""
    by_key = {_key(k): k for k in known}
    return [by_key[k] for k in difflib.get_close_matches(_key(typed), list(by_key), n, CUTOFF)]


def nearest(typed: str, known: Iterable[str]) -> str | None:
    """The known name closest to ``typed``, if one is close enough to be meant."""
    near = near_names(typed, known)
    return near[0] if near else None


def meant(names: Iterable[str]) -> str:
    """`` Meinten Sie „a“?`` or `` Meinten Sie „a“ oder „b“?``; nothing for no names."""
    shown = [f"„{name}“" for name in names]
    return f" Meinten Sie {' oder '.join(shown)}?" if shown else ""


def did_you_mean(typed: str, known: Iterable[str], n: int = 1) -> str:
    """`` Meinten Sie „mitte“?`` for the nearest known names, or nothing if none is near."""
    return meant(near_names(typed, known, n))
