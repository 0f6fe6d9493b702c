"""Read a content file: YAML front matter with line numbers, and a Markdown body.

Line numbers are kept for every key and list item so that every problem can
point to the line the user has to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kimdocs.errors import ContentError, Problem

FieldPath = tuple[str | int, ...]

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
MAX_SOURCE_BYTES = 2 * 1024 * 1024
# XML 1.0 forbids these; one pasted from a PDF makes Word refuse the whole file.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


# libyaml's parser is about ten times faster than the pure-Python one and keeps positions.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FrontMatterLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader without implicit timestamps.

    PyYAML turns ``2026-02-30`` into a ValueError without a position; leaving
    dates as strings lets the schema report them with file, line and field.
    """


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP_TAG]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

# PyYAML's messages are English and technical; these are the ones staff meet.
_YAML_HINTS: list[tuple[str, str]] = [
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
        "did not find expected key",
        "Die Einrückung stimmt nicht: Felder einer Ebene müssen genau untereinander stehen.",
    ),
    ("did not find expected '-' indicator", "Die Einrückung einer Liste stimmt nicht."),
    (
        "found undefined alias",
        "Unbekannter Verweis mit „*“. Text, der mit * beginnt, in Anführungszeichen setzen.",
    ),
    (
        "expected <block end>",
        "Die Einrückung stimmt nicht, oder ein Text beginnt mit einem "
        "Sonderzeichen und braucht Anführungszeichen.",
    ),
]


@dataclass
class Source:
    """A content file split into front matter and body."""

    path: Path
    meta: dict[str, Any]
    body: str
    body_line: int
    lines: dict[FieldPath, int] = field(default_factory=dict)
    front_matter_line: int = 1
    body_lines: list[int] | None = None  # file line of each body line, once blocks are in

    def body_line_at(self, index: int) -> int:
        """The file line of line ``index`` (0-based) of the body."""
        if self.body_lines is not None and 0 <= index < len(self.body_lines):
            return self.body_lines[index]
        return self.body_line + index

    def line_of(self, loc: FieldPath) -> int:
        """Line of a field, or of its nearest parent that has one."""
        for end in range(len(loc), 0, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return self.front_matter_line

    def problem(self, loc: FieldPath, message: str, **kwargs: Any) -> Problem:
        return Problem(
            message,
            file=self.path,
            line=self.line_of(loc),
            field=format_field(loc) or None,
            **kwargs,
        )


def format_field(loc: FieldPath) -> str:
    """``("ziele", 2, "frist")`` → ``ziele[3].frist`` (1-based like the user counts)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out


def read_source(path: Path) -> Source:
    """Read and split a content file; raise :class:`ContentError` with the position."""
    size = path.stat().st_size
    if size > MAX_SOURCE_BYTES:
        raise ContentError(
            Problem(
                f"Die Datei ist zu groß ({size / 1024 / 1024:.1f} MB, höchstens "
                f"{MAX_SOURCE_BYTES // 1024 // 1024} MB). Bilder gehören in eigene Dateien.",
                file=path,
            )
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(
            Problem(
                "Die Datei ist nicht in UTF-8 gespeichert. Bitte im Editor als „UTF-8“ "
                "speichern (z. B. Notepad++: Kodierung → UTF-8).",
                file=path,
                line=line,
            )
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ContentError(Problem("Die Datei ist leer.", file=path, line=1))
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise ContentError(
            Problem(
                "Die Datei beginnt nicht mit Kopfdaten. Die erste Zeile muss „---“ sein, "
                "danach folgen die Felder und wieder eine Zeile „---“.",
                file=path,
                line=1,
            )
        )
    end = next(
        (i for i, ln in enumerate(lines[1:], start=1) if ln.rstrip() in ("---", "...")), None
    )
    if end is None:
        raise ContentError(
            Problem(
                "Die Kopfdaten werden nicht mit einer Zeile „---“ abgeschlossen.", file=path, line=1
            )
        )
    yaml_text = "\n".join(lines[1:end])
    meta, line_map = parse_yaml(yaml_text, path, first_line=2)
    return Source(
        path=path,
        meta=meta,
        body=CONTROL.sub("", "\n".join(lines[end + 1 :])),
        body_line=end + 2,
        lines=line_map,
        front_matter_line=1,
    )


def parse_yaml(
    text: str, path: Path, first_line: int
) -> tuple[dict[str, Any], dict[FieldPath, int]]:
    loader = _FrontMatterLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ContentError(Problem("Die Kopfdaten sind leer.", file=path, line=first_line))
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + first_line) if mark is not None else first_line
        text_line = (
            text.split("\n")[mark.line]
            if mark is not None and mark.line < len(text.split("\n"))
            else ""
        )
        raise ContentError(Problem(_yaml_message(exc, text_line), file=path, line=line)) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise ContentError(
            Problem(
                "Die Kopfdaten müssen aus Feldern der Form „name: wert“ bestehen.",
                file=path,
                line=first_line,
            )
        )
    line_map: dict[FieldPath, int] = {}
    problems: list[Problem] = []
    _collect_lines(node, (), first_line, line_map, problems, path)
    if problems:
        raise ContentError(problems)
    return data, line_map


_TAB_HINT = "Tabulatorzeichen sind in den Kopfdaten nicht erlaubt; bitte mit Leerzeichen einrücken."


def _yaml_message(exc: yaml.MarkedYAMLError, line: str) -> str:
    detail = f"{exc.context or ''} {exc.problem or ''}".strip()
    if "\t" in line and "cannot start any token" in detail:
        return f"Die Kopfdaten sind kein gültiges YAML: {_TAB_HINT}"
    for needle, hint in _YAML_HINTS:
        if needle in detail:
            return f"Die Kopfdaten sind kein gültiges YAML: {hint}"
    return f"Die Kopfdaten sind kein gültiges YAML ({detail})."


def _collect_lines(
    node: yaml.Node,
    loc: FieldPath,
    offset: int,
    out: dict[FieldPath, int],
    problems: list[Problem],
    path: Path,
) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + offset
            if key in seen:
                problems.append(
                    Problem(
                        "Dieses Feld steht zweimal in den Kopfdaten; es gilt nur eines.",
                        file=path,
                        line=line,
                        field=format_field((*loc, key)),
                    )
                )
            seen.add(key)
            out[(*loc, key)] = line
            _collect_lines(value_node, (*loc, key), offset, out, problems, path)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out[(*loc, index)] = item.start_mark.line + offset
            _collect_lines(item, (*loc, index), offset, out, problems, path)


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slugify(title: str) -> str:
    """A name usable in templates: ``Stärken und Ressourcen`` → ``staerken_und_ressourcen``."""
    slug = re.sub(r"[^a-z0-9]+", "_", title.lower().translate(_UMLAUTS)).strip("_")
    return slug or "abschnitt"
