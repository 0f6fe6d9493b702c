"""Legal facts (``fakten.yaml``): a value with its unit, legal source and validity."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import Field

from kimdocs.base.dates import german_date
from kimdocs.base.errors import ContentError, Problem
from kimdocs.base.inputs import read_text
from kimdocs.base.yaml_lines import FieldPath, parse
from kimdocs.schema import Date, Model, NonEmpty, Text, validate

# Where a problem in fakten.yaml is: its field path and message, a problem at that line.
Locate = Callable[[FieldPath, str], Problem]
# A check of all facts together (knowledge/lifecycle.py: successors and law versions).
FactsCheck = Callable[[dict[str, "Fact"], Locate], list[Problem]]

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"\d+")
# The grammatical cases a fact's unit may be written in (``formen``): ``einheit`` is the
# form for "16 Jahre alt", ``formen: {dativ: Jahren}`` the one for "ab 16 Jahren".
Case = Literal["nominativ", "akkusativ", "dativ", "genitiv"]
CASES: tuple[str, ...] = ("nominativ", "akkusativ", "dativ", "genitiv")
# ``nachfolger: keiner``: the rule ends and nothing takes its place.
NO_SUCCESSOR = "keiner"


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
    # The fact that applies after ``gültig_bis`` (or ``keiner``): a rule that ends says
    # what follows it, so that a document can be mended by following the chain.
    successor: Text = Field("", alias="nachfolger")
    # The law it rests on, as named in gesetze.yaml, and the version (its ``gültig_ab``
    # there) that was read: a newer recorded version makes ``check`` ask again.
    law: Text = Field("", alias="gesetz")
    version: Date | None = Field(None, alias="fassung")
    # The unit in other cases: ``{dativ: Jahren}``; used as ``[[fakt:name:dativ]]``.
    forms: dict[Case, NonEmpty] = Field({}, alias="formen")

    def render(self, easy: bool, form: str = "") -> str:
        """Its own wording if it has one (``text``, in Leichter Sprache ``leicht``), otherwise
        written from ``wert``: so that changing ``wert`` changes every document.

        ``form`` names a case of ``formen``: the value with the unit in that case."""
        if form:
            return self._written(easy, self.forms[form])  # type: ignore[index]
        if easy and self.easy:
            return self.easy
        return self.text or self._written(easy)

    def form_problem(self, form: str) -> str | None:
        """Why ``form`` cannot be written for this fact, or None."""
        if form not in CASES:
            return f"„{form}“ ist kein Fall. Erlaubt: {', '.join(CASES)}."
        if self.text or self.easy:
            return (
                "Der Fakt hat einen eigenen Wortlaut (text oder leicht): Formen gibt es nur "
                "für Fakten, die kimdocs aus wert und einheit schreibt."
            )
        if form not in self.forms:
            known = ", ".join(self.forms) or "keine"
            return f"Der Fakt hat keine Form „{form}“ (formen). Vorhanden: {known}."
        return None

    def neutral(self) -> str:
        """The fact in a form every language can show: numbers, dates as 30.10.2025, euros as €.

        Its own wording (``text``) when that has no words (``255 €``, ``30.10.2025``);
        otherwise its value, and a translation says the unit in its language.
        """
        if self.text and not re.search(r"[^\W\d_]{2,}", self.text):
            return self.text
        if self.day() is not None or self.unit in ("Euro", "€"):
            return self._written(easy=False)
        return str(self.value)

    def day(self) -> dt.date | None:
        """The value as a date, if it is one (``wert: "2027-06-30"``)."""
        if isinstance(self.value, str) and _ISO_DAY.match(self.value):
            return dt.date.fromisoformat(self.value)
        return None

    def _written(self, easy: bool, unit: str | None = None) -> str:
        """``30.10.2025`` / ``30. Oktober 2025``, ``255 €`` / ``255 Euro``, else value and unit."""
        day = self.day()
        if day is not None:
            return german_date(day, "long" if easy else "short")
        if self.unit in ("Euro", "€"):
            return f"{self.value} {'Euro' if easy else '€'}"
        return f"{self.value} {self.unit if unit is None else unit}".strip()

    def contradictions(self) -> list[tuple[str, str]]:
        """(field, its wording) where ``text`` or ``leicht`` states numbers that are not the
        value's: the wording was not changed with ``wert``."""
        day = self.day()
        wanted = {day.day, day.year} if day else _numbers(str(self.value))
        found = []
        for field, wording in (("text", self.text), ("leicht", self.easy)):
            numbers = _numbers(wording)
            if numbers and not wanted <= numbers:
                found.append((field, wording))
        return found

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


def _numbers(text: str) -> set[int]:
    return {int(n) for n in _NUMBER.findall(text)}


def load_facts(
    path: Path, check: FactsCheck | None = None
) -> tuple[dict[str, Fact], dict[str, int]]:
    """The facts by name and the line each one starts on.

    ``check`` looks at the facts together (the knowledge passes lifecycle.checks: what
    follows a fact that ends, and the law versions they name)."""
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
            problems += [
                lines.problem(
                    (str(name), field),
                    f"„{wording}“ nennt nicht den Wert {fact.value} aus „wert“. Bitte beide "
                    f"ändern – oder „{field}“ löschen: Dann schreibt kimdocs den Wert selbst.",
                )
                for field, wording in fact.contradictions()
            ]
    if check is not None:
        problems += check(facts, lines.problem)
    if any(p.is_error for p in problems):
        raise ContentError(problems)
    return facts, {name: lines.line_of((name,)) for name in facts}
