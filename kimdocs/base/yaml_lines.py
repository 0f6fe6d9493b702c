"""Where each field of a YAML text is written: one parse maps every field path to its line.

Front matter, ``glossar.yaml``, ``fakten.yaml`` and the ``leichte_sprache`` acceptances
all report a field the same way: on the line the user has to change, spelled
``ziele[3].frist``. This module is the one place that decides both, so it sits low:
it imports nothing of kimdocs but the error types.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kimdocs.base.errors import ContentError, Problem, Severity

FieldPath = tuple[str | int, ...]

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
# An anchor used many times inside anchors used many times ("billion laughs") is small to
# write and astronomically big to use; nesting too deep overflows every reader after this.
MAX_VALUES = 50_000  # values, as if every "*name" were written out
MAX_DEPTH = 40
_MERGE_TAG = "tag:yaml.org,2002:merge"
_INT_TAG = "tag:yaml.org,2002:int"

# libyaml's parser is about ten times faster than the pure-Python one and keeps positions.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader without implicit timestamps.

    PyYAML turns ``2026-02-30`` into a ValueError without a position; leaving
    dates as strings lets the schema report them with file, line and field.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP_TAG]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def format_field(loc: FieldPath) -> str:
    """``("ziele", 2, "frist")`` → ``ziele[3].frist``: list entries counted from 1, as users do."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out


_PART = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


def parse_field(spelled: str) -> FieldPath:
    """``ziele[3].frist`` → ``("ziele", 2, "frist")``: the inverse of :func:`format_field`."""
    loc: list[str | int] = []
    for index, key in _PART.findall(spelled):
        loc.append(int(index) - 1 if index else key)
    return tuple(loc)


def load(text: str) -> Any:
    """A YAML text read as the project reads its files (no implicit dates), without
    positions; raises ``yaml.YAMLError``."""
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


@dataclass(frozen=True, eq=False)
class Lines:
    """The 1-based line of every field of one file, and problems placed on those lines."""

    file: Path
    by_field: Mapping[FieldPath, int] = field(default_factory=dict)
    fallback: int = 1  # where a field without a line of its own is reported

    def get(self, loc: FieldPath) -> int | None:
        """The line of exactly this field, if it is written in the file."""
        return self.by_field.get(tuple(loc))

    def line_of(self, loc: FieldPath) -> int:
        """The line of a field, or of its nearest parent that is written (a missing field)."""
        for end in range(len(loc), 0, -1):
            line = self.by_field.get(tuple(loc[:end]))
            if line is not None:
                return line
        return self.fallback

    def problem(self, loc: FieldPath, message: str, severity: Severity = Severity.ERROR) -> Problem:
        """A problem with a field, on its line; also the ``locate`` that validation takes."""
        return Problem(
            message,
            file=self.file,
            line=self.line_of(loc),
            field=format_field(loc) or None,
            severity=severity,
        )


@dataclass(frozen=True)
class _Wording:
    invalid: str  # the start of every syntax-error message
    within: str  # "in den Kopfdaten": where a key stands twice or a tab is not allowed
    refused: str  # the start of a message about valid YAML that is too big to use


_FRONT_MATTER = _Wording(
    "Die Kopfdaten sind kein gültiges YAML",
    "in den Kopfdaten",
    "Die Kopfdaten werden nicht gelesen",
)
_FILE = _Wording("Die Datei ist kein gültiges YAML", "in der Datei", "Die Datei wird nicht gelesen")
_TOO_DEEP = f"Die Werte sind zu tief ineinander geschachtelt (erlaubt sind {MAX_DEPTH} Ebenen)."

