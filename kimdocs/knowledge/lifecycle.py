"""Facts that know their end: a rule with ``gültig_bis`` names what follows it, and a fact
that names its law names a version recorded in gesetze.yaml."""

from __future__ import annotations

import datetime as dt

from kimdocs.base.dates import german_date
from kimdocs.base.errors import Problem
from kimdocs.base.wording import did_you_mean
from kimdocs.knowledge.facts import NO_SUCCESSOR, Fact, FactsCheck, Locate
from kimdocs.knowledge.laws import LAWS_NAME, Law


def checks(laws: dict[str, Law] | None) -> FactsCheck:
    """The check ``load_facts`` runs over all facts: successors, and the law versions in
    ``laws`` (gesetze.yaml; None: not checked)."""
    return lambda facts, at: lifecycle_problems(facts, laws, at)


def lifecycle_problems(
    facts: dict[str, Fact], laws: dict[str, Law] | None, at: Locate
) -> list[Problem]:
    """Errors in how facts end and follow each other, and in the laws they name
    (not checked when ``laws`` is None: the facts are read on their own)."""
    problems: list[Problem] = []
    for name, fact in facts.items():
        problems += _successor_problems(name, fact, facts, at)
        if laws is not None:
            problems += _law_problems(name, fact, laws, at)
    problems += _cycles(facts, at)
    return problems


def _successor_problems(name: str, fact: Fact, facts: dict[str, Fact], at: Locate) -> list[Problem]:
    if fact.valid_until is not None and not fact.successor:
        return [
            at(
                (name, "gültig_bis"),
                f"Der Fakt endet am {german_date(fact.valid_until)}, aber „nachfolger“ fehlt: "
                "Welcher Fakt gilt danach? Bitte seinen Namen eintragen – oder "
                f"„nachfolger: {NO_SUCCESSOR}“, wenn die Regel ersatzlos endet.",
            )
        ]
    if not fact.successor:
        return []
    if fact.valid_until is None:
        return [
            at(
                (name, "nachfolger"),
                "Ein Nachfolger heißt: Dieser Fakt endet. Bitte „gültig_bis“ eintragen "
                "(der letzte Tag, an dem er gilt).",
            )
        ]
    if fact.successor == NO_SUCCESSOR:
        return []
    after = facts.get(fact.successor)
    if after is None:
        return [
            at(
                (name, "nachfolger"),
                f"Den Fakt „{fact.successor}“ gibt es nicht.{did_you_mean(fact.successor, facts)}",
            )
        ]
    next_day = fact.valid_until + dt.timedelta(days=1)
    if not after.valid_on(next_day):
        return [
            at(
                (name, "nachfolger"),
                f"Der Nachfolger „{fact.successor}“ gilt am Tag danach "
                f"({german_date(next_day)}) nicht (gültig ab {german_date(after.valid_from)}"
                + (f" bis {german_date(after.valid_until)}" if after.valid_until else "")
                + "). Ein Nachfolger gilt ab dem Tag nach dem Ende.",
            )
        ]
    return []


def _law_problems(name: str, fact: Fact, laws: dict[str, Law], at: Locate) -> list[Problem]:
    if not fact.law:
        if fact.version is not None:
            return [at((name, "gesetz"), "Zur „fassung“ fehlt das Gesetz („gesetz“).")]
        return []
    law = laws.get(fact.law)
    if law is None:
        known = ", ".join(sorted(laws)) or "keine"
        return [
            at(
                (name, "gesetz"),
                f"Das Gesetz „{fact.law}“ steht nicht in {LAWS_NAME}."
                f"{did_you_mean(fact.law, laws)} Bekannt: {known}.",
            )
        ]
    if fact.version is None:
        return [
            at(
                (name, "fassung"),
                f"Gegen welche Fassung von {fact.law} wurde der Fakt geprüft? Bitte „fassung“ "
                f"mit dem gültig_ab einer Fassung aus {LAWS_NAME} eintragen.",
            )
        ]
    if law.version(fact.version) is None:
        recorded = ", ".join(german_date(v.valid_from) for v in law.versions)
        return [
            at(
                (name, "fassung"),
                f"Für {fact.law} ist keine Fassung ab {german_date(fact.version)} erfasst "
                f"({LAWS_NAME}: {recorded}).",
            )
        ]
    return []


def _cycles(facts: dict[str, Fact], at: Locate) -> list[Problem]:
    """A chain of successors that comes back to itself never ends: an error on each start."""
    problems: list[Problem] = []
    for name in facts:
        chain, current = [name], facts[name].successor
        while current and current in facts and current not in chain:
            chain.append(current)
            current = facts[current].successor
        if current == name:
            shown = " → ".join(f"„{n}“" for n in (*chain, name))
            problems.append(at((name, "nachfolger"), f"Die Nachfolger laufen im Kreis: {shown}."))
    return problems


def successors(name: str, facts: dict[str, Fact]) -> list[str]:
    """The facts that follow ``name``, in order (without ``keiner``)."""
    found: list[str] = []
    current = facts[name].successor if name in facts else ""
    while current and current in facts and current not in found and current != name:
        found.append(current)
        current = facts[current].successor
    return found
