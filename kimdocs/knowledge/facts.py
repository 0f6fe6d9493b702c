"""Legal facts (``fakten.yaml``): a value with its unit, legal source and validity."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pydantic import Field

from kimdocs.dates import german_date
from kimdocs.errors import ContentError, Problem
from kimdocs.inputs import read_text
from kimdocs.schema import Date, Model, NonEmpty, Text, validate
from kimdocs.yaml_lines import parse

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Fact(Model):
    value: str | int | float = Field(alias="wert")
    unit: Text = Field("", alias="einheit")
    text: Text = Field("", alias="text")  # how documents state it, if not "value unit"
    easy: Text = Field("", alias="leicht")  # the Leichte-Sprache wording, if different
    source: NonEmpty = Field(alias="quelle")  # law, paragraph, date, gazette reference
    url: Text = Field("", alias="url")  # a public page with the source
    valid_from: Date = Field(alias="gültig_ab")
    valid_until: Date | None = Field(None, alias="gültig_bis")
    as_of: Date = Field(alias="stand")
    checked_on: Date | None = Field(None, alias="geprüft_am")  # when the source was looked up
    review_by: Date | None = Field(None, alias="prüfen_bis")
    note: Text = Field("", alias="hinweis")

    def render(self, easy: bool) -> str:
        plain = self.text or f"{self.value} {self.unit}".strip()
        return (self.easy or plain) if easy else plain

    def neutral(self) -> str:
        """The fact in a form every language can show: numbers, dates as 30.10.2025, euros as €.

        Its own wording (``text``) when that has no words (``255 €``, ``30.10.2025``);
        otherwise its value, and a translation says the unit in its language.
        """
        if self.text and not re.search(r"[^\W\d_]{2,}", self.text):
            return self.text
        value = self.value
        if isinstance(value, str) and _ISO_DAY.match(value):
            return german_date(dt.date.fromisoformat(value))
        if self.unit in ("Euro", "€"):
            return f"{value} €"
        return str(value)

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


def load_facts(path: Path) -> tuple[dict[str, Fact], dict[str, int]]:
    """The facts by name and the line each one starts on."""
    if not path.exists() and not path.is_symlink():
        return {}, {}  # no facts yet
    data, lines = parse(read_text(path), path)
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise ContentError(
            Problem(
                "Die Fakten müssen als „name: {wert: …, quelle: …}“ untereinander stehen.",
                file=path,
                line=1,
            )
        )
    facts: dict[str, Fact] = {}
    problems: list[Problem] = []
    for name, entry in data.items():
        fact, found = validate(Fact, entry, lines.problem, prefix=(str(name),))
        problems += found
        if fact is not None:
            facts[str(name)] = fact
    if any(p.is_error for p in problems):
        raise ContentError(problems)
    return facts, {name: lines.line_of((name,)) for name in facts}