# PyYAML's messages are English and technical; these are the ones staff meet.
_HINTS: list[tuple[str, str]] = [
    (
        "mapping values are not allowed",
        "Doppelpunkt an unerwarteter Stelle. Text, der einen "
        "Doppelpunkt enthält, in Anführungszeichen setzen, oder die Einrückung prüfen.",
    ),
    (
        "could not find expected ':'",
        "Hier fehlt ein Doppelpunkt nach dem Feldnamen, oder eine Zeile ist falsch eingerückt.",
    ),
    (
        "found unexpected end of stream",
        "Ein Anführungszeichen oder eine Klammer wird nicht geschlossen.",
    ),
    (
        "while parsing a flow",
        "Eine Klammer „[“ oder „{“ wird nicht geschlossen, oder zwischen zwei Einträgen "
        "fehlt ein Komma.",
    ),
    (
        "did not find expected key",
        "Die Einrückung stimmt nicht: Felder einer Ebene müssen genau untereinander stehen.",
    ),
    ("did not find expected '-' indicator", "Die Einrückung einer Liste stimmt nicht."),
    (
        "found undefined alias",
        "Unbekannter Verweis mit „*“. Text, der mit * beginnt, in Anführungszeichen setzen.",
    ),
    ("exceeded maximum nesting depth", _TOO_DEEP),
    (
        "could not determine a constructor for the tag",
        "Ein Wert mit „!“ davor (ein YAML-Typ) wird nicht gelesen. Text, der mit „!“ "
        "beginnt, in Anführungszeichen setzen.",
    ),
    (
        "found unknown escape character",
        "In einem Text in doppelten Anführungszeichen steht ein „\\“ vor einem Zeichen, das "
        "so nicht geht. Einfache Anführungszeichen ' verwenden oder „\\\\“ schreiben.",
    ),
    (
        "found character that cannot start any token",
        "Ein Text beginnt mit einem Sonderzeichen (etwa @, ` oder %) und braucht "
        "Anführungszeichen.",
    ),
    (
        "expected alphabetic or numeric character",
        "Nach „&“ oder „*“ fehlt ein Name. Text, der mit & oder * beginnt, in "
        "Anführungszeichen setzen.",
    ),
    (
        "expected <block end>",
        "Die Einrückung stimmt nicht, oder ein Text beginnt mit einem "
        "Sonderzeichen und braucht Anführungszeichen.",
    ),
]
_QUOTE_HINT = (
    "Ein Anführungszeichen wird nicht oder zu früh geschlossen. "
    "Anführungszeichen im Text als „ “ schreiben."
)
# Contexts whose mark is where the trouble starts: the opening quote, bracket or key.
# Other contexts ("while parsing a block mapping") mark the start of the whole mapping.
_STARTS_AT_CONTEXT = (
    "while scanning a quoted scalar",
    "while scanning a simple key",
    "while parsing a flow",
)


def parse(
    text: str, path: Path, first_line: int = 1, front_matter: bool = False
) -> tuple[Any, Lines]:
    """Parse ``text``, which starts on line ``first_line`` of ``path``; None if it is empty.

    A syntax error is reported on the line where it starts, a key written twice on its
    second line; both raise :class:`ContentError`. In front matter, a field without a
    line of its own is reported on the opening ``---`` line.
    """
    wording = _FRONT_MATTER if front_matter else _FILE
    fallback = first_line - 1 if front_matter else first_line
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, Lines(path, {}, fallback)
        _guard(node, path, first_line, wording)
        by_field: dict[FieldPath, int] = {}
        twice: list[tuple[FieldPath, int]] = []
        # Lines come from the nodes as composed: construction merges "<<:" keys into
        # their mapping, which would look like keys written twice.
        _walk(node, (), first_line, by_field, twice, set())
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        line, message = _syntax_error(exc, text, wording)
        raise ContentError(Problem(message, file=path, line=line + first_line)) from None
    except yaml.reader.ReaderError as exc:  # a control character, e.g. pasted from a PDF
        raise ContentError(
            Problem(
                f"{wording.invalid}: Ein unsichtbares Steuerzeichen (#x{exc.character:04x}) "
                "steht im Text. Bitte die Stelle neu tippen.",
                file=path,
                line=text.count("\n", 0, exc.position) + first_line,
            )
        ) from None
    finally:
        loader.dispose()
    if twice:
        raise ContentError(
            [
                Problem(
                    f"Dieses Feld steht zweimal {wording.within}; es gilt nur eines.",
                    file=path,
                    line=line,
                    field=format_field(loc),
                )
                for loc, line in twice
            ]
        )
    return data, Lines(path, by_field, fallback)


