"""What every document kind provides, and the loaded document it works on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from kimdocs.content import Source
from kimdocs.errors import Problem
from kimdocs.markdown import Body
from kimdocs.project import Project
from kimdocs.schema import Model


@dataclass(frozen=True)
class Document:
    """A validated content file of one kind."""

    source: Source
    kind: Kind
    fields: Any
    body: Body
    output_stem: Path  # relative to output/, without suffix
    warnings: list[Problem] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.kind.title(self.fields)

    @property
    def date(self) -> dt.date:
        return self.kind.date(self.fields)


class Kind:
    """A document kind: its schema, its template name, its context and its checks."""

    id: ClassVar[str]
    label: ClassVar[str]
    aliases: ClassVar[tuple[str, ...]] = ()
    folders: ClassVar[tuple[str, ...]] = ()
    model: ClassVar[type[Model]]
    formats: ClassVar[tuple[str, ...]] = ("pdf", "docx", "html")

    @property
    def template(self) -> str:
        return self.id

    def title(self, fields: Any) -> str:
        raise NotImplementedError

    def date(self, fields: Any) -> dt.date:
        raise NotImplementedError

    def check(self, doc: Document, project: Project) -> list[Problem]:
        """Problems the schema cannot see: cross-field rules and project data."""
        return []

    def context(self, doc: Document, project: Project) -> dict[str, Any]:
        """Kind-specific template variables, added to the common ones."""
        return {}

    def __repr__(self) -> str:
        return f"<Kind {self.id}>"
