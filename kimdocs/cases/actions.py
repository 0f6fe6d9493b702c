"""Project-wide overview of agreed actions (minutes) and agreement steps."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from kimdocs.base.dates import german_date
from kimdocs.base.errors import KimdocsError, Problem, Severity, display_path
from kimdocs.base.output_files import Allowed, Place, output_target, write_output
from kimdocs.base.tables import excel_csv, shorten, text_table
from kimdocs.base.wording import counted, same_name
from kimdocs.catalog import walked
from kimdocs.kinds import Action, load_document
from kimdocs.project import Project

COLUMNS = (
    "Überfällig",
    "Frist",
    "Fall-ID",
    "Bezirk",
    "Art",
    "Nr.",
    "Maßnahme",
    "Verantwortlich",
    "Stand",
    "Quelle",
)


@dataclass(frozen=True)
class Filter:
    responsible: str | None = None
    district: str | None = None
    statuses: tuple[str, ...] = ()
    due_until: dt.date | None = None
    only_overdue: bool = False

    def accepts(self, action: Action, on: dt.date) -> bool:
        if self.responsible and self.responsible.casefold() not in action.responsible.casefold():
            return False
        if self.district and not same_name(action.district, self.district):
            return False
        if self.statuses and action.status not in self.statuses:
            return False
        if self.due_until and action.due > self.due_until:
            return False
        return not (self.only_overdue and not action.overdue(on))


def collect(project: Project, paths: Sequence[Path] = ()) -> tuple[list[Action], list[Problem]]:
    """Every action of every valid document; problems of the files that could not be read."""
    actions: list[Action] = []
    problems: list[Problem] = []
    with walked(project) as catalog:  # one walk for all documents' checks
        for entry in catalog.select(tuple(paths)):
            if entry.refusal is not None:
                problems.append(entry.refusal)
                continue
            try:
                doc = load_document(entry.path, project)
            except KimdocsError as exc:
                problems += [p for p in exc.problems if p.is_error]
                continue
            actions += doc.kind.actions(doc)
    actions.sort(key=lambda a: (a.due, a.case_id, a.kind, _number_key(a.number)))
    return merge_same_tasks(actions), problems


def task_key(action: Action) -> tuple[str, str, dt.date]:
    """What makes two entries one task: the same case, the same words, the same deadline.

    The words count without case, punctuation and spacing ("Antrag stellen." is "antrag
    stellen"); who is responsible may be written differently in an agreement ("Klient mit
    Anerkennungsberatung") and in minutes ("Klient, Unterstützung durch Fallmanagement"),
    so it does not count. A task whose deadline was moved is shown twice, with both dates.
    """
    words = " ".join(re.sub(r"[^\w§]+", " ", action.what.casefold()).split())
    return (action.case_id.casefold(), words, action.due)


_PROGRESS = {"offen": 0, "begonnen": 1, "erledigt": 2, "entfällt": 2}


def merge_same_tasks(actions: list[Action]) -> list[Action]:
    """One entry per task (``task_key``), in the order of its first entry, with all sources.

    The status is the furthest any source reports; the responsible parties are all named.
    """
    groups: dict[tuple[str, str, dt.date], list[Action]] = {}
    for action in actions:
        groups.setdefault(task_key(action), []).append(action)
    merged = []
    for first, *others in groups.values():
        if not others:
            merged.append(first)
            continue
        everyone = [first, *others]
        responsible = " / ".join(dict.fromkeys(a.responsible for a in everyone))
        status = max(everyone, key=lambda a: _PROGRESS.get(a.status, 0)).status
        merged.append(replace(first, responsible=responsible, status=status, also=tuple(others)))
    return merged


@dataclass
class Overview:
    """What ``kimdocs aktionen`` shows: the chosen actions on a day, and unreadable files."""

    actions: list[Action]
    on: dt.date
    root: Path
    problems: list[Problem]

    @property
    def overdue(self) -> int:
        return sum(a.overdue(self.on) for a in self.actions)

    def render(self, output_format: str) -> str:
        """``tabelle`` (with a closing line), ``csv`` or ``json``."""
        data = rows(self.actions, self.on, self.root)
        if output_format == "csv":
            return to_csv(data)
        if output_format == "json":
            return to_json(data, self.on)
        return to_table(data) + (
            f"{counted(len(self.actions), 'Maßnahme', 'Maßnahmen')}, davon {self.overdue} "
            "überfällig "
            f"(Stichtag {german_date(self.on)}).\n"
        )


def overview(project: Project, paths: Sequence[Path], chosen: Filter, on: dt.date) -> Overview:
    found, problems = collect(project, paths)
    return Overview([a for a in found if chosen.accepts(a, on)], on, project.root, problems)


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split(".") if part.isdigit())


def rows(actions: Sequence[Action], on: dt.date, root: Path) -> list[dict[str, str]]:
    return [
        {
            "Überfällig": "ja" if a.overdue(on) else "nein",
            "Frist": a.due.isoformat(),
            "Fall-ID": a.case_id,
            "Bezirk": a.district,
            "Art": ", ".join(dict.fromkeys([a.kind, *(o.kind for o in a.also)])),
            "Nr.": a.number,
            "Maßnahme": a.what,
            "Verantwortlich": a.responsible,
            "Stand": a.status,
            "Quelle": "; ".join(
                f"{display_path(one.source, root)}:{one.line}" for one in (a, *a.also)
            ),
        }
        for a in actions
    ]


def to_csv(data: list[dict[str, str]]) -> str:
    return excel_csv(COLUMNS, data)


def to_json(data: list[dict[str, str]], on: dt.date) -> str:
    payload = {"stichtag": on.isoformat(), "anzahl": len(data), "maßnahmen": data}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def to_table(data: list[dict[str, str]], width: int = 48) -> str:
    """A plain text table for the terminal; long texts are shortened."""
    shown = ("Überfällig", "Frist", "Fall-ID", "Art", "Nr.", "Maßnahme", "Verantwortlich", "Stand")
    return text_table(shown, [[_cell(row, col, width) for col in shown] for row in data])


def _cell(row: dict[str, str], column: str, width: int) -> str:
    value = row[column]
    if column == "Überfällig":
        return "ÜBERFÄLLIG" if value == "ja" else ""
    if column == "Frist":
        return german_date(dt.date.fromisoformat(value))
    return shorten(value, width)


def export(
    project: Project, given: Path, text: str, allowed: Allowed | None = None
) -> tuple[Path, list[Problem]]:
    """Write the overview to a file; return where, and a warning if that is unprotected.

    The overview names cases and what was agreed with the people in them: it goes to
    output/, which ``kimdocs init`` keeps out of version control, unless the user allows
    elsewhere; :func:`kimdocs.base.output_files.output_target` decides.
    """
    place = Place(project.root, project.output_dir, project.output_dir)
    target = output_target(given, place, allowed or Allowed())
    write_output(target, text.encode("utf-8"), place)
    resolved = target.resolve()
    inside = resolved.is_relative_to(project.root.resolve())
    if not inside or resolved.is_relative_to(project.output_dir.resolve()):
        return target, []
    warning = Problem(
        "Die Übersicht enthält Falldaten und liegt im Projekt außerhalb von output/. Bitte "
        "darauf achten, dass sie nicht in die Versionsverwaltung gerät.",
        file=target,
        severity=Severity.WARNING,
    )
    return target, [warning]
