"""The report's tables: figures laid out by district, with small counts hidden.

Every output (PDF, DOCX, XLSX, CSV, JSON, the charts) shows these tables and nothing else
of the cases, so suppression is applied once, here, before any output sees a number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kimdocs.base.dates import german_date
from kimdocs.controlling.figures import (
    ACHIEVEMENT,
    CONFERENCE_TYPES,
    LEGAL_DOMAINS,
    LIFE_AREAS,
    PRIORITIES,
    STEP_STATES,
    DistrictFigures,
    Figures,
)
from kimdocs.controlling.suppress import Hidden, hide

TOTAL = "Gesamt"
SECONDARY_MARK = "x"


@dataclass(frozen=True)
class Table:
    id: str  # sheet and file name: "ziele_handlungsfeld"
    title: str
    unit: str  # shown in the header: "Anzahl Ziele"
    row_header: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]  # districts, then "Gesamt"
    values: tuple[tuple[float | None, ...], ...]
    hidden: Hidden
    threshold: int
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


def _counts(
    figures: Figures,
    labels: Sequence[str],
    get: Callable[[DistrictFigures], Sequence[int]],
    column_sums: bool,
) -> tuple[tuple[str, ...], list[list[float | None]]]:
    per = [list(get(figures.by_district[d.id])) for d in figures.districts]
    total = list(get(figures.total()))
    rows = [[*(col[r] for col in per), total[r]] for r in range(len(labels))]
    if column_sums:
        rows.append([sum(r[c] for r in rows) for c in range(len(rows[0]))] if rows else [])
        labels = (*labels, TOTAL)
    return tuple(labels), [[float(v) if v is not None else None for v in r] for r in rows]


def _count_table(
    figures: Figures,
    threshold: int,
    id: str,
    title: str,
    unit: str,
    row_header: str,
    labels: Sequence[str],
    get: Callable[[DistrictFigures], Sequence[int]],
    *,
    column_sums: bool = True,
    note: str = "",
) -> Table:
    rows, values = _counts(figures, labels, get, column_sums)
    basis = [[int(v) if v is not None else None for v in row] for row in values]
    return Table(
        id=id,
        title=title,
        unit=unit,
        row_header=row_header,
        rows=rows,
        columns=_columns(figures),
        values=tuple(tuple(r) for r in values),
        hidden=hide(values, basis, threshold, row_sums=True, column_sums=column_sums),
        threshold=threshold,
        note=note,
    )


def _columns(figures: Figures) -> tuple[str, ...]:
    return (*(d.name for d in figures.districts), TOTAL)


def _present(figures: Figures, labels: Sequence[str], counter: str) -> tuple[str, ...]:
    """The labels some district has a count for (legal domains: only those taking part)."""
    total = getattr(figures.total(), counter)
    return tuple(label for label in labels if total[label])


def tables(figures: Figures, threshold: int) -> list[Table]:
    """All tables of one period, in the order the report shows them."""
    stand = german_date(figures.cutoff)
    domains = _present(figures, LEGAL_DOMAINS, "legal_domains")
    result = [
        _count_table(
            figures,
            threshold,
            "faelle",
            "Fälle mit Vereinbarung und Re-Assessments",
            "Anzahl",
            "Kennzahl",
            ("Fälle mit Vereinbarung", "Re-Assessments (fortgeschriebene Vereinbarungen)"),
            lambda f: (f.cases, f.reassessments),
            column_sums=False,
        ),
        _count_table(
            figures,
            threshold,
            "ziele_handlungsfeld",
            "Ziele nach Handlungsfeld",
            "Anzahl Ziele",
            "Handlungsfeld",
            LIFE_AREAS,
            lambda f: [f.goals_by_area[a] for a in LIFE_AREAS],
        ),
        _count_table(
            figures,
            threshold,
            "ziele_prioritaet",
            "Ziele nach Priorität",
            "Anzahl Ziele",
            "Priorität",
            PRIORITIES,
            lambda f: [f.goals_by_priority[p] for p in PRIORITIES],
        ),
        _count_table(
            figures,
            threshold,
            "zielerreichung",
            "Zielerreichung bei der Überprüfung",
            "Anzahl Ziele",
            "Zielerreichung",
            ACHIEVEMENT,
            lambda f: [f.achievement[a] for a in ACHIEVEMENT],
            note="erreicht: 100 %, teilweise: 1–99 %, nicht erreicht: 0 % (Feld zielerreichung).",
        ),
        _count_table(
            figures,
            threshold,
            "schritte",
            "Schritte nach Stand",
            "Anzahl Schritte",
            "Stand",
            STEP_STATES,
            lambda f: [f.steps_by_status[s] for s in STEP_STATES],
        ),
        _count_table(
            figures,
            threshold,
            "ueberfaellig",
            f"Überfällig am {stand}",
            "Anzahl",
            "Kennzahl",
            (
                "Überfällige Schritte",
                "Überfällige Überprüfungen (Re-Assessment)",
                "Überfällige Maßnahmen aus Fallkonferenzen",
            ),
            lambda f: (f.overdue_steps, f.overdue_reviews, f.overdue_actions),
            column_sums=False,
            note="Offene Fälle; Stand der Schritte wie zuletzt eingetragen.",
        ),
        _count_table(
            figures,
            threshold,
            "fallkonferenzen",
            "Fallkonferenzen und Fallrekonstruktionen",
            "Anzahl",
            "Art",
            CONFERENCE_TYPES,
            lambda f: [f.conferences[t] for t in CONFERENCE_TYPES],
        ),
        _count_table(
            figures,
            threshold,
            "rechtskreise",
            "Beteiligte Rechtskreise in Fallkonferenzen",
            "Anzahl Konferenzen",
            "Rechtskreis",
            domains,
            lambda f: [f.legal_domains[d] for d in domains],
            column_sums=False,
            note="Eine Konferenz zählt bei jedem Rechtskreis, der teilnahm.",
        ),
        _count_table(
            figures,
            threshold,
            "massnahmen",
            "Maßnahmen aus Fallkonferenzen nach Stand",
            "Anzahl Maßnahmen",
            "Stand",
            STEP_STATES,
            lambda f: [f.actions_by_status[s] for s in STEP_STATES],
        ),
        _duration_table(figures, threshold),
        _staff_table(figures, threshold),
    ]
    return result + _route_tables(figures, threshold, stand)


COLOURS = ("grün", "gelb", "rot")


def _route_tables(figures: Figures, threshold: int, stand: str) -> list[Table]:
    """Clients per residence route and per colour, where worksheets were counted."""
    total = figures.total()
    if not total.colours:
        return []
    routes = tuple(sorted(total.routes))
    return [
        _count_table(
            figures,
            threshold,
            "wege",
            f"Wege zum Bleiberecht am {stand}: offene Wege",
            "Anzahl Personen",
            "Weg",
            routes,
            lambda f: [f.routes[r] for r in routes],
            column_sums=False,
            note="Personen mit Arbeitsblatt, denen der Weg am Stichtag offensteht oder "
            "binnen drei Monaten offensteht; eine Person zählt bei jedem solchen Weg.",
        ),
        _count_table(
            figures,
            threshold,
            "ampel",
            f"Wege zum Bleiberecht am {stand}: Einteilung",
            "Anzahl Personen",
            "Ampel",
            COLOURS,
            lambda f: [f.colours[c] for c in COLOURS],
            note="grün: ein Weg ist offen oder öffnet binnen drei Monaten; gelb: ein Weg ist "
            "in Reichweite, Angaben fehlen oder die Behörde entscheidet; rot: kein Weg.",
        ),
    ]


def _duration_table(figures: Figures, threshold: int) -> Table:
    every = [*(figures.by_district[d.id] for d in figures.districts), figures.total()]
    counts: list[int | None] = [len(f.days_to_agreement) for f in every]
    values: list[list[float | None]] = [
        [f.median_days for f in every],
        [float(n) for n in counts if n is not None],
    ]
    basis: list[list[int | None]] = [counts, counts]
    return Table(
        id="dauer",
        title="Zeit von der Erstberatung bis zur Vereinbarung",
        unit="Tage, Median",
        row_header="Kennzahl",
        rows=("Tage bis zur Vereinbarung (Median)", "Fälle mit Datum der Erstberatung"),
        columns=_columns(figures),
        values=tuple(tuple(r) for r in values),
        hidden=hide(values, basis, threshold, row_sums=False, column_sums=False),
        threshold=threshold,
        decimals=1,
        whole_rows=frozenset({1}),
    )


def _staff_table(figures: Figures, threshold: int) -> Table:
    every = [*figures.districts, None]
    posts = [figures.posts(d) for d in every]
    cases = [figures.by_district[d.id].cases for d in figures.districts]
    cases.append(sum(cases))
    per_post = [c / p[0] if p[0] else None for c, p in zip(cases, posts, strict=True)]
    values: list[list[float | None]] = [
        [p[0] for p in posts],
        [p[1] for p in posts],
        per_post,
    ]
    # Posts are no persons' data; cases per post would tell a small number of cases.
    basis: list[list[int | None]] = [[None] * len(every), [None] * len(every), list(cases)]
    faelle = hide([[float(c) for c in cases]], [cases], threshold, row_sums=True, column_sums=False)
    hidden = hide(values, basis, threshold, row_sums=False, column_sums=False)
    # Where the case count itself had to be hidden, so is the count per post.
    extra = frozenset((2, c) for _, c in faelle.secondary)
    return Table(
        id="personal",
        title="Personal und Fälle je Stelle",
        unit="Vollzeitstellen; Fälle je Stelle",
        row_header="Kennzahl",
        rows=("Stellen Fallmanagement", "Stellen Koordination", "Fälle je Stelle Fallmanagement"),
        columns=_columns(figures),
        values=tuple(tuple(r) for r in values),
        hidden=Hidden(hidden.primary, hidden.secondary | extra),
        threshold=threshold,
        decimals=1,
    )


def series_table(
    series: Sequence[Figures], threshold: int, id: str = "zielerreichung_verlauf"
) -> Table:
    """Goal achievement over time: one row per period, all districts of the report."""
    labels = tuple(f.period.label for f in series)
    values: list[list[float | None]] = []
    for figures in series:
        total = figures.total()
        counts = [total.achievement[a] for a in ACHIEVEMENT]
        values.append([float(v) for v in (*counts, sum(counts))])
    basis = [[int(v) if v is not None else None for v in row] for row in values]
    return Table(
        id=id,
        title="Zielerreichung im Verlauf",
        unit="Anzahl Ziele",
        row_header="Zeitraum",
        rows=labels,
        columns=(*ACHIEVEMENT, TOTAL),
        values=tuple(tuple(r) for r in values),
        hidden=hide(values, basis, threshold, row_sums=True, column_sums=False),
        threshold=threshold,
    )
