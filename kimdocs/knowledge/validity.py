"""Whether the facts and blocks a document uses still hold on the document's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from kimdocs.base import dates
from kimdocs.base.dates import german_date
from kimdocs.base.errors import Problem, Severity
from kimdocs.catalog import FACTS_NAME
from kimdocs.knowledge import store
from kimdocs.knowledge.expand import Use
from kimdocs.knowledge.facts import Fact

HISTORICAL_OPTION = "--historisch"


def outside_validity(fact: Fact, on: dt.date) -> str | None:
    """``"gilt erst ab …"`` / ``"gilt nur bis …"``, or None if the fact holds on ``on``."""
    if on < fact.valid_from:
        return f"gilt erst ab {german_date(fact.valid_from)}"
    if fact.valid_until is not None and on > fact.valid_until:
        return f"gilt nur bis {german_date(fact.valid_until)}"
    return None


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
                        f"({fact.source}); das Dokument hat das Datum {german_date(on)}. "
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
        else:
            review = knowledge.blocks[use.name].fields.review_by
            what = f"Der Baustein „{use.name}“"
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
