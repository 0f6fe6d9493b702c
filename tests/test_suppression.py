"""Suppression by persons holds across a report and across reports: every built report is
read back from its files and audited (integer linear programs over everything it
publishes), alone and together with the others of its year."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import Result

from kimdocs.build.run import build
from kimdocs.controlling.audit import PRIMARY, SECONDARY, Shown, feasible_ranges, narrowed
from kimdocs.controlling.cells import ALL, BY_ID, Key, Master
from kimdocs.project import load_project
from tests.conftest import REPO, copy_sample_project
from tests.outputs import pdf_text, squash
from tests.report_audit import master_of, publication, read_json, same_everywhere

DAY = "2026-11-20"
# Reports of the generated county beside its two (A4 and slides, all districts, 2026).
EXTRA_REPORTS = {
    "ahlen": "bezirke: [Ahlen]",
    "ahlen-beckum": "bezirke: [Ahlen, Beckum]",
    "hj1": "zeitraum:\n  von: 2026-01-01\n  bis: 2026-06-30\n  einteilung: halbjahr",
    "hj2": "zeitraum:\n  von: 2026-07-01\n  bis: 2026-12-31\n  einteilung: halbjahr",
    "hj1-beckum": (
        "bezirke: [Beckum]\nzeitraum:\n  von: 2026-01-01\n  bis: 2026-06-30\n  einteilung: halbjahr"
    ),
    "klein": "bezirke: [Kleinbezirk, Leerbezirk, Ahlen]",
}
REPORT = """---
art: bericht
titel: Bericht {name}
datum: {day}
zeitraum:
  von: 2026-01-01
  bis: 2026-12-31
  einteilung: halbjahr
{extra}
kennzahlen: [faelle, personal, ziele_handlungsfeld, ziele_prioritaet, zielerreichung,
  zielerreichung_verlauf, schritte, ueberfaellig, dauer, fallkonferenzen, rechtskreise,
  massnahmen]
---

Bericht über erfundene Fälle.
"""


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_sample_county", REPO / "tools" / "make_sample_county.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _report(name: str, extra: str) -> str:
    # A period given in ``extra`` replaces the year.
    text = REPORT.format(name=name, day=DAY, extra=extra)
    if extra.startswith("zeitraum") or "\nzeitraum" in extra:
        text = text.replace(
            "zeitraum:\n  von: 2026-01-01\n  bis: 2026-12-31\n  einteilung: halbjahr\n", "", 1
        )
    return text


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 400-case county of ``make demo``, with a district of one case and one of none,
    and reports on some districts and on each half-year; every report built."""
    make = _generator()
    root: Path = make.generate(
        tmp_path_factory.mktemp("kreis") / "beispielkreis",
        extra=((make.SMALL, 1), (make.EMPTY, 0)),
    )
    folder = root / "content" / "berichte"
    for name, extra in EXTRA_REPORTS.items():
        (folder / f"{name}.md").write_text(_report(name, extra), "utf-8")
    project = load_project(root)
    # In this process, one after the other: the reports share the counted cells.
    results = build(project, [folder], formats=["json", "xlsx", "csv"], jobs=1)
    assert [r.source.name for r in results if not r.ok] == [], [
        p.format() for r in results for p in r.problems
    ]
    main = [folder / "2026-ausschuss-kim.md", folder / "2026-ausschuss-kim-folien.md"]
    results = build(project, main, formats=["pdf"], jobs=1)
    assert all(r.ok for r in results), [p.format() for r in results for p in r.problems]
    return root


def _built(county: Path) -> dict[str, dict[str, Any]]:
    folder = county / "output" / "berichte"
    return {p.stem: read_json(p) for p in sorted(folder.glob("*.json"))}


def test_every_report_publishes_the_same_in_json_xlsx_csv_and_pdf(county: Path) -> None:
    folder = county / "output" / "berichte"
    for path in sorted(folder.glob("*.json")):
        same_everywhere(path)
    # The PDF shows each table's rows as the JSON has them (slides too).
    for name in ("2026-ausschuss-kim", "2026-ausschuss-kim-folien"):
        data = read_json(folder / f"{name}.json")
        text = squash(pdf_text(folder / f"{name}.pdf"))
        for table in data["tabellen"]:
            for row in table["werte"]:
                cells = [_text(row[c]) for c in table["spalten"]]
                assert squash(row["zeile"].replace("/", "") + "".join(cells)) in text.replace(
                    "/", ""
                ), (name, table["id"], row)


