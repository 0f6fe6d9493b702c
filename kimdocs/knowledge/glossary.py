"""The project's Leichte-Sprache glossary (``glossar.yaml``) and the words a text uses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import Field

from kimdocs.base.errors import ContentError
from kimdocs.base.inputs import not_a_file, read_text
from kimdocs.base.yaml_lines import parse
from kimdocs.catalog import GLOSSARY_NAME
from kimdocs.project import Project
from kimdocs.schema import Model, NonEmpty, Text, validate


class Entry(Model):
    word: NonEmpty = Field(alias="wort")
    explanation: NonEmpty = Field(alias="erklärung")
    forms: list[NonEmpty] = Field([], alias="formen")
    picture: Text = Field("", alias="bild")


class GlossaryFile(Model):
    words: list[Entry] = Field(alias="wörter")


@dataclass(frozen=True)
class Glossary:
    entries: tuple[Entry, ...]

    def used_in(self, text: str) -> list[Entry]:
        """Entries whose word or one of its forms occurs in ``text``, in glossary order."""
        plain = text.replace("·", "").replace("\u00ad", "")
        return [
            e
            for e in self.entries
            if any(
                re.search(rf"(?<!\w){re.escape(form.replace('·', ''))}(?!\w)", plain, re.IGNORECASE)
                for form in (e.word, *e.forms)
            )
        ]


def load_glossary(project: Project) -> Glossary:
    path = project.root / GLOSSARY_NAME
    if not path.exists() and not path.is_symlink():
        return Glossary(())  # no word list yet
    refusal = not_a_file(path)  # a folder or pipe of that name is a mistake to report
    if refusal is not None:
        raise ContentError(refusal)
    return _load(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load(path: Path, _mtime: int) -> Glossary:
    data, lines = parse(read_text(path), path)
    if data is None:
        return Glossary(())  # an empty file, like a missing one: no words yet
    parsed, problems = validate(GlossaryFile, data, lines.problem)
    if parsed is None or any(p.is_error for p in problems):
        raise ContentError(problems)
    return Glossary(tuple(parsed.words))


def written_explanations(project: Project) -> list[tuple[Entry, int, tuple[int, str, int]]]:
    """Each entry with the line of its ``erklärung`` and the explanation as written there.

    The written form is (first line of the text, its lines without indent, the indent): a
    folded ``>-`` text keeps its lines, so messages and ``kimdocs wissen`` point at them.
    """
    path = project.root / GLOSSARY_NAME
    entries = load_glossary(project).entries
    if not entries or not path.is_file():
        return []
    raw = read_text(path).replace("\r\n", "\n")
    source = raw.split("\n")
    _data, lines = parse(raw, path)
    out = []
    for n, entry in enumerate(entries):
        line = lines.line_of(("wörter", n, "erklärung"))
        out.append((entry, line, _as_written(source, line, entry.explanation)))
    return out


def _as_written(source: list[str], line: int, value: str) -> tuple[int, str, int]:
    head = source[line - 1] if 0 < line <= len(source) else ""
    after = head.split(":", 1)[1].strip() if ":" in head else ""
    if after and not after.startswith((">", "|")):
        return line, value, head.index(after)
    own = len(head) - len(head.lstrip())
    block: list[str] = []
    for text in source[line:]:
        if text.strip() and len(text) - len(text.lstrip()) <= own:
            break
        block.append(text)
    while block and not block[-1].strip():
        block.pop()
    indent = min((len(t) - len(t.lstrip()) for t in block if t.strip()), default=0)
    return line + 1, "\n".join(t[indent:] for t in block), indent
