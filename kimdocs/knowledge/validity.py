"""Whether the facts and blocks a document uses still hold on the document's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from kimdocs.base import dates
from kimdocs.base.dates import german_date
from kimdocs.base.errors import Problem, Severity
from kimdocs.catalog import FACTS_NAME
from kimdocs.knowledge import store
from kimdocs.knowledge.block_review import block_review_problems
from kimdocs.knowledge.expand import Use
from kimdocs.knowledge.facts import NO_SUCCESSOR, Fact
from kimdocs.knowledge.laws import LAWS_NAME
from kimdocs.knowledge.lifecycle import successors

HISTORICAL_OPTION = "--historisch"


def outside_validity(fact: Fact, on: dt.date) -> str | None:
    """``"gilt erst ab …"`` / ``"gilt nur bis …"``, or None if the fact holds on ``on``."""
    if on < fact.valid_from:
        return f"gilt erst ab {german_date(fact.valid_from)}"
    if fact.valid_until is not None and on > fact.valid_until:
        return f"gilt nur bis {german_date(fact.valid_until)}"
    return None


def successor_hint(name: str, knowledge: store.Knowledge, on: dt.date) -> str:
    """What holds instead of an ended fact on ``on``: its successor, by name."""
    fact = knowledge.facts[name]
    if fact.valid_until is None or on <= fact.valid_until:
        return ""
    if fact.successor == NO_SUCCESSOR:
        return " Die Regel endete ohne Nachfolger."
    after = [
        s
        for s in successors(name, knowledge.facts)
        if outside_validity(knowledge.facts[s], on) is None
    ]
    if not after:
        return ""
    return f" Danach gilt „{after[0]}“ (ab {german_date(knowledge.facts[after[0]].valid_from)})."


def stale_reasons(fact: Fact, knowledge: store.Knowledge) -> list[str]:
    """Why a fact should be looked at again: its source was last read too long ago, or a
    newer version of its law is recorded in gesetze.yaml."""
    reasons: list[str] = []
    months = knowledge.recheck_months
    limit = dates.add_months(dates.today(), -months)
    if fact.checked_on is None:
        reasons.append(
            "sagt nicht, wann seine Quelle nachgesehen wurde: Bitte nachsehen und "
            "„geprüft_am“ eintragen."
        )
    elif fact.checked_on < limit:
        reasons.append(
            f"wurde zuletzt am {german_date(fact.checked_on)} an seiner Quelle nachgesehen, "
            f"vor mehr als {months} Monaten (kimdocs.toml: [fakten] nachsehen_nach_monaten). "
            "Stimmt er noch? Bitte nachsehen und „geprüft_am“ anpassen."
        )
    law = knowledge.laws.get(fact.law)
    if law is not None and fact.version is not None:
        newer = law.newer(fact.version)
        if newer:
            latest = newer[-1]
            reasons.append(
                f"stützt sich auf {fact.law} in der Fassung ab {german_date(fact.version)}; "
                f"in {LAWS_NAME} ist eine neuere erfasst (ab {german_date(latest.valid_from)}: "
                f"{latest.by}). Bitte den Fakt daran prüfen und „fassung“ anpassen."
            )
    return reasons


def use_problems(
    uses: Iterable[Use], knowledge: store.Knowledge, on: dt.date, historical: bool
) -> list[Problem]:
    """Facts outside their validity on ``on`` (errors unless historical); reviews due."""
    problems: list[Problem] = []
    seen: set[tuple[str, str, int]] = set()
    for use in uses:
        if (use.kind, use.name, use.line) in seen:
            continue
        seen.add((use.kind, use.name, use.line))
        if use.kind == "fakt":
            fact = knowledge.facts[use.name]
            span = outside_validity(fact, on)
            if span is not None:
                problems.append(
                    Problem(
                        f"Der Fakt „{use.name}“{use.where()} {span} "
                        f"({fact.source}); das Dokument hat das Datum {german_date(on)}."
                        f"{successor_hint(use.name, knowledge, on)} "
                        + (
                            "Es wird als historische Fassung gebaut."
                            if historical
                            else "Bitte den Text anpassen, oder eine historische Fassung "
                            f"mit „kimdocs build {HISTORICAL_OPTION}“ bauen."
                        ),
                        file=use.file,
                        line=use.line,
                        field="Text",
                        severity=Severity.WARNING if historical else Severity.ERROR,
                    )
                )
            review = fact.review_by
            what = f"Der Fakt „{use.name}“ ({FACTS_NAME}, Zeile {knowledge.fact_lines[use.name]})"
            problems += [
                Problem(
                    f"{what}{use.where()} {why}",
                    file=use.file,
                    line=use.line,
                    field="Text",
                    severity=Severity.WARNING,
                )
                for why in stale_reasons(fact, knowledge)
            ]
        else:
            block = knowledge.blocks[use.name]
            review = block.fields.review_by
            what = f"Der Baustein „{use.name}“"
            problems += block_review_problems(use, block, knowledge)
        if review is not None and review < dates.today():
            problems.append(
                Problem(
                    f"{what}{use.where()} sollte bis {german_date(review)} geprüft werden: "
                    "Stimmt er noch?",
                    file=use.file,
                    line=use.line,
                    field="Text",
                    severity=Severity.WARNING,
                )
            )
    return problems
