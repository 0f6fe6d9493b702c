"""Wege zum Bleiberecht: the residence and naturalisation rules engine.

Pure functions over plain frozen data, depending only on kimdocs' lowest layer:

- :mod:`.timeline` – a client's facts as data (German keys of the future kind
  ``perspektive``), each ``nachgewiesen``, ``angegeben`` or ``unbekannt``;
- :mod:`.rules` – rule files, one per route and version of the law (``wege/*.yaml``):
  shipped in this package, and overridable per project in a folder ``wege/`` beside
  ``fakten.yaml`` (why: see :mod:`.rules`);
- :mod:`.checks` – the checks a rule file names, three-valued (unknown never counts as met);
- :mod:`.calendar` – periods and ages as §§ 187, 188 BGB count them;
- :mod:`.evaluate` – per route: erfüllt / nicht erfüllt / unbekannt / Ermessen der Behörde,
  each condition with its fact, rule text and source, and the dates it opens and closes;
- :mod:`.triage` – grün / gelb / rot over a caseload, with the next day of change.
"""

from kimdocs.residence.evaluate import evaluate, evaluate_route
from kimdocs.residence.outcome import (
    ConditionResult,
    Evaluation,
    Kind,
    Outcome,
    RouteResult,
)
from kimdocs.residence.rule_files import RULES_FOLDER, RouteRule, RuleSet, load_rules
from kimdocs.residence.timeline import Timeline, load_timeline
from kimdocs.residence.triage import Colour, TriageRow, triage, triage_one

__all__ = [
    "RULES_FOLDER",
    "Colour",
    "ConditionResult",
    "Evaluation",
    "Kind",
    "Outcome",
    "RouteResult",
    "RouteRule",
    "RuleSet",
    "Timeline",
    "TriageRow",
    "evaluate",
    "evaluate_route",
    "load_rules",
    "load_timeline",
    "triage",
    "triage_one",
]
