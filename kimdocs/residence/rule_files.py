"""Rule files: one per route and version of the law, shipped and overridable per project.

A rule file (``wege/25b_2022-12-31.yaml``) names its route (``weg``), its validity
(``gültig_ab``, ``gültig_bis``), its successor (``nachfolger``), the legal consequence
and the citation of the law, and lists its conditions: each with its text, how binding it
is (``art``: strikt, Regel, Ermessen), the check that answers it (``prüfung`` with
``werte``) and, where it counts time, its counting rule (``zählregel``) with its source.

A change of the law is a new file with its own ``gültig_ab``; the old file keeps its
``gültig_bis``. The package ships the files in ``kimdocs/residence/wege/``; a project
may put files of the same name in its own ``wege/`` folder beside ``fakten.yaml``: a file
with the same route and ``gültig_ab`` replaces the shipped one, any other is added.
Shipped defaults keep every project current when the law changes with a kimdocs update;
the project folder lets an office correct or add a rule at once, visibly, in its own
files (the same place it keeps ``fakten.yaml``), without waiting for a release.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator

from kimdocs.base.dates import german_date
from kimdocs.base.errors import ContentError, Problem
from kimdocs.base.inputs import read_text
from kimdocs.base.wording import did_you_mean
from kimdocs.base.yaml_lines import parse
from kimdocs.residence.checks import CHECKS
from kimdocs.residence.outcome import Kind
from kimdocs.schema import Date, Model, NonEmpty, Text, validate

RULES_FOLDER = "wege"  # in a project: beside fakten.yaml
SHIPPED = Path(__file__).parent / RULES_FOLDER
_KINDS = {"strikt": Kind.STRICT, "regel": Kind.RULE, "ermessen": Kind.DISCRETION}


class Source(Model):
    text: NonEmpty = Field(alias="text")
    url: Text = Field("", alias="url")
    checked_on: Date | None = Field(None, alias="geprüft_am")


class Condition(Model):
    id: NonEmpty = Field(alias="id")
    text: NonEmpty = Field(alias="text")
    kind: Literal["strikt", "regel", "ermessen"] = Field(alias="art")
    check: NonEmpty = Field(alias="prüfung")
    values: dict[str, Any] = Field({}, alias="werte")
    counting: Text = Field("", alias="zählregel")
    source: Source | None = Field(None, alias="quelle")

    @field_validator("check")
    @classmethod
    def _known_check(cls, value: str) -> str:
        if value not in CHECKS:
            raise ValueError(
                f"Unbekannte Prüfung „{value}“.{did_you_mean(value, CHECKS)} Erlaubt: "
                + ", ".join(CHECKS)
                + "."
            )
        return value

    @property
    def binding(self) -> Kind:
        return _KINDS[self.kind]


class EasyWords(Model):
    """The route in Leichte Sprache, for the client's copy of the worksheet."""

    title: NonEmpty = Field(alias="titel")  # "Aufenthalts·erlaubnis für junge Menschen"
    law: NonEmpty = Field(alias="gesetz")  # "Paragraf 25a im Aufenthalts·gesetz"


class RouteRule(Model):
    route: NonEmpty = Field(alias="weg")
    title: NonEmpty = Field(alias="titel")
    valid_from: Date = Field(alias="gültig_ab")
    valid_until: Date | None = Field(None, alias="gültig_bis")
    successor: Text = Field("", alias="nachfolger")  # a route id, e.g. ``25b``
    consequence: Literal["Anspruch", "Soll", "Ermessen"] = Field(alias="rechtsfolge")
    easy: EasyWords | None = Field(None, alias="leicht")
    source: Source = Field(alias="quelle")
    note: Text = Field("", alias="hinweis")
    conditions: list[Condition] = Field(alias="bedingungen", min_length=1)

    @property
    def version(self) -> str:
        return f"{self.route}@{self.valid_from.isoformat()}"

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


@dataclass(frozen=True)
class RuleSet:
    """Every version of every route, and a short name for the set that templates print."""

    rules: tuple[RouteRule, ...]
    version: str  # "Regeln geprüft bis 02.12.2026, Fassung 3f2a9c1d"
    files: tuple[Path, ...]

    def routes(self) -> list[str]:
        return list(dict.fromkeys(r.route for r in self.rules))

    def on(self, day: dt.date) -> list[RouteRule]:
        """The version of each route that holds on ``day`` (routes not in force left out)."""
        return [r for r in self.rules if r.valid_on(day)]

    def version_of(self, route: str, day: dt.date) -> RouteRule | None:
        return next((r for r in self.rules if r.route == route and r.valid_on(day)), None)

    def next_version(self, rule: RouteRule) -> RouteRule | None:
        """The version that follows ``rule``: its successor route, or the same route's next."""
        if rule.valid_until is None:
            return None
        after = rule.valid_until + dt.timedelta(days=1)
        return self.version_of(rule.successor or rule.route, after)


