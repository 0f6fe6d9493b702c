"""The versions of a case's agreement as its history, for the re-assessment.

A re-assessment writes a new version of the agreement. Per goal, it shows the degree of
achievement recorded at each earlier review, and what changed since the previous version:
goals added, dropped or reworded, deadlines moved, indicators or priorities changed.

Goals are matched across versions by their wording (ignoring case and spaces); a goal whose
wording changed is matched to a dropped one of the same life area, in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kimdocs.base.dates import german_date
from kimdocs.base.errors import KimdocsError
from kimdocs.catalog import Catalog, current_catalog
from kimdocs.project import Project

# The agreement's models (kimdocs.kinds.agreement imports this module, so they are passed
# in, not imported): ``AgreementFields`` and its ``Goal``.
AgreementFields = Any
Goal = Any


@dataclass(frozen=True)
class GoalHistory:
    goal: str
    life_area: str
    achievements: tuple[int | None, ...]  # one per version of ``History.versions``


@dataclass(frozen=True)
class History:
    versions: tuple[tuple[int, str], ...]  # (version, German date), oldest first
    goals: tuple[GoalHistory, ...]
    changes: tuple[str, ...]  # since the previous version, in German


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def case_history(
    fields: AgreementFields, source: Path, project: Project, model: type[Any]
) -> History | None:
    """The history of this version's case, or None if it is the case's only/first version."""
    index = _agreements(current_catalog(project), model)
    earlier = [
        other
        for path, other in index.get(_key(fields.case_id), [])
        if path != source.resolve() and other.version < fields.version
    ]
    if not earlier:
        return None
    versions = [*sorted(earlier, key=lambda f: f.version), fields]
    rows: list[GoalHistory] = []
    for goal in fields.goals:
        trail = [_match(goal, v.goals) for v in versions]
        rows.append(
            GoalHistory(
                goal.goal,
                goal.life_area,
                tuple(m.achievement if m is not None else None for m in trail),
            )
        )
    return History(
        versions=tuple((v.version, german_date(v.date)) for v in versions),
        goals=tuple(rows),
        changes=tuple(changes(versions[-2], fields)),
    )


def _match(goal: Goal, goals: list[Goal]) -> Goal | None:
    return next((g for g in goals if _key(g.goal) == _key(goal.goal)), None)


def changes(old: AgreementFields, new: AgreementFields) -> list[str]:
    """What changed from ``old`` to ``new``, one German sentence each."""
    found: list[str] = []
    before = {_key(g.goal): g for g in old.goals}
    after = {_key(g.goal): g for g in new.goals}
    dropped = [g for k, g in before.items() if k not in after]
    added = [g for k, g in after.items() if k not in before]
    pairs = [(before[k], after[k]) for k in after if k in before]
    for goal in list(added):  # reworded: a dropped goal of the same life area
        twin = next((d for d in dropped if d.life_area == goal.life_area), None)
        if twin is not None:
            dropped.remove(twin)
            added.remove(goal)
            found.append(f"Ziel umformuliert: „{twin.goal}“ heißt jetzt „{goal.goal}“.")
            pairs.append((twin, goal))
    found += [f"Neues Ziel: „{g.goal}“ ({g.life_area})." for g in added]
    found += [f"Entfallen: „{g.goal}“ ({g.life_area})." for g in dropped]
    for was, now in pairs:
        if was.deadline != now.deadline:
            found.append(
                f"Frist verschoben: „{now.goal}“ von {german_date(was.deadline)} auf "
                f"{german_date(now.deadline)}."
            )
        if _key(was.indicator) != _key(now.indicator):
            found.append(f"Neuer Indikator für „{now.goal}“: {now.indicator}")
        if was.priority != now.priority:
            found.append(f"Priorität von „{now.goal}“: {was.priority} → {now.priority}.")
    return found


_INDEX = "history.agreements"


def _agreements(catalog: Catalog, model: type[Any]) -> dict[str, list[tuple[Path, Any]]]:
    # Once per walk of content/: every version of every case, by case id.
    index: dict[str, list[tuple[Path, Any]]] | None = catalog.derived.get(_INDEX)
    if index is not None:
        return index
    index = {}
    for entry in catalog.of_kind("agreement"):
        try:
            fields = model.model_validate(catalog.read(entry.path).meta)
        except (KimdocsError, ValidationError):
            continue  # a broken version is reported by its own check
        index.setdefault(_key(fields.case_id), []).append((entry.path, fields))
    catalog.derived[_INDEX] = index
    return index
