"""The generated county counted twice: by kimdocs and independently, with plain PyYAML."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import yaml

from kimdocs.controlling.figures import achievement_class, case_documents, compute
from kimdocs.controlling.periods import period_of
from kimdocs.project import load_project
from tests.conftest import REPO


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_sample_county", REPO / "tools" / "make_sample_county.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _front_matter(path: Path) -> dict[str, object]:
    text = path.read_text("utf-8")
    _, head, _ = text.split("---\n", 2)
    data = yaml.safe_load(head)
    assert isinstance(data, dict)
    return data


def test_generator_is_reproducible(tmp_path: Path) -> None:
    make = _generator()
    one = make.generate(tmp_path / "a", cases=30, minutes=6)
    two = make.generate(tmp_path / "b", cases=30, minutes=6)
    files = sorted(p.relative_to(one) for p in (one / "content").rglob("*.md"))
    assert files == sorted(p.relative_to(two) for p in (two / "content").rglob("*.md"))
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)
    assert all(
        "(fiktiv)" in (one / f).read_text("utf-8") for f in files if "vereinbarungen" in str(f)
    )


def test_figures_match_an_independent_count(tmp_path: Path) -> None:
    root = _generator().generate(tmp_path / "kreis", cases=150, minutes=30)
    project = load_project(root)
    docs = case_documents(project)
    assert docs.skipped == ()
    # Independent: every version's front matter read with PyYAML, the rules of the report
    # written out again (latest version of a case in the period; minutes by date).
    agreements = [_front_matter(p) for p in (root / "content" / "vereinbarungen").rglob("*.md")]
    minutes = [_front_matter(p) for p in (root / "content" / "protokolle").rglob("*.md")]
    for half in (
        period_of(dt.date(2026, 1, 1), "halbjahr"),
        period_of(dt.date(2026, 7, 1), "halbjahr"),
    ):
        figures = compute(docs, project, half)
        latest: dict[str, dict[str, object]] = {}
        reassessments: Counter[str] = Counter()
        for meta in agreements:
            day = dt.date.fromisoformat(str(meta["datum"]))
            if not half.start <= day <= half.end:
                continue
            if int(str(meta["version"])) > 1:
                reassessments[str(meta["bezirk"])] += 1
            case = str(meta["fall_id"])
            if case not in latest or int(str(meta["version"])) > int(str(latest[case]["version"])):
                latest[case] = meta
        cases: Counter[str] = Counter(str(m["bezirk"]) for m in latest.values())
        areas: Counter[tuple[str, str]] = Counter()
        achieved: Counter[tuple[str, str]] = Counter()
        steps: Counter[tuple[str, str]] = Counter()
        for meta in latest.values():
            goals = meta["ziele"]
            assert isinstance(goals, list)
            for goal in goals:
                areas[(str(meta["bezirk"]), goal["handlungsfeld"])] += 1
                achieved[(str(meta["bezirk"]), achievement_class(goal.get("zielerreichung")))] += 1
                for step in goal["schritte"]:
                    steps[(str(meta["bezirk"]), step["status"])] += 1
        conferences: Counter[tuple[str, str]] = Counter()
        actions: Counter[tuple[str, str]] = Counter()
        for meta in minutes:
            day = dt.date.fromisoformat(str(meta["datum"]))
            if half.start <= day <= half.end:
                conferences[(str(meta["bezirk"]), str(meta["typ"]))] += 1
                for action in meta["maßnahmen"]:  # type: ignore[attr-defined]
                    actions[(str(meta["bezirk"]), action["status"])] += 1
        for district, ours in figures.by_district.items():
            assert ours.cases == cases[district], (half.label, district)
            assert ours.reassessments == reassessments[district]
            assert +ours.goals_by_area == +Counter(
                {a: n for (d, a), n in areas.items() if d == district}
            )
            assert +ours.achievement == +Counter(
                {a: n for (d, a), n in achieved.items() if d == district}
            )
            assert +ours.steps_by_status == +Counter(
                {s: n for (d, s), n in steps.items() if d == district}
            )
            assert +ours.conferences == +Counter(
                {t: n for (d, t), n in conferences.items() if d == district}
            )
            assert +ours.actions_by_status == +Counter(
                {s: n for (d, s), n in actions.items() if d == district}
            )
        assert sum(cases.values()) > 20  # the half-year has enough to mean something
