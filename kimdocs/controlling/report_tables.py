"""The report's tables: cells of the master (kimdocs.controlling.cells) with their marks.

Every output (PDF, DOCX, XLSX, CSV, JSON, the charts) shows these tables and nothing else
of the cases. A table holds what is published only: a hidden cell has its mark and no
number, so no output, template or chart can print what suppression hid. Each cell also
names the master cell it shows, for the audit of the whole report.

A report shows its districts' columns, and the county's total only if it covers every
district: the sum of some districts is no cell of the master, and beside a report on one
of them would give the other by subtraction.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from kimdocs.base.dates import german_date
from kimdocs.controlling.audit import PRIMARY, SECONDARY, Shown
from kimdocs.controlling.cells import ALL, BY_ID, TOTAL_LABEL, Key, Master, Measure
from kimdocs.controlling.figures import ACHIEVEMENT, DistrictFigures
from kimdocs.controlling.periods import Period, grid_key
from kimdocs.controlling.suppress import Pattern
from kimdocs.kinds.report import grid_size

TOTAL = TOTAL_LABEL
SECONDARY_MARK = "x"
Cell = tuple[int, int]


@dataclass(frozen=True)
class Hidden:
    primary: frozenset[Cell]  # too few persons: shown as "< k"
    secondary: frozenset[Cell]  # hidden so that no small one can be worked out: "x"

    def __contains__(self, cell: object) -> bool:
        return cell in self.primary or cell in self.secondary


@dataclass(frozen=True)
class Table:
    id: str  # sheet and file name: "ziele_handlungsfeld"
    title: str
    unit: str  # shown in the header: "Anzahl Ziele"
    row_header: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]  # districts, then "Gesamt" if the report covers all
    values: tuple[tuple[float | None, ...], ...]  # None: hidden, or no value
    hidden: Hidden
    threshold: int
    keys: tuple[tuple[Key | None, ...], ...] = ()  # the master cell shown, if it is one
    decimals: int = 0
    note: str = ""
    whole_rows: frozenset[int] = frozenset()  # rows of counts in a table with decimals

    def shown(self, r: int, c: int) -> float | str | None:
        """What a reader sees in a cell: a number, "< 5", "x", or None (no value)."""
        if (r, c) in self.hidden.primary:
            return f"< {self.threshold}"
        if (r, c) in self.hidden.secondary:
            return SECONDARY_MARK
        value = self.values[r][c]
        if value is None:
            return None
        return round(value, self.decimals) if self.decimals_of(r) else int(value)

    def decimals_of(self, r: int) -> int:
        return 0 if r in self.whole_rows else self.decimals

    def text(self, r: int, c: int) -> str:
        value = self.shown(r, c)
        if value is None:
            return "–"
        if isinstance(value, str):
            return value
        if self.decimals_of(r):
            return (
                f"{value:,.{self.decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
            )
        return f"{int(value):,}".replace(",", ".")

    @property
    def header(self) -> str:
        return f"{self.row_header} ({self.unit})"

    def published(self) -> dict[Key, Shown]:
        """The master cells this table shows, as a reader sees them."""
        found: dict[Key, Shown] = {}
        for r, row in enumerate(self.keys):
            for c, key in enumerate(row):
                if key is None:
                    continue
                if (r, c) in self.hidden.primary:
                    found[key] = PRIMARY
                elif (r, c) in self.hidden.secondary:
                    found[key] = SECONDARY
                else:
                    value = self.values[r][c]
                    assert value is not None
                    found[key] = int(value)
        return found


@dataclass(frozen=True)
class Scope:
    """What a report shows of the master: its period, districts and time series."""

    master: Master
    pattern: Pattern
    period: Period
    districts: tuple[tuple[str, str], ...]  # (id, name), in kimdocs.toml's order
    series: tuple[Period, ...]  # the periods of the time series

    @property
    def all_districts(self) -> bool:
        return {d for d, _ in self.districts} == set(self.master.columns) - {ALL}

    @property
    def columns(self) -> tuple[tuple[str, str], ...]:
        """(master column, label): the districts, and the county if all are shown."""
        return (*self.districts, *(((ALL, TOTAL),) if self.all_districts else ()))

    @property
    def key(self) -> str:
        return _grid_key(self.period)


def _grid_key(period: Period) -> str:
    size = grid_size(period.start, period.end)
    assert size is not None, period  # the report's check allows only grid periods
    return grid_key(period, size)


def _cell(scope: Scope, key: Key) -> tuple[float | None, str | None]:
    mark = scope.pattern.mark(key)
    return (None if mark else float(scope.master.cells[key].value), mark)


def _table(
    scope: Scope,
    id: str,
    title: str,
    unit: str,
    row_header: str,
    rows: Sequence[tuple[str, Sequence[Key | None], Sequence[float | None]]],
    columns: Sequence[str],
    *,
    marks: Sequence[Sequence[str | None]] | None = None,
    decimals: int = 0,
    note: str = "",
    whole_rows: frozenset[int] = frozenset(),
) -> Table:
    """A table from rows of master keys (a None key: a figure given in ``values``)."""
    values: list[tuple[float | None, ...]] = []
    primary: set[Cell] = set()
    secondary: set[Cell] = set()
    for r, (_, keys, given) in enumerate(rows):
        row: list[float | None] = []
        for c, key in enumerate(keys):
            if key is not None:
                value, mark = _cell(scope, key)
            else:
                value, mark = given[c], (marks[r][c] if marks is not None else None)
            if mark == PRIMARY:
                primary.add((r, c))
            elif mark == SECONDARY:
                secondary.add((r, c))
            row.append(None if mark else value)
        values.append(tuple(row))
    return Table(
        id=id,
        title=title,
        unit=unit,
        row_header=row_header,
        rows=tuple(label for label, _, _ in rows),
        columns=tuple(columns),
        values=tuple(values),
        hidden=Hidden(frozenset(primary), frozenset(secondary)),
        threshold=scope.master.threshold,
        keys=tuple(tuple(keys) for _, keys, _ in rows),
        decimals=decimals,
        note=note,
        whole_rows=whole_rows,
    )


def _measure_table(scope: Scope, measure: Measure) -> Table:
    period = scope.key
    cutoff = scope.master.figures[period].cutoff
    rows = list(enumerate(measure.labels))
    if measure.id == "rechtskreise":  # only the legal domains that took part
        county = scope.master.cells
        rows = [(r, label) for r, label in rows if county[Key(measure.id, r, ALL, period)].value]
    nothing: list[float | None] = [None] * len(scope.columns)
    return _table(
        scope,
        measure.id,
        measure.title.format(stand=german_date(cutoff)),
        measure.unit,
        measure.row_header,
        [
            (label, [Key(measure.id, r, column, period) for column, _ in scope.columns], nothing)
            for r, label in rows
        ],
        [label for _, label in scope.columns],
        note=measure.note,
    )


def _figures_of(scope: Scope, column: str) -> DistrictFigures:
    figures = scope.master.figures[scope.key]
    return figures.total() if column == ALL else figures.by_district[column]


def _duration_table(scope: Scope) -> Table:
    """The median days, shown where the count of cases it rests on is not small."""
    measure = BY_ID["dauer"]
    counts = [Key("dauer", 0, column, scope.key) for column, _ in scope.columns]
    medians: list[float | None] = []
    marks: list[str | None] = []
    for column, _ in scope.columns:
        days = _figures_of(scope, column).days_to_agreement
        count = Key("dauer", 0, column, scope.key)
        small = scope.master.small(count)
        medians.append(None if small or not days else float(statistics.median(days)))
        marks.append(scope.pattern.mark(count) if small else None)
    return _table(
        scope,
        "dauer",
        measure.title,
        measure.unit,
        measure.row_header,
        [
            ("Tage bis zur Vereinbarung (Median)", [None] * len(counts), medians),
            ("Fälle mit Datum der Erstberatung", counts, [None] * len(counts)),
        ],
        [label for _, label in scope.columns],
        marks=[marks, [None] * len(counts)],
        decimals=1,
        whole_rows=frozenset({1}),
    )


def _staff_table(scope: Scope, project_posts: dict[str, tuple[float, float]]) -> Table:
    """Posts (no person's data) and cases per post, hidden with the cases it divides."""
    posts = [project_posts[column] for column, _ in scope.columns]
    per_post: list[float | None] = []
    marks: list[str | None] = []
    for (column, _), (management, _) in zip(scope.columns, posts, strict=True):
        case_key = Key("faelle", 0, column, scope.key)
        mark = scope.pattern.mark(case_key)
        cases = scope.master.cells[case_key].value
        per_post.append(None if mark or not management else cases / management)
        marks.append(mark)
    none = [None] * len(posts)
    return _table(
        scope,
        "personal",
        "Personal und Fälle je Stelle",
        "Vollzeitstellen; Fälle je Stelle",
        "Kennzahl",
        [
            ("Stellen Fallmanagement", none, [p[0] for p in posts]),
            ("Stellen Koordination", none, [p[1] for p in posts]),
            ("Fälle je Stelle Fallmanagement", none, per_post),
        ],
        [label for _, label in scope.columns],
        marks=[[None] * len(posts), [None] * len(posts), marks],
        decimals=1,
    )


def tables(scope: Scope, posts: dict[str, tuple[float, float]]) -> list[Table]:
    """All tables of the report's period, in the order the report shows them."""
    found = [_measure_table(scope, BY_ID[id]) for id in ("faelle",)]
    found.append(_staff_table(scope, posts))
    found += [
        _measure_table(scope, BY_ID[id])
        for id in (
            "ziele_handlungsfeld",
            "ziele_prioritaet",
            "zielerreichung",
            "schritte",
            "ueberfaellig",
            "fallkonferenzen",
            "rechtskreise",
            "massnahmen",
        )
    ]
    found.append(_duration_table(scope))
    return found + _route_tables(scope)


def _route_tables(scope: Scope) -> list[Table]:
    """Clients per colour and per residence route, where the county has worksheets."""
    by_id = scope.master.by_id
    if "ampel" not in by_id:
        return []
    ampel = by_id["ampel"]
    clients = Key("ampel", ampel.size - 1, ALL, scope.key)
    if not scope.master.cells[clients].value:
        return []
    return [_measure_table(scope, by_id[id]) for id in ("wege", "ampel")]


def series_table(scope: Scope, id: str = "zielerreichung_verlauf") -> Table:
    """Goal achievement over time: one row per period (and district, if the report shows
    several but not all), the achievement classes as columns."""
    measure = BY_ID["zielerreichung"]
    if scope.all_districts:
        groups: list[tuple[str, str]] = [(ALL, "")]
    else:
        groups = [(d, name if len(scope.districts) > 1 else "") for d, name in scope.districts]
    rows = []
    for column, name in groups:
        for period in scope.series:
            key = _grid_key(period)
            label = f"{name} · {period.label}" if name else period.label
            keys = [Key(measure.id, r, column, key) for r in range(measure.size)]
            rows.append((label, keys, [None] * len(keys)))
    return _table(
        scope,
        id,
        "Zielerreichung im Verlauf",
        "Anzahl Ziele",
        "Zeitraum",
        rows,
        [*ACHIEVEMENT, TOTAL],
    )
