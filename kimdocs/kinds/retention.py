"""How long a case document is kept: ``aufbewahrung`` as a period from an event or a date.

Staff write it as they would say it – "3 Jahre nach Abschluss", "6 Monate nach der
Konferenz", "bis 31.12.2029" – optionally followed by a note after a full stop, comma or
semicolon ("…, danach löschen. Partner löschen ihre Kopie …"). The text stays what the
documents print; the parsed value says when the retention ends.

The events, decided here once:

- ``Abschluss``: the day the case was closed, ``abgeschlossen_am`` of the case's
  agreement; while a case is open, its documents are not due.
- ``Konferenz``: the day of the case conference (the minutes' ``datum``).
- ``Dokumentdatum``: the document's own ``datum``, for every kind.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from kimdocs.base.dates import add_months, german_date
from kimdocs.base.errors import KimdocsError, Problem
from kimdocs.base.tables import shorten
from kimdocs.kind_names import KindNames
from kimdocs.project import Project
from kimdocs.schema import Model, parse_date

Event = Literal["Abschluss", "Konferenz", "Dokumentdatum"]
CLOSED_FIELD = "abgeschlossen_am"

_EVENTS: dict[str, Event] = {
    "abschluss": "Abschluss",
    "konferenz": "Konferenz",
    "fallkonferenz": "Konferenz",
    "dokumentdatum": "Dokumentdatum",
    "datum": "Dokumentdatum",
}
_UNITS = {"jahr": "Jahre", "jahre": "Jahre", "monat": "Monate", "monate": "Monate"}
_NUMBERS = {"ein": 1, "einem": 1, "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5}
_NUMBERS |= {"sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "zwölf": 12}

_PERIOD = re.compile(
    r"^(?P<n>\d{1,3}|[a-zäöü]+)\s+(?P<unit>jahre?|monate?)\s+nach\s+(?:dem\s+|der\s+)?"
    r"(?P<event>[a-zäöü]+)(?:\s+des\s+falls)?(?P<rest>\s*(?:[.,;]|$).*)$",
    re.IGNORECASE | re.DOTALL,
)
_UNTIL = re.compile(
    r"^bis\s+(?:zum\s+)?(?P<date>\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})"
    r"(?P<rest>\s*(?:[.,;]|$).*)$",
    re.IGNORECASE | re.DOTALL,
)
_EXAMPLES = "„3 Jahre nach Abschluss“, „6 Monate nach der Konferenz“ oder „bis 31.12.2029“"


class RetentionRule(Model):
    text: str  # as written: what the documents print
    amount: int = 0
    unit: Literal["Jahre", "Monate", ""] = ""
    event: Event | None = None
    until: dt.date | None = None

    def __str__(self) -> str:
        return self.text

    def ends(self, events: dict[str, dt.date | None]) -> dt.date | None:
        """The last day of the retention, or None while its event has not happened."""
        if self.until is not None:
            return self.until
        start = events.get(self.event or "")
        if start is None:
            return None
        months = self.amount * (12 if self.unit == "Jahre" else 1)
        return add_months(start, months)

    def describe(self) -> str:
        """Short German form for lists: "3 Jahre nach Abschluss", "bis 31.12.2029"."""
        if self.until is not None:
            return f"bis {german_date(self.until)}"
        unit = self.unit if self.amount != 1 else self.unit[:-1]
        return f"{self.amount} {unit} nach {self.event}"


def parse_retention(value: Any) -> Any:
    """``aufbewahrung`` as written → :class:`RetentionRule`; a German error otherwise."""
    if isinstance(value, RetentionRule):
        return value
    if isinstance(value, dict | list):
        raise ValueError(f"Bitte die Frist als einen Text schreiben, z. B. {_EXAMPLES}.")
    text = " ".join(str(value).split()) if value is not None else ""
    if not text:
        raise ValueError(f"Bitte eine Aufbewahrungsfrist angeben, z. B. {_EXAMPLES}.")
    until = _UNTIL.match(text)
    if until:
        day = parse_date(until.group("date"))
        return RetentionRule(text=text, until=day)
    period = _PERIOD.match(text)
    if period is None:
        raise ValueError(
            f"„{shorten(text, 60)}“ ist keine Aufbewahrungsfrist, die kimdocs versteht. Bitte "
            f"so beginnen: {_EXAMPLES}; eine Erläuterung darf nach einem Punkt folgen."
        )
    raw = period.group("n").lower()
    amount = int(raw) if raw.isdigit() else _NUMBERS.get(raw)
    if not amount:
        raise ValueError(f"„{period.group('n')}“ ist keine Anzahl; bitte als Zahl schreiben: 3.")
    event = _EVENTS.get(period.group("event").lower())
    if event is None:
        raise ValueError(
            f"„{period.group('event')}“ ist kein Ereignis, nach dem eine Frist laufen kann. "
            "Bekannt sind: Abschluss (des Falls), Konferenz, Dokumentdatum."
        )
    unit = _UNITS[period.group("unit").lower()]
    return RetentionRule(text=text, amount=amount, unit=unit, event=event)


Retention = Annotated[RetentionRule, BeforeValidator(parse_retention), Field()]


def default_rule(project: Project, kind: KindNames) -> RetentionRule | None:
    """The period ``[aufbewahrung]`` in kimdocs.toml sets for a kind, or None; an error
    names the line of kimdocs.toml if kimdocs cannot read it."""
    text = project.config.retention.get(kind.name)
    if text is None:
        return None
    try:
        rule: RetentionRule = parse_retention(text)
    except ValueError as exc:
        raise KimdocsError(
            Problem(
                f"{exc} (Standard für „{kind.name}“ unter [aufbewahrung])",
                file=project.config_path,
                field=f"aufbewahrung.{kind.name}",
            )
        ) from None
    return rule


def rule_of(
    doc_retention: RetentionRule | None, project: Project, kind: KindNames
) -> RetentionRule | None:
    """A document's own ``aufbewahrung``, else its kind's default from kimdocs.toml."""
    return doc_retention if doc_retention is not None else default_rule(project, kind)
