"""``check`` names the clients whose residence result changed since the last check.

A result changes when a rule file changes (a law's end date, a new version), when a day
passes on which a route opens or closes (a 27th birthday, the end of a transition), or
when the case's facts change. ``check`` evaluates every client's latest worksheet on its
own day (``dates.today()``), compares with what the last check found, kept in ``output/``
beside the manifest, and warns on each worksheet whose colour or routes differ, saying
what changed and why. The kept results hold case ids and outcomes only, in ``output/``,
which ``kimdocs init`` keeps out of version control.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kimdocs import __version__
from kimdocs.base import dates
from kimdocs.base.dates import german_date
from kimdocs.base.errors import ContentError, KimdocsError, Problem, Severity
from kimdocs.base.files import write_atomic
from kimdocs.kinds import Document
from kimdocs.kinds.caseload import ClientRow, client_rows, residence_cases, rule_set
from kimdocs.project import Project

STATE_NAME = ".kimdocs-bleibeperspektive.json"


def state_path(project: Project) -> Path:
    return project.output_dir / STATE_NAME


def changed_results(
    docs: Iterable[Document[Any]], project: Project, whole: bool, on: dt.date | None = None
) -> dict[Path, list[Problem]]:
    """A warning per worksheet whose result changed since the last check, by file; the
    results of this check are kept for the next. ``whole``: every document was checked
    (cases no longer there are forgotten), else the others' kept results stay."""
    cases = residence_cases(docs, project)
    if not cases:
        return {}
    day = on or dates.today()
    try:
        rules = rule_set(project)
    except ContentError:
        return {}  # the worksheets' own check names the broken rule file
    rows = client_rows(cases, rules, day)
    before = _load(state_path(project))
    problems: dict[Path, list[Problem]] = {}
    old_cases: dict[str, Any] = before.get("fälle", {}) if before else {}
    for row in rows:
        old = old_cases.get(row.case_id.casefold())
        if not isinstance(old, dict):
            continue
        problem = _compared(row, old, before, rules.version, _digest(row.source))
        if problem is not None:
            problems.setdefault(row.source, []).append(problem)
    kept = {} if whole else dict(old_cases)
    kept |= {row.case_id.casefold(): _state(row, project) for row in rows}
    state = {
        "kimdocs": __version__,
        "stichtag": day.isoformat(),
        "regeln": rules.version,
        "fälle": dict(sorted(kept.items())),
    }
    # A read-only output/ keeps no results; the check itself still reports.
    with contextlib.suppress(KimdocsError):
        write_atomic(
            state_path(project),
            (json.dumps(state, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
            root=project.root,
        )
    return problems


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError:
        return ""


def _state(row: ClientRow, project: Project) -> dict[str, Any]:
    source = row.source.resolve()
    root = project.root.resolve()
    shown = source.relative_to(root).as_posix() if source.is_relative_to(root) else str(source)
    return {
        "quelle": shown,
        "arbeitsblatt": _digest(row.source),
        "ampel": row.colour,
        "wege": {
            s.route: {
                "weg": s.citation,
                "ergebnis": s.outcome,
                "ab": s.opens.isoformat() if s.opens else None,
                "antrag_bis": s.last_day.isoformat() if s.last_day else None,
            }
            for s in row.states
        },
    }


def _load(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # none yet, or damaged: this check starts afresh
    return data if isinstance(data, dict) else None


def _day(value: Any) -> str:
    try:
        return german_date(dt.date.fromisoformat(str(value)))
    except ValueError:
        return "?"


def _compared(
    row: ClientRow, old: dict[str, Any], before: Any, rules_version: str, digest: str
) -> Problem | None:
    changes = []
    if old.get("ampel") != row.colour:
        changes.append(f"Ampel {old.get('ampel')} → {row.colour}")
    old_routes = old.get("wege", {}) if isinstance(old.get("wege"), dict) else {}
    now = {s.route: s for s in row.states}
    for route, state in now.items():
        was = old_routes.get(route)
        if not isinstance(was, dict):
            changes.append(f"{state.citation}: neu in Kraft ({state.outcome})")
            continue
        if was.get("ergebnis") != state.outcome:
            changes.append(f"{state.citation}: {was.get('ergebnis')} → {state.outcome}")
        opens = state.opens.isoformat() if state.opens else None
        if was.get("ab") != opens:
            changes.append(
                f"{state.citation}: erfüllt ab {_shown(was.get('ab'))} → {_shown(opens)}"
            )
        last = state.last_day.isoformat() if state.last_day else None
        if was.get("antrag_bis") != last:
            changes.append(
                f"{state.citation}: Antrag bis {_shown(was.get('antrag_bis'))} → {_shown(last)}"
            )
    for route, was in old_routes.items():
        if route not in now and isinstance(was, dict):
            changes.append(f"{was.get('weg', route)}: nicht mehr in Kraft")
    if not changes:
        return None
    reasons = []
    if before.get("regeln") != rules_version:
        reasons.append(f"die Regeln haben sich geändert ({before.get('regeln')} → {rules_version})")
    if before.get("stichtag") != row.on.isoformat():
        reasons.append(
            f"der Stichtag ist vom {_day(before.get('stichtag'))} auf den "
            f"{german_date(row.on)} gerückt"
        )
    if old.get("arbeitsblatt") != digest:
        reasons.append("das Arbeitsblatt wurde geändert")
    why = " und ".join(reasons) or "die Angaben des Falls haben sich geändert"
    return Problem(
        f"Das Ergebnis der Bleibeperspektive {row.case_id} hat sich seit der letzten Prüfung "
        f"(Stichtag {_day(before.get('stichtag'))}) geändert: {'; '.join(changes)}. Grund: "
        f"{why}. Bitte das Arbeitsblatt mit der Klientin / dem Klienten durchgehen.",
        file=row.source,
        severity=Severity.WARNING,
    )


def _shown(value: Any) -> str:
    return _day(value) if value else "–"
