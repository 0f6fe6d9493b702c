"""Wege zum Bleiberecht: scenarios from official guidance, date arithmetic, rule files."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from kimdocs.base.dates import add_months
from kimdocs.base.errors import ContentError
from kimdocs.residence import (
    Outcome,
    Timeline,
    evaluate,
    load_rules,
    load_timeline,
    triage_one,
)
from kimdocs.residence.calendar import (
    age_completed_on,
    age_on,
    months_between,
    period_end,
    period_opens,
)
from kimdocs.residence.rule_files import SHIPPED

HERE = Path(__file__).parent / "residence"
SCENARIOS: list[dict[str, Any]] = yaml.safe_load(
    (HERE / "szenarien.yaml").read_text(encoding="utf-8")
)["szenarien"]
RULES = load_rules()


def _day(value: Any) -> dt.date | None:
    if value is None:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def test_at_least_forty_scenarios_each_with_its_source() -> None:
    assert len(SCENARIOS) >= 40
    names = [s["name"] for s in SCENARIOS]
    assert len(names) == len(set(names))
    for scenario in SCENARIOS:
        source = str(scenario.get("quelle", ""))
        # a law's paragraph or an authority's or guidance page
        assert re.search(r"§|https?://|\w\.(de|net|org|info)\b", source), scenario["name"]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_scenario(scenario: dict[str, Any]) -> None:
    timeline = Timeline.model_validate(scenario["fakten"])
    on = _day(scenario["stichtag"])
    assert on is not None
    result = evaluate(timeline, RULES, on)
    for route_id, expected in scenario["erwartet"].items():
        route = result.route(str(route_id))
        assert route is not None, f"{route_id} fehlt am {on}"
        facts = {c.id: (c.outcome.value, c.fact) for c in route.conditions}
        assert route.outcome.value == expected["ergebnis"], facts
        if "ab" in expected:
            assert route.opens == _day(expected["ab"]), facts
        if "bis" in expected:
            assert route.closes == _day(expected["bis"])
        if "version" in expected:
            assert route.version == expected["version"]
        for condition_id, outcome in expected.get("bedingungen", {}).items():
            assert facts[condition_id][0] == outcome, facts[condition_id]
        for text in expected.get("unbelegt", []):
            assert text in route.unproven
    for route_id in scenario.get("nicht_in_kraft", []):
        assert result.route(route_id) is None
    if "ampel" in scenario:
        assert triage_one(timeline, RULES, on).colour.value == scenario["ampel"]


def test_the_same_facts_give_the_same_result() -> None:
    timeline = Timeline.model_validate(SCENARIOS[0]["fakten"])
    on = dt.date(2026, 12, 7)
    assert evaluate(timeline, RULES, on) == evaluate(timeline, RULES, on)


def test_results_carry_printable_dates_and_sources() -> None:
    scenario = next(s for s in SCENARIOS if s["name"] == "25b-sechs-jahre-noch-nicht")
    result = evaluate(Timeline.model_validate(scenario["fakten"]), RULES, dt.date(2026, 12, 7))
    route = result.route("25b")
    assert route is not None
    assert route.opens_text == "erfüllt ab 14.03.2027"
    condition = next(c for c in route.conditions if c.id == "voraufenthalt")
    assert "seit 14.03.2021" in condition.fact
    assert "asyl.net/rsdb/M26754" in condition.url
    assert "Unterbrechungen" in condition.counting
    assert result.rules_version.startswith("Regeln geprüft bis ")
    young = next(s for s in SCENARIOS if s["name"] == "25a-junger-mensch-erfüllt")
    route = evaluate(Timeline.model_validate(young["fakten"]), RULES, dt.date(2026, 12, 7)).route(
        "25a"
    )
    assert route is not None and route.closes_text == "Antrag vor dem 14.07.2027"


# --- Date arithmetic (§§ 187, 188 BGB) -------------------------------------------------------

days = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31))


@given(days, st.integers(1, 400))
def test_a_period_opens_on_the_same_day_number_where_it_exists(start: dt.date, months: int) -> None:
    opens = period_opens(start, months)
    assert opens > start
    if start.day <= 28:
        assert opens == add_months(start, months)
    else:  # 29th-31st: the anniversary, or the 1st after a short month (§ 188 Abs. 3 BGB)
        assert opens in (add_months(start, months), add_months(start, months) + dt.timedelta(1))
    assert period_end(start, months) == opens - dt.timedelta(1)


@given(days, st.integers(1, 200), st.integers(1, 200))
def test_longer_periods_open_later(start: dt.date, first: int, second: int) -> None:
    shorter, longer = sorted((first, second))
    assert period_opens(start, shorter) <= period_opens(start, longer)


@given(days, st.integers(1, 90))
def test_an_age_is_completed_at_the_end_of_the_day_before_the_birthday(
    birth: dt.date, years: int
) -> None:
    completed = age_completed_on(birth, years)
    assert age_on(birth, completed) == years - 1
    assert age_on(birth, completed + dt.timedelta(1)) == years


@given(days, days)
def test_months_between_counts_whole_completed_months(start: dt.date, day: dt.date) -> None:
    if day < start:
        start, day = day, start
    months = months_between(start, day)
    assert months == 0 or period_opens(start, months) <= day
    assert period_opens(start, months + 1) > day


def test_leap_day_birthdays() -> None:
    birth = dt.date(2000, 2, 29)
    assert age_completed_on(birth, 27) == dt.date(2027, 2, 28)
    assert age_completed_on(birth, 28) == dt.date(2028, 2, 28)
    assert age_on(birth, dt.date(2027, 3, 1)) == 27
    assert age_on(birth, dt.date(2028, 2, 29)) == 28
    assert period_opens(dt.date(2026, 1, 31), 1) == dt.date(2026, 3, 1)


# --- Rule files ------------------------------------------------------------------------------


def _copy_rules(tmp_path: Path) -> Path:
    folder = tmp_path / "wege"
    folder.mkdir()
    for path in SHIPPED.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    return folder


CHANCE = next(s for s in SCENARIOS if s["name"] == "104c-läuft-bis-30-juni")


def test_changing_a_rule_files_end_date_changes_the_evaluation(tmp_path: Path) -> None:
    timeline = Timeline.model_validate(CHANCE["fakten"])
    on = dt.date(2026, 12, 7)
    before = evaluate(timeline, RULES, on).route("104c-uebergang")
    assert before is not None and before.closes == dt.date(2027, 7, 1)
    folder = _copy_rules(tmp_path)
    path = folder / "104c-uebergang_2025-12-31.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "gültig_bis: 2027-06-30", "gültig_bis: 2027-03-31"
        ),
        encoding="utf-8",
    )
    changed = load_rules(files=sorted(folder.glob("*.yaml")))
    assert changed.version != RULES.version
    after = evaluate(timeline, changed, on).route("104c-uebergang")
    assert after is not None and after.closes == dt.date(2027, 4, 1)
    assert after.closes_text == "Antrag vor dem 01.04.2027"
    assert evaluate(timeline, changed, dt.date(2027, 4, 1)).route("104c-uebergang") is None


def test_a_project_rule_file_replaces_the_shipped_version(tmp_path: Path) -> None:
    folder = tmp_path / "wege"
    folder.mkdir()
    shipped = (SHIPPED / "25b_2022-12-31.yaml").read_text(encoding="utf-8")
    (folder / "25b_2022-12-31.yaml").write_text(
        shipped.replace("      jahre: 6\n", "      jahre: 5\n"), encoding="utf-8"
    )
    rules = load_rules(tmp_path)
    scenario = next(s for s in SCENARIOS if s["name"] == "25b-sechs-jahre-noch-nicht")
    route = evaluate(Timeline.model_validate(scenario["fakten"]), rules, dt.date(2026, 12, 7))
    found = route.route("25b")
    assert found is not None and found.outcome is Outcome.MET


def test_a_bad_rule_file_is_refused_with_file_line_and_field(tmp_path: Path) -> None:
    folder = _copy_rules(tmp_path)
    path = folder / "9_2005-01-01.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    werte: {monate: 60}", "    werte: {monate: sechzig}")
    text = text.replace("prüfung: wohnraum", "prüfung: wohnraun")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_rules(files=sorted(folder.glob("*.yaml")))
    problems = caught.value.problems
    lines = text.split("\n")
    fields = {p.field: p for p in problems}
    months = fields["bedingungen[4].werte.monate"]
    assert months.file == path and "sechzig" in lines[months.line - 1]
    assert "ganze Zahl" in months.message
    check = fields["bedingungen[8].prüfung"]
    assert "wohnraun" in lines[check.line - 1]
    assert "Meinten Sie „wohnraum“?" in check.message


def test_two_versions_of_a_route_may_not_overlap(tmp_path: Path) -> None:
    folder = _copy_rules(tmp_path)
    path = folder / "25a_2022-12-31.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("gültig_bis: 2027-06-30\n", ""), encoding="utf-8"
    )
    with pytest.raises(ContentError, match="gelten zugleich"):
        load_rules(files=sorted(folder.glob("*.yaml")))


def test_a_bad_timeline_is_refused_with_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "verlauf.yaml"
    path.write_text(
        "fall_id: KIM-AH-2026-0101\n"
        "aufenthalte:\n"
        "  - {grundlage: Dudlung, von: 2021-03-14, status: angegeben}\n"
        "  - {grundlage: Duldung, von: 2021-03-14, status: nachgewiesen}\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        load_timeline(path)
    by_field = {p.field: p for p in caught.value.problems}
    basis = by_field["aufenthalte[1].grundlage"]
    assert basis.line == 3 and "Unbekannte Grundlage „Dudlung“" in basis.message
    proof = by_field["aufenthalte[2]"]
    assert proof.line == 4 and "nachweis" in proof.message
