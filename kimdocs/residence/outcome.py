"""The plain results of an evaluation: what templates, the triage and reports print."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from kimdocs.base.dates import german_date

_CITED = re.compile(r"\(([^()]*)\)\s*$")


class Outcome(StrEnum):
    MET = "erfüllt"
    NOT_MET = "nicht erfüllt"
    UNKNOWN = "unbekannt"
    DISCRETION = "Ermessen der Behörde"


class Kind(StrEnum):
    """How binding a condition is, as the law words it."""

    STRICT = "strikt"
    RULE = "in der Regel"  # "in der Regel", "regelmäßig": exceptions in atypical cases
    DISCRETION = "Ermessen"


def opens_text(day: dt.date | None) -> str:
    return f"erfüllt ab {german_date(day)}" if day is not None else ""


def closes_text(day: dt.date | None) -> str:
    """``Antrag vor dem 13.07.2029``: ``day`` is the first day that is too late."""
    return f"Antrag vor dem {german_date(day)}" if day is not None else ""


@dataclass(frozen=True)
class Finding:
    """What one check found: the answer, the fact it used, and the dates it sets."""

    outcome: Outcome
    fact: str  # the fact used, in a sentence
    opens: dt.date | None = None  # met from (future: if the known facts go on)
    closes: dt.date | None = None  # the first day on which it is no longer met
    missing: tuple[str, ...] = ()  # what is needed to decide
    unproven: tuple[str, ...] = ()  # stated facts used without their document


@dataclass(frozen=True)
class ConditionResult:
    id: str
    text: str  # the rule's text
    kind: Kind
    outcome: Outcome
    fact: str
    counting: str  # the counting rule, if the condition counts time
    source: str
    url: str
    opens: dt.date | None
    closes: dt.date | None
    opens_text: str
    closes_text: str
    missing: tuple[str, ...]
    unproven: tuple[str, ...]


@dataclass(frozen=True)
class RouteResult:
    route: str  # the route's id, e.g. ``25b``
    title: str
    version: str  # the rule file, e.g. ``25b@2022-12-31``
    consequence: str  # Anspruch / Soll / Ermessen
    outcome: Outcome
    opens: dt.date | None
    closes: dt.date | None
    opens_text: str
    closes_text: str
    conditions: tuple[ConditionResult, ...]
    missing: tuple[str, ...]
    unproven: tuple[str, ...]
    source: str
    url: str
    note: str
    easy_title: str  # the route in Leichte Sprache (the title, if the rule file has none)
    easy_law: str  # "Paragraf 25a im Aufenthalts·gesetz" ("" if the rule file has none)

    @property
    def heading(self) -> str:
        """The title, its paragraph sign kept with the number that follows it."""
        return self.title.replace("§ ", "§\u00a0")

    @property
    def citation(self) -> str:
        return citation_of(self.title)


@dataclass(frozen=True)
class Evaluation:
    case_id: str
    on: dt.date
    on_text: str
    rules_version: str
    routes: tuple[RouteResult, ...]

    def route(self, route_id: str) -> RouteResult | None:
        return next((r for r in self.routes if r.route == route_id), None)


def citation_of(title: str) -> str:
    """The law a route's title cites: ``… (§ 25a AufenthG)`` → ``§ 25a AufenthG``."""
    match = _CITED.search(title)
    return match.group(1) if match else title
