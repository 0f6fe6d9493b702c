"""Read a content file: YAML front matter with line numbers, and a Markdown body.

Line numbers are kept for every key and list item (see :mod:`kimdocs.base.yaml_lines`)
so that every problem can point to the line the user has to change.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kimdocs.base.errors import ContentError, Problem, Severity
from kimdocs.base.inputs import read_text
from kimdocs.base.yaml_lines import FieldPath, Lines, parse

# XML 1.0 forbids these; one pasted from a PDF makes Word refuse the whole file.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


@dataclass
class Source:
    """A content file split into front matter and body."""

    path: Path
    meta: dict[str, Any]
    body: str
    body_line: int
    lines: Lines  # the line of every front-matter field
    body_lines: list[int] | None = None  # file line of each body line, once blocks are in
    # The body as written (blocks and facts as directives), when ``body`` has them put in.
    written: str = ""
    digest: str = ""  # of the file's text: the build's fingerprint needs no second read
    text: str = ""  # the whole file as read (the preview shows its lines)

    def body_line_at(self, index: int) -> int:
        """The file line of line ``index`` (0-based) of the body."""
        if self.body_lines is not None and 0 <= index < len(self.body_lines):
            return self.body_lines[index]
        return self.body_line + index

    def problem(self, loc: FieldPath, message: str, severity: Severity = Severity.ERROR) -> Problem:
        """A problem with a front-matter field, on its line (short for ``lines.problem``)."""
        return self.lines.problem(loc, message, severity)


def read_source(path: Path) -> Source:
    """Read and split a content file; raise :class:`ContentError` with the position."""
    text = read_text(path)  # the size limit and encoding rules of every project file
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
    meta, line_map = parse("\n".join(lines[1:end]), path, first_line=2, front_matter=True)
    if meta is None:
        raise ContentError(Problem("Die Kopfdaten sind leer.", file=path, line=2))
    if not isinstance(meta, dict):
        raise ContentError(
            Problem(
                "Die Kopfdaten müssen aus Feldern der Form „name: wert“ bestehen.",
                file=path,
                line=2,
            )
        )
    body = CONTROL.sub("", "\n".join(lines[end + 1 :]))
    return Source(
        path=path,
        meta=meta,
        body=body,
        body_line=end + 2,
        lines=line_map,
        written=body,
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        text=text,
    )


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slugify(title: str) -> str:
    """A name usable in templates: ``Stärken und Ressourcen`` → ``staerken_und_ressourcen``."""
    slug = re.sub(r"[^a-z0-9]+", "_", title.lower().translate(_UMLAUTS)).strip("_")
    return slug or "abschnitt"
