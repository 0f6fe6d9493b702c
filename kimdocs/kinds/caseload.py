"""The residence routes of the whole caseload: every client green, yellow or red on a day.

Each case counts once, with the latest document that records its residence timeline
(``Kind.records_residence``, the worksheet ``perspektive``), evaluated on the given day
against the rules of the project (:mod:`kimdocs.residence`). The triage command, its page
in the preview, ``check`` (which names the clients whose result changed) and the committee
report all ask here, so that a client is one row with one colour everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kimdocs.base.dates import german_date
from kimdocs.base.errors import ContentError
from kimdocs.catalog import active
from kimdocs.kinds.kind import Document, ResidenceCase
from kimdocs.project import Project
from kimdocs.residence.evaluate import evaluate
from kimdocs.residence.outcome import Outcome
from kimdocs.residence.rule_files import RuleSet, load_rules, rule_files
from kimdocs.residence.triage import triage_one

ONE_DAY = dt.timedelta(days=1)
_RULES = "caseload.rules"
_RULE_FILES = "caseload.rule_files"


def rule_set(project: Project) -> RuleSet:
    """The rules of the project (shipped and its own ``wege/``), read once per walk."""
    catalog = active(project)
    if catalog is None:
        return load_rules(project.root)
    found: RuleSet | ContentError | None = catalog.derived.get(_RULES)
    if found is None:
        try:
            found = load_rules(files=rule_paths(project))
        except ContentError as exc:
            found = exc
        catalog.derived[_RULES] = found
    if isinstance(found, ContentError):
        raise ContentError(found.problems)
    return found


def rule_paths(project: Project) -> list[Path]:
    """The rule files (shipped and the project's), listed once per walk: every worksheet's
    fingerprint holds them, and listing the folders per document would scan them n times."""
    catalog = active(project)
    if catalog is None:
        return rule_files(project.root)
    found: list[Path] | None = catalog.derived.get(_RULE_FILES)
    if found is None:
        found = rule_files(project.root)
        catalog.derived[_RULE_FILES] = found
    return list(found)


@dataclass(frozen=True)
class RouteState:
    """One route of a client on the day: what ``check`` compares from one run to the next."""

    route: str
    citation: str
    outcome: str
    opens: dt.date | None
    last_day: dt.date | None  # the last day to apply, for a route open now or later


@dataclass(frozen=True)
class ClientRow:
    """One client of the caseload on a day."""

    case_id: str
    district: str  # the district's id
    source: Path
    worksheet_date: dt.date
    on: dt.date
    colour: str  # grün / gelb / rot
    routes: tuple[str, ...]  # the citations of the routes that make the colour
    reason: str
    next_change: dt.date | None
    next_colour: str
    next_change_text: str  # "ab 01.03.2027 gelb"
    states: tuple[RouteState, ...]

    @property
    def apply_by(self) -> tuple[tuple[str, dt.date], ...]:
        """(citation, last day to apply) of the routes open now or later, soonest first."""
        found = [(s.citation, s.last_day) for s in self.states if s.last_day is not None]
        return tuple(sorted(((c, d) for c, d in found if d is not None), key=lambda f: f[1]))

    @property
    def apply_by_text(self) -> str:
        return "; ".join(f"{c} bis {german_date(d)}" for c, d in self.apply_by)


def latest_cases(cases: Iterable[ResidenceCase]) -> list[ResidenceCase]:
    """Each case once: its latest document (by date, then file name), in case-id order."""
    latest: dict[str, ResidenceCase] = {}
    for case in cases:
        key = case.case_id.casefold()
        known = latest.get(key)
        if known is None or (case.date, str(case.source)) > (known.date, str(known.source)):
            latest[key] = case
    return sorted(latest.values(), key=lambda c: c.case_id.casefold())


def residence_cases(docs: Iterable[Document[Any]], project: Project) -> list[ResidenceCase]:
    """The residence timelines the documents record, the latest of each case."""
    found = []
    for doc in docs:
        case = doc.kind.residence_case(doc, project) if doc.kind.records_residence else None
        if case is not None:
            found.append(case)
    return latest_cases(found)


def client_row(case: ResidenceCase, rules: RuleSet, on: dt.date) -> ClientRow:
    evaluation = evaluate(case.timeline, rules, on)
    triaged = triage_one(case.timeline, rules, on)
    citations = {r.route: r.citation for r in evaluation.routes}
    states = []
    for route in evaluation.routes:
        reachable = route.outcome in (Outcome.MET, Outcome.DISCRETION) or (
            route.outcome is Outcome.NOT_MET and route.opens is not None
        )
        last = route.closes - ONE_DAY if route.closes is not None and reachable else None
        states.append(
            RouteState(route.route, route.citation, route.outcome.value, route.opens, last)
        )
    return ClientRow(
        case_id=case.case_id,
        district=case.district,
        source=case.source,
        worksheet_date=case.date,
        on=on,
        colour=triaged.colour.value,
        routes=tuple(citations.get(r, r) for r in triaged.routes),
        reason=triaged.reason,
        next_change=triaged.next_change,
        next_colour=triaged.next_colour.value if triaged.next_colour is not None else "",
        next_change_text=triaged.next_change_text,
        states=tuple(states),
    )


def client_rows(cases: Iterable[ResidenceCase], rules: RuleSet, on: dt.date) -> list[ClientRow]:
    return [client_row(case, rules, on) for case in cases]