def _load_file(path: Path) -> tuple[RouteRule | None, list[Problem]]:
    data, lines = parse(read_text(path), path)
    if not isinstance(data, dict):
        return None, [Problem("Eine Regeldatei besteht aus Feldern „name: wert“.", path, 1)]
    rule, problems = validate(RouteRule, data, lines.problem)
    conditions = data.get("bedingungen")
    # The values of each condition are checked against its check even if other fields of
    # the file are wrong, so that one run names every problem.
    for index, raw_condition in enumerate(conditions if isinstance(conditions, list) else []):
        if not isinstance(raw_condition, dict) or raw_condition.get("prüfung") not in CHECKS:
            continue
        model = CHECKS[str(raw_condition["prüfung"])].params
        raw = raw_condition.get("werte", {})
        where = ("bedingungen", index, "werte")
        problems += validate(model, raw, lines.problem, prefix=where)[1]
        for number, option in enumerate(raw.get("eine_von", []) if isinstance(raw, dict) else []):
            if isinstance(option, dict) and option.get("prüfung") in CHECKS:
                inner = CHECKS[str(option["prüfung"])].params
                place = (*where, "eine_von", number, "werte")
                problems += validate(inner, option.get("werte", {}), lines.problem, place)[1]
    if rule is None:
        return None, problems
    ids = [c.id for c in rule.conditions]
    for index, name in enumerate(ids):
        if name in ids[:index]:
            problems.append(
                lines.problem(("bedingungen", index, "id"), f"Die id „{name}“ steht zweimal.")
            )
    if rule.valid_until is not None and rule.valid_until < rule.valid_from:
        problems.append(lines.problem(("gültig_bis",), "„gültig_bis“ liegt vor „gültig_ab“."))
    return rule, problems


def rule_files(project_root: Path | None) -> list[Path]:
    """The shipped files, then the project's ``wege/*.yaml`` (which win on equal versions)."""
    files = sorted(SHIPPED.glob("*.yaml"))
    if project_root is not None and (project_root / RULES_FOLDER).is_dir():
        files += sorted((project_root / RULES_FOLDER).glob("*.yaml"))
    return files


def load_rules(project_root: Path | None = None, files: Iterable[Path] | None = None) -> RuleSet:
    """All rule files, checked together; :class:`ContentError` with every problem found."""
    paths = list(files) if files is not None else rule_files(project_root)
    by_version: dict[str, RouteRule] = {}
    problems: list[Problem] = []
    digest = hashlib.sha256()
    for path in paths:
        rule, found = _load_file(path)
        problems += found
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
        if rule is not None:
            by_version[rule.version] = rule  # later files (the project's) replace earlier
    rules = tuple(sorted(by_version.values(), key=lambda r: (r.route, r.valid_from)))
    problems += _overlaps(rules, paths)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise ContentError(errors)
    checked = [c for r in rules for c in _checked_dates(r)]
    stand = german_date(max(checked)) if checked else "ungeprüft"
    version = f"Regeln geprüft bis {stand}, Fassung {digest.hexdigest()[:8]}"
    return RuleSet(rules, version, tuple(paths))


def _checked_dates(rule: RouteRule) -> list[dt.date]:
    sources = [rule.source, *(c.source for c in rule.conditions if c.source is not None)]
    return [s.checked_on for s in sources if s.checked_on is not None]


def _overlaps(rules: tuple[RouteRule, ...], paths: list[Path]) -> list[Problem]:
    """Two versions of one route that hold on the same day: the law has one version a day."""
    problems: list[Problem] = []
    for first, second in itertools.pairwise(rules):
        if first.route != second.route:
            continue
        if first.valid_until is None or first.valid_until >= second.valid_from:
            problems.append(
                Problem(
                    f"Zwei Fassungen des Wegs „{first.route}“ gelten zugleich: {first.version} "
                    f"und {second.version}. Bitte bei der älteren „gültig_bis“ setzen.",
                    file=paths[-1] if paths else None,
                )
            )
    known = {r.route for r in rules}
    for rule in rules:
        if rule.successor and rule.successor not in known:
            problems.append(
                Problem(f"Nachfolger „{rule.successor}“ von {rule.version} ist unbekannt.")
            )
    return problems
