"""The project's Leichte-Sprache glossary (``glossar.yaml``) and the words a text uses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import Field

from kimdocs.catalog import GLOSSARY_NAME
from kimdocs.content import parse_yaml
from kimdocs.errors import ContentError, Problem, Severity
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
    if not path.is_file():
        return Glossary(())
    return _load(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load(path: Path, _mtime: int) -> Glossary:
    data, lines = parse_yaml(path.read_text(encoding="utf-8-sig"), path, first_line=1)

    def locate(loc: tuple[str | int, ...], message: str, severity: Severity) -> Problem:
        line = next((lines[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in lines), 1)
        return Problem(
            message, file=path, line=line, field=".".join(map(str, loc)), severity=severity
        )

    parsed, problems = validate(GlossaryFile, data, locate)
    if parsed is None or any(p.is_error for p in problems):
        raise ContentError(problems)
    return Glossary(tuple(parsed.words))
