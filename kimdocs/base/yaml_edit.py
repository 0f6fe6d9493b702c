"""Change a YAML text the way a careful person would: only the values that changed.

Front matter is written by hand, with comments, an order of keys and a way of quoting that
its authors chose. A program that saves into it (the forms of ``kimdocs vorschau``) must
keep all of that: ruamel.yaml's round-trip mode loads the text into maps and lists that
remember comments, order and quoting, the change is made there, and the text is dumped
again. Where ruamel would still write an unchanged part differently from the original (its
known gaps: comments between blank lines, comments beside multi-line texts, indentation it
normalises), a three-way merge puts the original lines back: only the lines that the change
itself touches come from ruamel's dump. Without a change the text stays byte for byte.

Values are written so that the project's own reader (PyYAML, YAML 1.1, see
:mod:`kimdocs.base.yaml_lines`) reads back exactly what was meant: a text that it would
take for something else (``yes``, ``10:30``, ``1.5``) is quoted.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
from collections.abc import Callable, Sequence
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from kimdocs.base.errors import ContentError, Problem
from kimdocs.base.yaml_lines import load

# Indentation styles in use: "ziele:\n  - ziel: …" (the skeletons) and "ziele:\n- ziel: …".
_STYLES = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4))
_NEVER_WRAP = 1 << 16


def _yaml(style: tuple[int, int, int]) -> YAML:
    handler = YAML(typ="rt")
    handler.width = _NEVER_WRAP  # ruamel folds long lines at 80 characters otherwise
    handler.preserve_quotes = True
    handler.allow_unicode = True
    mapping, sequence, offset = style
    handler.indent(mapping=mapping, sequence=sequence, offset=offset)
    return handler


class Editor:
    """One YAML text, loaded for changes; :meth:`text` gives it back with the changes."""

    def __init__(self, text: str) -> None:
        self.original = text
        # The style whose dump of the untouched data is closest to the original.
        best: tuple[float, YAML, Any, str] | None = None
        for style in _STYLES:
            handler = _yaml(style)
            try:
                data = handler.load(text)
            except YAMLError as exc:
                raise ContentError(
                    Problem(f"Die Kopfdaten lassen sich nicht bearbeiten ({exc}).")
                ) from None
            dumped = _dump(handler, data)
            if dumped == text:
                best = (1.0, handler, data, dumped)
                break
            score = difflib.SequenceMatcher(None, text, dumped, autojunk=False).ratio()
            if best is None or score > best[0]:
                best = (score, handler, data, dumped)
        assert best is not None
        _, self._handler, loaded, self._base = best
        self.data: CommentedMap = loaded if isinstance(loaded, CommentedMap) else CommentedMap()

    def text(self) -> str:
        """The text with the changes made to :attr:`data`; the original where nothing changed."""
        changed = _dump(self._handler, self.data)
        if changed == self._base:
            return self.original
        return merge(self.original, self._base, changed)


def _dump(handler: YAML, data: Any) -> str:
    out = io.StringIO()
    handler.dump(data, out)
    return out.getvalue()


def edit(text: str, change: Callable[[CommentedMap], None]) -> str:
    """``text`` with ``change`` made to its top-level map."""
    editor = Editor(text)
    change(editor.data)
    return editor.text()


def merge(original: str, base: str, changed: str) -> str:
    """Three-way merge by lines: what changed from ``base`` to ``changed``, applied to
    ``original`` (``base`` is ruamel's dump of the original, unchanged).

    Lines that all three share are sync points; between two of them, the original is kept
    where the change did not touch it, the change is taken where the original equals the
    dump, and where both differ (ruamel normalised a region that the change touches) the
    change wins: the value must be written, a local reformatting is the smaller harm.
    """
    o, b, n = (s.splitlines(keepends=True) for s in (original, base, changed))
    to_o = _matches(b, o)
    to_n = _matches(b, n)
    out: list[str] = []
    last_b = last_o = last_n = -1
    for i in range(len(b)):
        if i not in to_o or i not in to_n:
            continue
        j, k = to_o[i], to_n[i]
        out += _chunk(o[last_o + 1 : j], b[last_b + 1 : i], n[last_n + 1 : k])
        out.append(o[j])
        last_b, last_o, last_n = i, j, k
    out += _chunk(o[last_o + 1 :], b[last_b + 1 :], n[last_n + 1 :])
    return "".join(out)


def _matches(a: list[str], b: list[str]) -> dict[int, int]:
    found: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            found[block.a + offset] = block.b + offset
    return found


def _chunk(o: list[str], b: list[str], n: list[str]) -> list[str]:
    if o == b:
        return n
    if n == b:
        return o
    return n


# ------------------------------------------------------------------ values as YAML reads them


def _reads(text: str) -> Any:
    try:
        return load(text)
    except yaml.YAMLError:
        return None


def text_value(value: str, like: Any = None) -> Any:
    """A text as a scalar that the project's reader reads back as this very text; in the
    quoting of ``like`` (the value it replaces) where that is possible."""
    if "\n" in value:
        return LiteralScalarString(value if value.endswith("\n") else value + "\n")
    if isinstance(like, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(value)
    if isinstance(like, SingleQuotedScalarString):
        return SingleQuotedScalarString(value)
    handler = _yaml(_STYLES[0])
    dumped = _dump(handler, {"x": value})
    if _reads(dumped) == {"x": value}:
        return value
    return DoubleQuotedScalarString(value)


def clock_value(value: str) -> Any:
    """A time of day, quoted: YAML 1.1 reads ``10:30`` as the number 630."""
    return DoubleQuotedScalarString(value)


def date_value(day: dt.date) -> dt.date:
    return day


# ------------------------------------------------------------------ maps and lists


def set_value(mapping: CommentedMap, key: str, value: Any) -> None:
    """Set ``key`` (added at the end if new); its comments stay with it."""
    mapping[key] = value


def remove_key(mapping: CommentedMap, key: str) -> None:
    if key in mapping:
        del mapping[key]


def new_map(items: Sequence[tuple[str, Any]]) -> CommentedMap:
    made = CommentedMap()
    for key, value in items:
        made[key] = value
    return made


def new_list(items: Sequence[Any]) -> CommentedSeq:
    made = CommentedSeq()
    made.extend(items)
    return made


def rearrange(seq: CommentedSeq, order: Sequence[int | None], fresh: Sequence[Any]) -> None:
    """Put the list's items in ``order`` (indices of the old items, None for the next of
    ``fresh``), each old item with its comments."""
    old = list(seq)
    comments = dict(seq.ca.items)
    added = iter(fresh)
    items: list[Any] = []
    moved: dict[int, Any] = {}
    for new_index, origin in enumerate(order):
        if origin is None:
            items.append(next(added))
        else:
            items.append(old[origin])
            if origin in comments:
                moved[new_index] = comments[origin]
    del seq[:]
    seq.ca.items.clear()
    seq.extend(items)
    seq.ca.items.update(moved)
    if any(isinstance(item, dict) for item in items):
        seq.fa.set_block_style()  # "netzwerk: []" that gets partners becomes a block list


def set_scalars(seq: CommentedSeq, values: Sequence[Any]) -> None:
    """A list of plain values, changed in place: comments stay by position."""
    for index, value in enumerate(values):
        if index < len(seq):
            if seq[index] != value:
                seq[index] = value
        else:
            seq.append(value)
    while len(seq) > len(values):
        del seq[len(values)]
