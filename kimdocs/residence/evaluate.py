"""Evaluate a client's timeline against the rules that hold on a reference date.

Deterministic: the same timeline, rules and date give the same result. Per route the
conditions combine so: one condition not met makes the route not met; else one unknown
makes it unknown; else a condition or a legal consequence of discretion leaves it to the
office; else it is met. A route that is not met *opens* on the latest opening date of its
unmet conditions, if each has one and it comes before the route *closes* (the earliest
closing date of a condition, or the end of the route's law without successor).
"""

from __future__ import annotations

import datetime as dt

from kimdocs.base.dates import german_date
from kimdocs.residence.checks import CHECKS
from kimdocs.residence.outcome import (
    ConditionResult,
    Evaluation,
    Finding,
    Kind,
    Outcome,
    RouteResult,
    closes_text,
    opens_text,
)
from kimdocs.residence.rule_files import Condition, RouteRule, RuleSet
from kimdocs.residence.timeline import Timeline

ONE_DAY = dt.timedelta(days=1)


def _condition(
    rule: RouteRule, condition: Condition, timeline: Timeline, on: dt.date
) -> ConditionResult:
    check = CHECKS[condition.check]
    params = check.params.model_validate(condition.values)
    finding: Finding = check.run(timeline, on, params)
    source = condition.source or rule.source
    opens = finding.opens if finding.outcome is Outcome.NOT_MET else None
    return ConditionResult(
        id=condition.id,
        text=condition.text,
        kind=condition.binding,
        outcome=finding.outcome,
        fact=finding.fact,
        counting=condition.counting,
        source=source.text,
        url=source.url,
        opens=opens,
        closes=finding.closes,
        opens_text=opens_text(opens),
        closes_text=closes_text(finding.closes),
        missing=finding.missing,
        unproven=finding.unproven,
    )


def _combined(rule: RouteRule, conditions: list[ConditionResult]) -> Outcome:
    outcomes = {c.outcome for c in conditions}
    if Outcome.NOT_MET in outcomes:
        return Outcome.NOT_MET
    if Outcome.UNKNOWN in outcomes:
        return Outcome.UNKNOWN
    # An assessment left to the office (a prognosis) is shown on its condition; the route
    # itself is left to the office only where the law's consequence is discretion ("kann").
    if rule.consequence == "Ermessen":
        return Outcome.DISCRETION
    return Outcome.MET


def evaluate_route(
    rules: RuleSet, rule: RouteRule, timeline: Timeline, on: dt.date, depth: int = 0
) -> RouteResult:
    conditions = [_condition(rule, c, timeline, on) for c in rule.conditions]
    outcome = _combined(rule, conditions)
    closing = [c.closes for c in conditions if c.closes is not None]
    successor = rules.next_version(rule)
    if rule.valid_until is not None and successor is None:
        closing.append(rule.valid_until + ONE_DAY)  # the route ends with its law
    closes = min(closing, default=None)
    opens: dt.date | None = None
    if outcome is Outcome.NOT_MET:
        unmet = [c for c in conditions if c.outcome is Outcome.NOT_MET]
        if all(c.opens is not None for c in unmet):
            opens = max(c.opens for c in unmet if c.opens is not None)
            opens = _later_law(rules, rule, successor, timeline, opens, depth)
        if opens is not None and closes is not None and opens >= closes:
            opens = None  # it would open only after it has closed
    missing = tuple(dict.fromkeys(m for c in conditions for m in c.missing))
    unproven = tuple(dict.fromkeys(u for c in conditions for u in c.unproven))
    return RouteResult(
        route=rule.route,
        title=rule.title,
        version=rule.version,
        consequence=rule.consequence,
        outcome=outcome,
        opens=opens,
        closes=closes,
        opens_text=opens_text(opens),
        closes_text=closes_text(closes) if outcome is not Outcome.NOT_MET or opens else "",
        conditions=tuple(conditions),
        missing=missing,
        unproven=unproven,
        source=rule.source.text,
        url=rule.source.url,
        note=rule.note,
        easy_title=rule.easy.title if rule.easy is not None else rule.title,
        easy_law=rule.easy.law if rule.easy is not None else "",
    )


def _later_law(
    rules: RuleSet,
    rule: RouteRule,
    successor: RouteRule | None,
    timeline: Timeline,
    opens: dt.date,
    depth: int,
) -> dt.date | None:
    """An opening after this version's end is decided by the version then in force."""
    if rule.valid_until is None or opens <= rule.valid_until:
        return opens
    if successor is None or depth > 4:
        return None
    day = max(opens, successor.valid_from)
    later = evaluate_route(rules, successor, timeline, day, depth + 1)
    if later.outcome in (Outcome.MET, Outcome.DISCRETION):
        return day
    return later.opens


def evaluate(timeline: Timeline, rules: RuleSet, on: dt.date) -> Evaluation:
    """Every route in force on ``on``, evaluated for ``timeline``."""
    routes = tuple(evaluate_route(rules, rule, timeline, on) for rule in rules.on(on))
    return Evaluation(
        case_id=timeline.case_id,
        on=on,
        on_text=german_date(on),
        rules_version=rules.version,
        routes=routes,
    )


__all__ = ["Kind", "evaluate", "evaluate_route"]