def _text(value: Any) -> str:
    """A JSON value as the PDF prints it: 1.080, 56,4, < 5, x, –."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return str(value)


def test_every_built_report_passes_the_audit_alone_and_together(county: Path) -> None:
    project = load_project(county)
    reports = _built(county)
    assert len(reports) == 2 + len(EXTRA_REPORTS)
    together: dict[Key, Shown] = {}
    master: Master | None = None
    for name, data in reports.items():
        master = master_of(project, data)
        published = publication(data, project)
        assert any(isinstance(v, str) for v in published.values()), name
        assert narrowed(master, published) == [], name
        for key, shown in published.items():
            # The same cell is shown alike by every report: nothing by subtraction.
            assert together.get(key, shown) == shown, (name, key)
            together[key] = shown
    assert master is not None
    assert narrowed(master, together) == []
    hidden = [k for k, v in together.items() if isinstance(v, str)]
    print(f"{len(reports)} Berichte, {len(together)} Zellen, davon {len(hidden)} verdeckt")


def test_half_year_row_and_year_totals_do_not_give_the_first_half_year_away(
    county: Path,
) -> None:
    """The review's computation: year total minus 2. HJ gave the hidden 1. HJ cells of
    "Zielerreichung im Verlauf" (12 and 4). Now each hidden one keeps its range."""
    project = load_project(county)
    data = _built(county)["2026-ausschuss-kim"]
    master = master_of(project, data)
    published = publication(data, project)
    series = [k for k in published if k.measure == "zielerreichung" and k.period != "2026"]
    hidden = [k for k in series if isinstance(published[k], str)]
    assert {k.period for k in hidden} == {"2026-H1", "2026-H2"}
    ranges = feasible_ranges(master, published, hidden)
    for key in hidden:
        low, high = ranges[key]
        need = 3 if published[key] == PRIMARY else 2
        assert high - low + 1 >= need, (key, low, high)
        # The difference the review took is no longer there to take.
        year = Key(key.measure, key.row, ALL, "2026")
        other = Key(key.measure, key.row, ALL, "2026-H2" if key.period == "2026-H1" else "2026-H1")
        assert not (isinstance(published.get(year), int) and isinstance(published[other], int))


def test_a_one_case_district_hides_all_its_figures(county: Path) -> None:
    data = _built(county)["2026-ausschuss-kim"]
    tables = {t["id"]: t for t in data["tabellen"]}
    assert tables["faelle"]["werte"][0]["Kleinbezirk"] == "< 5"
    project = load_project(county)
    master = master_of(project, data)
    # One client with more than five goals and steps: all of them hidden.
    goals = master.cells[Key("ziele_handlungsfeld", 9, "kleinbezirk", "2026")].value
    steps = master.cells[Key("schritte", 4, "kleinbezirk", "2026")].value
    assert goals >= 6 and steps >= 10, (goals, steps)
    for id in ("ziele_handlungsfeld", "ziele_prioritaet", "zielerreichung", "schritte",
               "ueberfaellig", "dauer"):  # fmt: skip
        for row in tables[id]["werte"]:
            assert row["Kleinbezirk"] in ("< 5", 0), (id, row)


def test_a_district_without_cases_shows_0_never_x(county: Path) -> None:
    project = load_project(county)
    for name, data in _built(county).items():
        master = master_of(project, data)
        for key, shown in publication(data, project).items():
            if shown == SECONDARY:
                assert master.cells[key].value > 0, (name, key)
            if key.column == "leerbezirk":
                assert shown == 0, (name, key, shown)


def test_reports_on_some_districts_show_their_columns_only(county: Path) -> None:
    reports = _built(county)
    ahlen = {t["id"]: t for t in reports["ahlen"]["tabellen"]}
    both = {t["id"]: t for t in reports["ahlen-beckum"]["tabellen"]}
    every = {t["id"]: t for t in reports["2026-ausschuss-kim"]["tabellen"]}
    assert ahlen["faelle"]["spalten"] == ["Ahlen"]
    assert both["faelle"]["spalten"] == ["Ahlen", "Beckum"]  # no sum of the two
    for id, table in ahlen.items():
        if id == "zielerreichung_verlauf":
            continue
        for row, in_both, in_all in zip(
            table["werte"], both[id]["werte"], every[id]["werte"], strict=True
        ):
            assert row["Ahlen"] == in_both["Ahlen"] == in_all["Ahlen"], (id, row)
            assert in_both["Beckum"] == in_all["Beckum"]


def _table_local(master: Master) -> set[Key]:
    """A weak suppression: complementary cells chosen in each table on its own (its rows
    and columns), as kimdocs did before; periods and other tables are not looked at."""
    hidden = {k for k in master.cells if master.small(k)}
    changed = True
    while changed:
        changed = False
        for equation in master.equations:
            keys = equation.keys
            one_table = len({(k.measure, k.period) for k in keys}) == 1
            if not equation.equal or not one_table:
                continue
            if sum(k in hidden for k in keys) == 1:
                rest = [k for k in keys if k not in hidden and master.cells[k].value > 0]
                if rest:
                    hidden.add(min(rest, key=lambda k: (master.cells[k].value, k)))
                    changed = True
    return hidden


def test_a_weak_suppression_is_caught_by_the_audit(county: Path) -> None:
    project = load_project(county)
    data = _built(county)["2026-ausschuss-kim"]
    master = master_of(project, data)
    published = publication(data, project)
    weak = _table_local(master)
    shown: dict[Key, Shown] = {
        k: ((PRIMARY if master.small(k) else SECONDARY) if k in weak else master.cells[k].value)
        for k in published
    }
    found = narrowed(master, shown)
    assert found, "the audit must be able to fail"
    # Among them the cells the review worked out: 1. HJ in "Zielerreichung im Verlauf".
    assert any(n.key.measure == "zielerreichung" and n.key.period == "2026-H1" for n in found)


def test_a_weak_suppression_fails_the_build_naming_table_and_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result]
) -> None:
    from kimdocs.controlling import report_data
    from kimdocs.controlling.suppress import Pattern
    from tests.controlling_fixture import write_project, write_report

    def only_primary(master: Master) -> Pattern:
        return Pattern(frozenset(k for k in master.cells if master.small(k)), frozenset())

    monkeypatch.setattr(report_data, "protect", only_primary)
    root = write_project(tmp_path / "kreis")
    report = write_report(root)
    result = cli(root, "build", str(report), "-f", "json")
    assert result.exit_code == 1
    assert (
        "Die verdeckte Zahl in „Fälle mit Vereinbarung und Re-Assessments“, Zeile „Fälle mit "
        "Vereinbarung“, Spalte „Klein“ (< 5) ließe sich aus den übrigen Zahlen des Berichts "
        "auf 3 eingrenzen."
    ) in result.output, result.output
    assert not (root / "output" / "berichte" / "bericht.json").exists()


def test_the_sample_project_reports_pass_the_audit(tmp_path: Path) -> None:
    root = copy_sample_project(tmp_path / "p")
    project = load_project(root)
    results = build(
        project, [root / "content" / "berichte"], formats=["json", "xlsx", "csv"], jobs=1
    )
    assert all(r.ok for r in results), [p.format() for r in results for p in r.problems]
    for path in sorted((root / "output" / "berichte").glob("*.json")):
        same_everywhere(path)
        data = read_json(path)
        assert narrowed(master_of(project, data), publication(data, project)) == []


@pytest.mark.parametrize(
    ("period", "message"),
    [
        (
            "  von: 2026-02-01\n  bis: 2026-07-31\n  einteilung: halbjahr",
            "Ein Bericht zeigt ein Kalenderjahr oder ein Halbjahr",
        ),
        (
            "  von: 2026-01-01\n  bis: 2026-12-31\n  einteilung: quartal",
            "Nach Quartalen teilt kimdocs nicht ein",
        ),
        (
            "  von: 2026-07-01\n  bis: 2026-12-31\n  einteilung: jahr",
            "Die Einteilung „jahr“ ist gröber als der Zeitraum (ein Halbjahr)",
        ),
    ],
)
def test_reports_cover_periods_of_the_grid_only(
    tmp_path: Path, cli: Callable[..., Result], period: str, message: str
) -> None:
    from tests.controlling_fixture import write_project, write_report

    root = write_project(tmp_path / "kreis")
    report = write_report(root)
    text = report.read_text("utf-8")
    start = text.index("zeitraum:\n") + len("zeitraum:\n")
    end = text.index("layout:")
    report.write_text(text[:start] + period + "\n" + text[end:], "utf-8")
    result = cli(root, "check", str(report))
    assert result.exit_code == 1
    assert message in result.output, result.output


def test_counted_cells_of_a_project(county: Path) -> None:
    """Sanity of the master: every measure's rows add up, for every period and column."""
    project = load_project(county)
    master = master_of(project, _built(county)["2026-ausschuss-kim"])
    for equation in master.equations:
        total = sum(c * master.cells[k].value for k, c in equation.terms)
        if equation.equal:
            assert total == equation.constant, equation
        else:
            assert total <= equation.constant, equation
    assert {k.period for k in master.cells} == {"2026-H1", "2026-H2", "2026"}
    assert master.cells[Key("faelle", 0, ALL, "2026")].value == 401
    assert BY_ID["faelle"].rows[0].counts_persons
