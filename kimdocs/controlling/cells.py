"""The cells every report shows a part of, and what a reader knows about them.

For the calendar period a report covers, kimdocs counts one table per measure (cases,
goals by life area, steps, …) for every period of the grid inside it (quarters, half-years,
the year: kimdocs.controlling.periods) and every district of kimdocs.toml, with the
county's total beside them. A report shows some of these cells: its districts' columns (the
county's only if it covers all districts), its period and the periods of its time series.
Suppression is decided once on all of them (kimdocs.controlling.suppress), so two reports
over other districts or other periods of the grid show the same cells with the same marks,
and together tell nothing that all cells together would not.

What a reader can work out is written down as equations over the cells: rows and districts
add up to their totals; the goals counted by life area, priority and achievement are the
same goals; there are at least as many goals as cases and steps as goals; a period's
figures are its parts' figures less what the parts count twice (a case with agreements in
both half-years: the whole is at most the sum, and where it is the sum the audit takes
it as such); overdue steps and reviews are counted on one day, so periods counted on the
same day show the same figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import NamedTuple

from kimdocs.controlling.figures import (
    ACHIEVEMENT,
    CONFERENCE_TYPES,
    LEGAL_DOMAINS,
    LIFE_AREAS,
    PRIORITIES,
    STEP_STATES,
    CaseDocuments,
    DistrictFigures,
    Figures,
    compute,
    persons_key,
)
from kimdocs.controlling.periods import GridPeriod, Period
from kimdocs.project import Project

ALL = ""  # the column of all districts (the county)
TOTAL_LABEL = "Gesamt"


class Key(NamedTuple):
    measure: str
    row: int
    column: str  # a district id, or ALL
    period: str  # a grid key: "2026-H1"


@dataclass(frozen=True)
class Row:
    label: str
    value: Callable[[DistrictFigures], int]
    people: Callable[[DistrictFigures], set[str]]
    counts_persons: bool = False  # one per person: a small one lies between 1 and 4
    stock: bool = False  # counted on a day (the period's end), not over the period


@dataclass(frozen=True)
class Measure:
    id: str  # the table id of kimdocs.kinds.report.TABLES
    title: str
    unit: str
    row_header: str
    rows: tuple[Row, ...]
    total_row: bool  # a last row "Gesamt" adds up the rows
    note: str = ""

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(r.label for r in self.rows) + ((TOTAL_LABEL,) if self.total_row else ())

    @property
    def size(self) -> int:
        return len(self.rows) + (1 if self.total_row else 0)


def _by(counter: str, labels: Iterable[str]) -> tuple[Row, ...]:
    """One row per category of a Counter field of DistrictFigures."""

    def row(category: str) -> Row:
        key = persons_key(counter, category)
        return Row(
            category,
            lambda f: int(getattr(f, counter)[category]),
            lambda f: f.persons.get(key, set()),
        )

    return tuple(row(c) for c in labels)


def _single(label: str, attribute: str, **kind: bool) -> Row:
    def value(f: DistrictFigures) -> int:
        found = getattr(f, attribute)
        return len(found) if isinstance(found, list) else int(found)

    return Row(label, value, lambda f: f.persons.get(attribute, set()), **kind)


MEASURES: tuple[Measure, ...] = (
    Measure(
        "faelle",
        "Fälle mit Vereinbarung und Re-Assessments",
        "Anzahl",
        "Kennzahl",
        (
            _single("Fälle mit Vereinbarung", "cases", counts_persons=True),
            _single("Re-Assessments (fortgeschriebene Vereinbarungen)", "reassessments"),
        ),
        total_row=False,
    ),
    Measure(
        "ziele_handlungsfeld",
        "Ziele nach Handlungsfeld",
        "Anzahl Ziele",
        "Handlungsfeld",
        _by("goals_by_area", LIFE_AREAS),
        total_row=True,
    ),
    Measure(
        "ziele_prioritaet",
        "Ziele nach Priorität",
        "Anzahl Ziele",
        "Priorität",
        _by("goals_by_priority", PRIORITIES),
        total_row=True,
    ),
    Measure(
        "zielerreichung",
        "Zielerreichung bei der Überprüfung",
        "Anzahl Ziele",
        "Zielerreichung",
        _by("achievement", ACHIEVEMENT),
        total_row=True,
        note="erreicht: 100 %, teilweise: 1–99 %, nicht erreicht: 0 % (Feld zielerreichung).",
    ),
    Measure(
        "schritte",
        "Schritte nach Stand",
        "Anzahl Schritte",
        "Stand",
        _by("steps_by_status", STEP_STATES),
        total_row=True,
    ),
    Measure(
        "ueberfaellig",
        "Überfällig am {stand}",
        "Anzahl",
        "Kennzahl",
        (
            _single("Überfällige Schritte", "overdue_steps", stock=True),
            _single(
                "Überfällige Überprüfungen (Re-Assessment)",
                "overdue_reviews",
                stock=True,
                counts_persons=True,
            ),
            _single("Überfällige Maßnahmen aus Fallkonferenzen", "overdue_actions"),
        ),
        total_row=False,
        note="Offene Fälle; Stand der Schritte wie zuletzt eingetragen.",
    ),
    Measure(
        "fallkonferenzen",
        "Fallkonferenzen und Fallrekonstruktionen",
        "Anzahl",
        "Art",
        _by("conferences", CONFERENCE_TYPES),
        total_row=True,
    ),
    Measure(
        "rechtskreise",
        "Beteiligte Rechtskreise in Fallkonferenzen",
        "Anzahl Konferenzen",
        "Rechtskreis",
        _by("legal_domains", LEGAL_DOMAINS),
        total_row=False,
        note="Eine Konferenz zählt bei jedem Rechtskreis, der teilnahm.",
    ),
    Measure(
        "massnahmen",
        "Maßnahmen aus Fallkonferenzen nach Stand",
        "Anzahl Maßnahmen",
        "Stand",
        _by("actions_by_status", STEP_STATES),
        total_row=True,
    ),
    Measure(
        "dauer",
        "Zeit von der Erstberatung bis zur Vereinbarung",
        "Tage, Median",
        "Kennzahl",
        (_single("Fälle mit Datum der Erstberatung", "days_to_agreement", counts_persons=True),),
        total_row=False,
    ),
)
BY_ID = {m.id: m for m in MEASURES}

COLOURS = ("grün", "gelb", "rot")


def _clients(counter: str, labels: Iterable[str]) -> tuple[Row, ...]:
    rows = _by(counter, labels)
    return tuple(Row(r.label, r.value, r.people, counts_persons=True, stock=True) for r in rows)


def route_measures(citations: Iterable[str]) -> tuple[Measure, ...]:
    """The tables of the residence routes, for the routes (their citations) a project has."""
    routes = tuple(sorted(set(citations)))
    return (
        Measure(
            "ampel",
            "Wege zum Bleiberecht am {stand}: Einteilung",
            "Anzahl Personen",
            "Ampel",
            _clients("colours", COLOURS),
            total_row=True,
            note="grün: ein Weg ist offen oder öffnet binnen drei Monaten; gelb: ein Weg ist "
            "in Reichweite, Angaben fehlen oder die Behörde entscheidet; rot: kein Weg.",
        ),
        Measure(
            "wege",
            "Wege zum Bleiberecht am {stand}: offene Wege",
            "Anzahl Personen",
            "Weg",
            _clients("routes", routes),
            total_row=False,
            note="Personen mit Arbeitsblatt, denen der Weg am Stichtag offensteht oder "
            "binnen drei Monaten offensteht; eine Person zählt bei jedem solchen Weg.",
        ),
    )


def project_measures(project: Project) -> tuple[Measure, ...]:
    """Every measure of a project's reports: the fixed ones, and the routes' if its rule
    files can be read (a broken one is named by the worksheets' own check)."""
    from kimdocs.base.errors import ContentError
    from kimdocs.kinds.caseload import rule_set
    from kimdocs.residence.outcome import citation_of

    try:
        rules = rule_set(project)
    except ContentError:
        return MEASURES
    return MEASURES + route_measures(citation_of(r.title) for r in rules.rules)


@dataclass(frozen=True)
class Cell:
    value: int
    persons: int  # how many persons the figure rests on
    counts_persons: bool


@dataclass(frozen=True)
class Equation:
    """``sum(coefficient * cell) == constant`` (or ``<=`` if not ``equal``)."""

    terms: tuple[tuple[Key, int], ...]
    constant: int = 0
    equal: bool = True

    @property
    def keys(self) -> tuple[Key, ...]:
        return tuple(k for k, _ in self.terms)


@dataclass
class Master:
    """All cells of a report's grid periods, over all districts, and their equations."""

    threshold: int
    measures: tuple[Measure, ...]
    grid: dict[str, GridPeriod]  # by key, finest first
    figures: dict[str, Figures]  # by grid key
    columns: tuple[str, ...]  # district ids, then ALL
    cells: dict[Key, Cell]
    equations: list[Equation]
    by_key: dict[Key, list[int]] = field(default_factory=dict)  # equations of each cell

    def __post_init__(self) -> None:
        for n, equation in enumerate(self.equations):
            for key in equation.keys:
                self.by_key.setdefault(key, []).append(n)

    @property
    def by_id(self) -> dict[str, Measure]:
        return {m.id: m for m in self.measures}

    def small(self, key: Key) -> bool:
        """Resting on fewer persons than the threshold (and on some): primary suppression."""
        cell = self.cells[key]
        return 0 < cell.persons < self.threshold


def build_master(
    docs: CaseDocuments, project: Project, grid: list[GridPeriod], threshold: int, day: object
) -> Master:
    """Count every grid period for all districts; write down what a reader knows."""
    import datetime as dt

    assert isinstance(day, dt.date)
    figures = {g.key: compute(docs, project, g.period, (), today=day) for g in grid}
    districts = tuple(d.id for d in project.config.districts)
    columns = (*districts, ALL)
    measures = project_measures(project)
    cells: dict[Key, Cell] = {}
    for g in grid:
        f = figures[g.key]
        every = {**{d: f.by_district[d] for d in districts}, ALL: f.total()}
        for measure in measures:
            for column, values in every.items():
                union: set[str] = set()
                for r, row in enumerate(measure.rows):
                    people = row.people(values)
                    union |= people
                    cells[Key(measure.id, r, column, g.key)] = Cell(
                        row.value(values), len(people), row.counts_persons
                    )
                if measure.total_row:
                    total = sum(row.value(values) for row in measure.rows)
                    cells[Key(measure.id, len(measure.rows), column, g.key)] = Cell(
                        total, len(union), False
                    )
    equations = _equations(measures, grid, figures, districts, cells)
    return Master(threshold, measures, {g.key: g for g in grid}, figures, columns, cells, equations)


def _equations(
    measures: tuple[Measure, ...],
    grid: list[GridPeriod],
    figures: dict[str, Figures],
    districts: tuple[str, ...],
    cells: dict[Key, Cell],
) -> list[Equation]:
    found: list[Equation] = []
    columns = (*districts, ALL)
    for g in grid:
        p = g.key
        for m in measures:
            for c in columns:
                if m.total_row:  # the rows add up to the total row
                    parts = [(Key(m.id, r, c, p), -1) for r in range(len(m.rows))]
                    found.append(Equation(((Key(m.id, len(m.rows), c, p), 1), *parts)))
            for r in range(m.size):  # the districts add up to the county
                parts = [(Key(m.id, r, d, p), -1) for d in districts]
                found.append(Equation(((Key(m.id, r, ALL, p), 1), *parts)))
        for c in columns:
            found += _between_tables(p, c)
            if "wege" in {m.id for m in measures}:
                found += _between_route_tables(measures, p, c)
    found += _between_periods(measures, grid, figures, columns, cells)
    return found


def _total(measure: str, column: str, period: str) -> Key:
    return Key(measure, BY_ID[measure].size - 1, column, period)


def _between_tables(p: str, c: str) -> list[Equation]:
    """What the tables of one period and column tell about each other."""
    goals = _total("ziele_handlungsfeld", c, p)
    cases = Key("faelle", 0, c, p)
    open_actions = [Key("massnahmen", STEP_STATES.index(s), c, p) for s in ("offen", "begonnen")]
    found = [
        # The same goals, counted by life area, by priority and by achievement.
        Equation(((goals, 1), (_total("ziele_prioritaet", c, p), -1))),
        Equation(((goals, 1), (_total("zielerreichung", c, p), -1))),
        # Every agreement has a goal, every goal a step; the days are counted for cases.
        Equation(((cases, 1), (goals, -1)), equal=False),
        Equation(((goals, 1), (_total("schritte", c, p), -1)), equal=False),
        Equation(((Key("dauer", 0, c, p), 1), (cases, -1)), equal=False),
        # Overdue actions are open actions; a conference counts once per legal domain.
        Equation(
            ((Key("ueberfaellig", 2, c, p), 1), *((k, -1) for k in open_actions)), equal=False
        ),
    ]
    conferences = _total("fallkonferenzen", c, p)
    found += [
        Equation(((Key("rechtskreise", r, c, p), 1), (conferences, -1)), equal=False)
        for r in range(len(LEGAL_DOMAINS))
    ]
    return found


def _between_route_tables(measures: tuple[Measure, ...], p: str, c: str) -> list[Equation]:
    """A route is open to at most every client with a worksheet."""
    by_id = {m.id: m for m in measures}
    clients = Key("ampel", by_id["ampel"].size - 1, c, p)
    return [
        Equation(((Key("wege", r, c, p), 1), (clients, -1)), equal=False)
        for r in range(by_id["wege"].size)
    ]


def _between_periods(
    measures: tuple[Measure, ...],
    grid: list[GridPeriod],
    figures: dict[str, Figures],
    columns: tuple[str, ...],
    cells: dict[Key, Cell],
) -> list[Equation]:
    """A period and its parts. Counted over the period, the whole is the sum of its parts
    less what they count twice (a case with an agreement in both half-years counts once in
    the year), or more for actions overdue on the later day: the side it lies on is known
    to a reader, and where the two are equal the audit takes them as equal (a reader who
    guesses so would be right). The cases of a part are also cases of the whole."""
    found: list[Equation] = []
    for g in grid:
        if not g.children:
            continue
        for m in measures:
            for r in range(m.size):
                if r < len(m.rows) and m.rows[r].stock:
                    continue
                for c in columns:
                    whole = Key(m.id, r, c, g.key)
                    parts = [Key(m.id, r, c, child) for child in g.children]
                    apart = sum(cells[k].value for k in parts) - cells[whole].value
                    terms = ((whole, 1), *((k, -1) for k in parts))
                    if apart == 0:
                        found.append(Equation(terms))
                    elif apart > 0:  # whole <= sum of the parts
                        found.append(Equation(terms, equal=False))
                    else:  # sum of the parts <= whole
                        found.append(Equation(tuple((k, -n) for k, n in terms), equal=False))
                    if r < len(m.rows) and m.rows[r].counts_persons:
                        found += [Equation(((k, 1), (whole, -1)), equal=False) for k in parts]
    # Stocks counted on the same day are the same figure.
    by_cutoff: dict[object, list[str]] = {}
    for g in grid:
        by_cutoff.setdefault(figures[g.key].cutoff, []).append(g.key)
    stock = [(m.id, r) for m in measures for r, row in enumerate(m.rows) if row.stock]
    for same_day in by_cutoff.values():
        for first, other in pairwise(same_day):
            for measure, r in stock:
                for c in columns:
                    found.append(
                        Equation(((Key(measure, r, c, first), 1), (Key(measure, r, c, other), -1)))
                    )
    return found


def period_of(master: Master, key: str) -> Period:
    return master.grid[key].period
