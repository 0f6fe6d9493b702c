"""Text blocks (``content/bausteine/*.md``): shared paragraphs with an owner and a review date."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from kimdocs.base.errors import ContentError, Problem
from kimdocs.content import Source, read_source
from kimdocs.easy_language.config import FileRules
from kimdocs.schema import Date, Model, NonEmpty, Text, validate


class BlockFields(Model):
    title: NonEmpty = Field(alias="titel")
    owner: NonEmpty = Field(alias="verantwortlich")
    as_of: Date = Field(alias="stand")
    review_by: Date = Field(alias="prüfen_bis")
    sources: list[NonEmpty] = Field([], alias="quellen")
    kind: Text = Field("baustein", alias="art")
    # Accepted findings of the Leichte-Sprache check, for blocks that flyers use.
    easy_language: FileRules = Field(
        default_factory=lambda: FileRules.model_validate({}), alias="leichte_sprache"
    )


@dataclass(frozen=True)
class Block:
    name: str
    fields: BlockFields
    source: Source


def load_blocks(paths: list[Path]) -> dict[str, Block]:
    """The blocks in ``paths`` (the catalog's) by name (the file name without ``.md``)."""
    blocks: dict[str, Block] = {}
    problems: list[Problem] = []
    for path in paths:
        source = read_source(path)
        fields, found = validate(BlockFields, source.meta, source.lines.problem)
        problems += found
        if fields is not None:
            blocks[path.stem] = Block(path.stem, fields, source)
    if any(p.is_error for p in problems):
        raise ContentError(problems)
    return blocks
