"""Sort a caseload green / yellow / red, with the next day on which a client's colour changes.

grün: a route is met, or will be within three months (and before it closes);
gelb: no route is met, but one is within reach and facts are missing to decide it
(outcome unknown) or the office decides (discretion);
rot: no route now. The next change is found by evaluating again on every day where a
result can change (a route opens or closes, opens in three months, a law or a recorded
period ends or begins): the first of those days with another colour.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from kimdocs.base.dates import german_date, month_start
from kimdocs.residence.calendar import ONE_DAY, period_opens
from kimdocs.residence.evaluate import evaluate
from kimdocs.residence.outcome import Evaluation, Outcome
from kimdocs.residence.rule_files import RuleSet
from kimdocs.residence.timeline import Timeline

SOON_MONTHS = 3


class Colour(StrEnum):
    GREEN = "grün"
    YELLOW = "gelb"
    RED = "rot"


@dataclass(frozen=True)
class TriageRow:
    case_id: str
    colour: Colour
    routes: tuple[str, ...]  # the routes that make the colour, e.g. ("25b",)
    reason: str  # "§ 25b erfüllt ab 14.03.2027"
    next_change: dt.date | None
    next_colour: Colour | None
    next_change_text: str
    apply_by: tuple[tuple[str, dt.date], ...]  # (route, first day too late) of met routes


def colour_of(evaluation: Evaluation) -> tuple[Colour, tuple[str, ...], str]:
    on = evaluation.on
    soon = period_opens(on, SOON_MONTHS)
    green = [
        r
        for r in evaluation.routes
        if r.outcome is Outcome.MET
        or (r.outcome is Outcome.NOT_MET and r.opens is not None and r.opens < soon)
    ]
    if green:
        reason = "; ".join(
            f"{r.title}: {r.outcome.value if r.outcome is Outcome.MET else r.opens_text}"
            for r in green
        )
        return Colour.GREEN, tuple(r.route for r in green), reason
    yellow = [r for r in evaluation.routes if r.outcome in (Outcome.UNKNOWN, Outcome.DISCRETION)]
    if yellow:
        reason = "; ".join(f"{r.title}: {r.outcome.value}" for r in yellow)
        return Colour.YELLOW, tuple(r.route for r in yellow), reason
    return Colour.RED, (), "kein Weg erfüllt"


def _candidates(timeline: Timeline, rules: RuleSet, evaluation: Evaluation) -> list[dt.date]:
    on = evaluation.on
    days: set[dt.date] = set()
    for route in evaluation.routes:
        for day in (route.opens, route.closes):
            if day is not None:
                days.add(day)
        if route.opens is not None:
            days.add(_months_before(route.opens))
        for condition in route.conditions:
            for day in (condition.opens, condition.closes):
                if day is not None:
                    days.add(day)
    for rule in rules.rules:
        days.add(rule.valid_from)
        if rule.valid_until is not None:
            days.add(rule.valid_until + ONE_DAY)
    for stay in timeline.stays:
        days.add(stay.start)
        if stay.end is not None:
            days.add(stay.end + ONE_DAY)
    return sorted(d for d in days if d > on)


def _months_before(day: dt.date) -> dt.date:
    """The first day on which ``day`` is less than three months ahead."""
    start = month_start(day, -SOON_MONTHS)
    while period_opens(start, SOON_MONTHS) <= day:
        start += ONE_DAY
    return start


def triage_one(timeline: Timeline, rules: RuleSet, on: dt.date) -> TriageRow:
    evaluation = evaluate(timeline, rules, on)
    colour, routes, reason = colour_of(evaluation)
    next_change: dt.date | None = None
    next_colour: Colour | None = None
    for day in _candidates(timeline, rules, evaluation):
        later, _, _ = colour_of(evaluate(timeline, rules, day))
        if later is not colour:
            next_change, next_colour = day, later
            break
    apply_by = tuple(
        (r.route, r.closes)
        for r in evaluation.routes
        if r.closes is not None and r.outcome is not Outcome.NOT_MET
    )
    text = (
        f"ab {german_date(next_change)} {next_colour.value}" if next_change and next_colour else ""
    )
    return TriageRow(
        evaluation.case_id, colour, routes, reason, next_change, next_colour, text, apply_by
    )


def triage(timelines: Iterable[Timeline], rules: RuleSet, on: dt.date) -> tuple[TriageRow, ...]:
    """One row per client, in the order of the case ids."""
    rows: Sequence[TriageRow] = [triage_one(t, rules, on) for t in timelines]
    return tuple(sorted(rows, key=lambda r: r.case_id))
