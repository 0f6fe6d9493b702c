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


def nearest(typed: str, known: Iterable[str]) -> str | None:
    """The known name closest to ``typed``, if one is close enough to be meant."""
    by_key = {_key(n): n for n in known}
    near = difflib.get_close_matches(_key(typed), list(by_key), n=1, cutoff=0.7)
    return by_key[near[0]] if near else None


def did_you_mean(typed: str, known: Iterable[str]) -> str:
    """`` Meinten Sie „mitte“?`` for the nearest known name, or nothing if none is near."""
    near = nearest(typed, known)
    return f" Meinten Sie „{near}“?" if near is not None else ""
