"""``kimdocs aktionen`` shows a task that an agreement and minutes of a case both carry once."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from kimdocs.cases.actions import merge_same_tasks, task_key
from kimdocs.kinds import Action
from tests.conftest import copy_sample_project

TASK = "Antrag auf Feststellung der Gleichwertigkeit bei der Handwerkskammer stellen"


def test_the_sample_s_shared_task_is_listed_once_with_both_sources(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    project = copy_sample_project(tmp_path / "sample")
    agreement = project / "content" / "vereinbarungen" / "suedkreis" / "KIM-SK-2026-0031.md"
    minutes = next((project / "content" / "protokolle" / "suedkreis").glob("KIM-SK-*.md"))
    # The sample carries the step in the agreement and the action in the minutes.
    assert f"was: {TASK}" in agreement.read_text(encoding="utf-8")
    assert f"maßnahme: {TASK}" in minutes.read_text(encoding="utf-8")
    result = cli(project, "aktionen", "-f", "json", "--stichtag", "2026-03-16")
    assert result.exit_code == 0, result.output
    found = [m for m in json.loads(result.output)["maßnahmen"] if m["Maßnahme"] == TASK]
    assert len(found) == 1, found
    [task] = found
    assert task["Art"] == "Protokoll, Vereinbarung"
    sources = task["Quelle"].split("; ")
    assert [s.rsplit(":", 1)[0] for s in sources] == [
        minutes.relative_to(project).as_posix(),
        agreement.relative_to(project).as_posix(),
    ]
    assert all(s.rsplit(":", 1)[1].isdigit() for s in sources)  # each with its line
    assert task["Verantwortlich"] == (
        "Klient, Unterstützung durch Fallmanagement / Klient mit Anerkennungsberatung"
    )
    table = cli(project, "aktionen", "--stichtag", "2026-03-16").output
    assert table.count("Antrag auf Feststellung der Gleichwertigkeit") == 1


def _action(what: str, due: dt.date, case: str = "KIM-SK-2026-0031", **kw: str) -> Action:
    values = {"kind": "Vereinbarung", "responsible": "Klient", "status": "offen", **kw}
    return Action(
        source=Path("a.md"),
        line=1,
        kind=values["kind"],
        case_id=case,
        district="suedkreis",
        number="1",
        what=what,
        responsible=values["responsible"],
        due=due,
        status=values["status"],
    )


def test_the_same_task_is_the_same_case_words_and_deadline() -> None:
    day = dt.date(2026, 4, 30)
    one = _action("Antrag stellen (Handwerkskammer).", day)
    assert task_key(one) == task_key(_action("antrag  stellen – Handwerkskammer", day))
    assert task_key(one) != task_key(
        _action("Antrag stellen (Handwerkskammer)", day.replace(day=29))
    )
    assert task_key(one) != task_key(_action("Antrag stellen (Handwerkskammer)", day, case="X-1"))
    merged = merge_same_tasks(
        [one, _action("Antrag stellen, Handwerkskammer", day, kind="Protokoll", status="erledigt")]
    )
    assert len(merged) == 1
    assert merged[0].status == "erledigt"  # the furthest any source reports
    assert [a.kind for a in merged[0].also] == ["Protokoll"]
