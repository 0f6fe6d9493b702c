"""The project's Leichte-Sprache glossary (``glossar.yaml``) and the words a text uses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import Field

from kimdocs.catalog import GLOSSARY_NAME
from kimdocs.errors import ContentError
from kimdocs.project import Project
from kimdocs.schema import Model, NonEmpty, Text, validate
from kimdocs.text_files import read_utf8
from kimdocs.yaml_lines import parse


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
    data, lines = parse(read_utf8(path), path)
    if data is None:
        return Glossary(())  # an empty file, like a missing one: no words yet
    parsed, problems = validate(GlossaryFile, data, lines.problem)
    if parsed is None or any(p.is_error for p in problems):
        raise ContentError(problems)
    return Glossary(tuple(parsed.words))