def _guard(node: yaml.Node, path: Path, offset: int, wording: _Wording) -> None:
    """Refuse what would be too big or too deep to use, before anything uses it.

    Counts values as if every alias were written out, with each node counted once
    (memoised), so the count itself stays cheap however often an anchor is used.
    """
    sizes: dict[int, int] = {}

    def refuse(at: yaml.Node, why: str) -> ContentError:
        return ContentError(
            Problem(f"{wording.refused}: {why}", file=path, line=at.start_mark.line + offset)
        )

    def size(current: yaml.Node, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise refuse(current, _TOO_DEEP)
        known = sizes.get(id(current))
        if known is not None:
            if known < 0:  # an anchor used inside itself
                raise refuse(current, "Ein Verweis mit „*“ verweist auf sich selbst.")
            return known
        sizes[id(current)] = -1
        total = 1
        if isinstance(current, yaml.MappingNode):
            children = [n for pair in current.value for n in pair]
        elif isinstance(current, yaml.SequenceNode):
            children = list(current.value)
        else:
            children = []
        if isinstance(current, yaml.ScalarNode) and current.tag == _INT_TAG:
            digits = sum(c.isdigit() for c in current.value)
            if digits > sys.get_int_max_str_digits():
                raise refuse(
                    current,
                    f"Eine Zahl hat {digits} Ziffern (höchstens "
                    f"{sys.get_int_max_str_digits()}). Ist ein Text gemeint, bitte in "
                    "Anführungszeichen setzen.",
                )
        for child in children:
            total += size(child, depth + 1)
            if total > MAX_VALUES:
                # The collection that grew too big; a used anchor's own mark is its definition.
                limit = f"{MAX_VALUES:,}".replace(",", ".")
                raise refuse(
                    current,
                    f"Die Daten haben mehr als {limit} Werte (gezählt sind alle Felder, "
                    "Listeneinträge und Texte, und jeder Verweis mit „*“ so oft, wie er "
                    "verwendet wird). Bitte kürzen oder Werte ausschreiben statt sie vielfach "
                    "zu verweisen.",
                )
        sizes[id(current)] = total
        return total

    size(node, 0)


def _walk(
    node: yaml.Node,
    loc: FieldPath,
    offset: int,
    out: dict[FieldPath, int],
    twice: list[tuple[FieldPath, int]],
    seen: set[int],
) -> None:
    # An alias (*name) is the very node of its anchor: it is walked once, where the
    # anchor is written. Walking it again at every alias could take exponentially long,
    # and fields reached through an alias fall back to the alias's own key.
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        keys: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE_TAG:
                continue
            key = str(key_node.value)
            here = (*loc, key)
            line = key_node.start_mark.line + offset
            if key in keys:
                twice.append((here, line))
            keys.add(key)
            out[here] = line
            _walk(value_node, here, offset, out, twice, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            if id(item) not in seen:
                out[(*loc, index)] = item.start_mark.line + offset
            _walk(item, (*loc, index), offset, out, twice, seen)


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, wording: _Wording) -> tuple[int, str]:
    """The 0-based line where a syntax error starts, and the German message for it.

    PyYAML marks where its scan gave up, which for an unclosed quote or bracket is the
    end of the text or a later line; the user has to look where it was opened.
    """
    detail = f"{exc.context or ''} {exc.problem or ''}".strip()
    mark = exc.problem_mark or exc.context_mark
    hint = next((h for needle, h in _HINTS if needle in detail), None)
    if exc.context_mark is not None and (exc.context or "").startswith(_STARTS_AT_CONTEXT):
        mark = exc.context_mark
    elif mark is not None and (opened := _quote_closed_here(text, mark.index)) is not None:
        return opened, f"{wording.invalid}: {_QUOTE_HINT}"
    line = mark.line if mark is not None else 0
    lines = text.split("\n")
    tab = "cannot start any token" in detail or "tab character" in detail
    if tab and line < len(lines) and "\t" in lines[line]:
        hint = (
            f"Tabulatorzeichen sind {wording.within} nicht erlaubt; "
            "bitte mit Leerzeichen einrücken."
        )
    if hint is None:
        return line, f"{wording.invalid} ({detail})."
    return line, f"{wording.invalid}: {hint}"


def _quote_closed_here(text: str, index: int) -> int | None:
    """Line where a quoted text opens whose closing quote comes right before the error.

    An unclosed quote swallows the next lines up to the next quote character, and a
    quote inside a quoted text ends it early; either way the error shows right behind
    that quote, often lines after the one the user has to fix.
    """
    last: yaml.Token | None = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= index:
                break
            last = token
    except yaml.MarkedYAMLError:
        pass  # the tokens before the error are all that is needed
    if (
        isinstance(last, yaml.ScalarToken)
        and last.style in ('"', "'")
        and last.end_mark.line == text.count("\n", 0, index)
    ):
        return int(last.start_mark.line)
    return None
