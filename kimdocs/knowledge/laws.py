"""The laws facts rest on (``gesetze.yaml``): each with the versions an office has read.

A fact names its law and the version it was checked against (``gesetz``, ``fassung``).
When a newer version of that law is recorded here, ``check`` asks to look at the fact
again: a new law changes facts only if somebody reads it against them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import Field

from kimdocs.base.errors import ContentError, Problem
from kimdocs.base.inputs import read_text
from kimdocs.base.yaml_lines import parse
from kimdocs.schema import Date, Model, NonEmpty, Text, validate

LAWS_NAME = "gesetze.yaml"


class Version(Model):
    """One version of a law: from when it applies and which act made it."""

    valid_from: Date = Field(alias="gültig_ab")
    by: NonEmpty = Field(alias="durch")  # the amending act with its gazette reference
    url: Text = Field("", alias="url")
    note: Text = Field("", alias="hinweis")


class Law(Model):
    title: NonEmpty = Field(alias="titel")
    url: Text = Field("", alias="url")
    versions: list[Version] = Field(alias="fassungen", min_length=1)

    def version(self, on: dt.date) -> Version | None:
        """The recorded version that starts on ``on`` exactly."""
        return next((v for v in self.versions if v.valid_from == on), None)

    def newer(self, than: dt.date) -> list[Version]:
        """Recorded versions that start after ``than``, the earliest first."""
        return sorted((v for v in self.versions if v.valid_from > than), key=lambda v: v.valid_from)


def load_laws(path: Path) -> tuple[dict[str, Law], dict[str, int]]:
    """The laws by their short name (``StAG``) and the line each one starts on."""
    if not path.exists() and not path.is_symlink():
        return {}, {}
    data, lines = parse(read_text(path), path)
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise ContentError(
            Problem(
                "Die Gesetze müssen als „Kurzname: {titel: …, fassungen: […]}“ untereinander "
                "stehen.",
                file=path,
                line=1,
            )
        )
    laws: dict[str, Law] = {}
    problems: list[Problem] = []
    for name, entry in data.items():
        law, found = validate(Law, entry, lines.problem, prefix=(str(name),))
        problems += found
        if law is not None:
            laws[str(name)] = law
    if any(p.is_error for p in problems):
        raise ContentError(problems)
    return laws, {name: lines.line_of((name,)) for name in laws}
