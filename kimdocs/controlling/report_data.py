"""Everything a report shows, made once per report: figures, tables, charts, milestones.

``report_context`` is what the DOCX, XLSX, CSV and JSON outputs get; it holds aggregates
only (tables after suppression), never a document of a case. Templates get less still:
``template_view``, the published text. Before anything is written, the audit
(kimdocs.controlling.audit) takes everything the report publishes together, every table
and every chart's figures, and fails the build if a hidden cell can be narrowed too far.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from kimdocs.base.dates import german_date
from kimdocs.base.errors import Problem, RenderError
from kimdocs.base.wording import counted
from kimdocs.controlling import charts as plots
from kimdocs.controlling.audit import Shown, narrowed
from kimdocs.controlling.cells import Key, Master, build_master
from kimdocs.controlling.figures import Figures, Finding, case_documents
from kimdocs.controlling.periods import Period, grid_periods, period_of, periods_between
from kimdocs.controlling.report_tables import TOTAL, Scope, Table, series_table, tables
from kimdocs.controlling.suppress import Pattern, protect
from kimdocs.kinds import Document
from kimdocs.kinds.report import ReportFields, half_year_label, milestone_halves
from kimdocs.project import District, Project
from kimdocs.text.markdown import to_html

CHART_TITLES = {
    "faelle_bezirk": "Fälle mit Vereinbarung nach Bezirk",
    "ziele_handlungsfeld": "Ziele nach Handlungsfeld",
    "zielerreichung_verlauf": "Zielerreichung im Verlauf",
    "meilensteine": "Zeitplan der Meilensteine",
}
_GRANULARITY = {"quartal": "Quartal", "halbjahr": "Halbjahr", "jahr": "Jahr"}


@dataclass
class ReportData:
    fields: ReportFields
    period: Period
    figures: Figures  # of the period, all districts (for the day counted on)
    districts: tuple[District, ...]  # the districts the report shows
    threshold: int
    tables: list[Table]
    charts: list[plots.Chart]
    milestones: plots.Milestones | None
    findings: list[tuple[str, list[str]]]  # district name, findings
    notes: list[str] = field(default_factory=list)

    def published(self) -> dict[Key, Shown]:
        """Every master cell the report shows, in tables and charts, as shown."""
        found: dict[Key, Shown] = {}
        for table in [*self.tables, *(c.table for c in self.charts if c.table is not None)]:
            found.update(table.published())
        return found

    @property
    def slides(self) -> bool:
        return self.fields.layout == "folien"

    @property
    def findings_html(self) -> list[tuple[str, list[Markup]]]:
        return [(name, [to_html(item) for item in items]) for name, items in self.findings]

    @property
    def drawn_tables(self) -> set[str]:
        return {c.table.id for c in self.charts if c.table is not None}

    def template_view(self) -> ReportView:
        """What report templates get: the published tables as text, never the figures
        behind them (a template cannot print what suppression hid)."""
        views = {t.id: table_view(t) for t in self.tables}
        milestones = (
            MilestonesView(
                halves=list(self.milestones.halves),
                rows=[
                    MilestoneRow(title, status, sorted(active))
                    for title, status, active in self.milestones.rows
                ],
            )
            if self.milestones is not None
            else None
        )
        return ReportView(
            slides=self.slides,
            period=self.period,
            districts=[d.name for d in self.districts],
            threshold=self.threshold,
            tables=list(views.values()),
            charts=[
                ChartView(
                    c.id,
                    c.title,
                    c.alt,
                    c.data_uri,
                    table_view(c.table) if c.table is not None else None,
                )
                for c in self.charts
            ],
            milestones=milestones,
            findings_html=self.findings_html,
            drawn_tables=sorted(self.drawn_tables),
            notes=list(self.notes),
        )

    def data(self) -> dict[str, Any]:
        """The figures for other systems (JSON): hidden cells as their mark, never a number."""
        return {
            "art": "bericht",
            "titel": self.fields.title,
            "stand": self.fields.date.isoformat(),
            "zeitraum": {
                "von": self.period.start.isoformat(),
                "bis": self.period.end.isoformat(),
            },
            "bezirke": [d.name for d in self.districts],
            "mindestanzahl": self.threshold,
            "tabellen": [
                {
                    "id": t.id,
                    "titel": t.title,
                    "einheit": t.unit,
                    "zeilen": t.row_header,
                    "spalten": list(t.columns),
                    "werte": [
                        {"zeile": label, **{col: t.shown(r, c) for c, col in enumerate(t.columns)}}
                        for r, label in enumerate(t.rows)
                    ],
                }
                for t in self.tables
            ],
            "meilensteine": [
                {
                    "titel": m.title,
                    "halbjahre": [half_year_label(h) for h in m.half_years],
                    "status": m.status,
                }
                for m in self.fields.milestones
            ],
            "strukturelle_erkenntnisse": [
                {"bezirk": name, "erkenntnisse": items} for name, items in self.findings
            ],
            "hinweise": self.notes,
        }


@dataclass(frozen=True)
class RowView:
    label: str
    cells: list[str]  # as a reader sees them: "12", "< 5", "x", "–"
    total: bool


@dataclass(frozen=True)
class TableView:
    id: str
    title: str
    unit: str
    header: str
    columns: list[str]
    rows: list[RowView]
    note: str


def table_view(table: Table) -> TableView:
    return TableView(
        table.id,
        table.title,
        table.unit,
        table.header,
        list(table.columns),
        [
            RowView(label, [table.text(r, c) for c in range(len(table.columns))], label == TOTAL)
            for r, label in enumerate(table.rows)
        ],
        table.note,
    )


@dataclass(frozen=True)
class ChartView:
    id: str
    title: str
    alt: str
    data_uri: str
    table: TableView | None


@dataclass(frozen=True)
class MilestoneRow:
    title: str
    status: str
    active: list[int]  # indices of the half-years in which it is worked on


@dataclass(frozen=True)
class MilestonesView:
    halves: list[str]
    rows: list[MilestoneRow]


@dataclass(frozen=True)
class ReportView:
    """A report as its templates see it: published text and pictures only."""

    slides: bool
    period: Period
    districts: list[str]
    threshold: int
    tables: list[TableView]
    charts: list[ChartView]
    milestones: MilestonesView | None
    findings_html: list[tuple[str, list[Markup]]]
    drawn_tables: list[str]
    notes: list[str]


def report_context(doc: Document[Any], project: Project) -> dict[str, Any]:
    return {"report": build_report(doc.fields, project, doc.source.path)}


def report_master(project: Project, year: int, day: dt.date) -> tuple[Master, Pattern]:
    """The cells of ``year`` counted on ``day`` and their suppression, once per walk of
    content/ (the report and its slides share them)."""
    from kimdocs.catalog import current_catalog

    catalog = current_catalog(project)
    threshold = project.config.report.threshold
    name = f"controlling.master:{year}:{day.isoformat()}:{threshold}"
    cached: tuple[Master, Pattern] | None = catalog.derived.get(name)
    if cached is None:
        whole = period_of(dt.date(year, 1, 1), "jahr")
        grid = grid_periods(whole, "jahr")
        master = build_master(case_documents(project), project, grid, threshold, day)
        cached = (master, protect(master))
        catalog.derived[name] = cached
    return cached


def build_report(fields: ReportFields, project: Project, source: Path | None = None) -> ReportData:
    threshold = project.config.report.threshold
    whole = Period(
        fields.period.start,
        fields.period.end,
        f"{german_date(fields.period.start)} bis {german_date(fields.period.end)}",
    )
    # Overdue is counted on the report's own date, not the clock's: the same sources give
    # the same report on any day and in any process (as every document's date goes into
    # its files instead of the clock's).
    day = fields.date
    master, pattern = report_master(project, whole.start.year, day)
    wanted = {d.id for name in fields.districts if (d := project.district(name)) is not None}
    chosen = tuple(d for d in project.config.districts if not wanted or d.id in wanted)
    scope = Scope(
        master,
        pattern,
        whole,
        tuple((d.id, d.name) for d in chosen),
        tuple(periods_between(whole.start, whole.end, fields.period.granularity)),
    )
    posts = {d.id: (d.posts.case_management, d.posts.coordination) for d in chosen}
    posts[""] = (
        sum(p[0] for p in posts.values()),
        sum(p[1] for p in posts.values()),
    )
    figures = master.figures[scope.key]
    every = tables(scope, posts)
    over_time = series_table(scope)
    by_id = {t.id: t for t in [*every, over_time]}
    shown = [by_id[t] for t in fields.tables if t in by_id]
    colours = project.config.colours
    slides = fields.layout == "folien"
    plan = _milestones(fields)
    drawn: list[plots.Chart] = []
    for chart_id in fields.charts:
        title = CHART_TITLES[chart_id]
        if chart_id == "faelle_bezirk":
            drawn.append(
                plots.bars(chart_id, title, by_id["faelle"], 0, colours.primary, slides=slides)
            )
        elif chart_id == "ziele_handlungsfeld":
            drawn.append(
                plots.column_bars(
                    chart_id, title, by_id["ziele_handlungsfeld"], colours.primary, slides=slides
                )
            )
        elif chart_id == "zielerreichung_verlauf":
            palette = (colours.primary, colours.accent, *plots.GREYS)
            drawn.append(
                plots.stacked_over_time(chart_id, title, over_time, palette, slides=slides)
            )
        elif chart_id == "meilensteine" and plan is not None:
            drawn.append(
                plots.timeline(
                    chart_id, title, plan, colours.primary, colours.accent, slides=slides
                )
            )
    names = {d.id: d.name for d in chosen}
    findings = _grouped(figures.findings, names, threshold) if fields.findings else []
    notes = [
        f"„< {threshold}“: die Zahl beruht auf weniger als {threshold} Personen und wird nicht "
        "gezeigt, auch wenn sie Ziele, Schritte oder Maßnahmen zählt (sie gehören zu diesen "
        "Personen). „x“: verdeckt, damit sich eine solche Zahl nicht aus anderen Zahlen des "
        "Berichts oder anderer Berichte errechnen lässt. 0 heißt: keine.",
        "Ein Jahr ist nicht die Summe seiner Halbjahre: Ein Fall mit Vereinbarungen in beiden "
        "Halbjahren zählt im Jahr einmal, mit seiner letzten Vereinbarung.",
        f"Überfällige Schritte und Überprüfungen: Stand {german_date(figures.cutoff)}.",
    ]
    if figures.skipped:
        notes.append(
            f"{counted(figures.skipped, 'Dokument', 'Dokumente')} mit Fehlern "
            f"{'ist' if figures.skipped == 1 else 'sind'} nicht mitgezählt "
            "(„kimdocs check“ nennt sie)."
        )
    report = ReportData(
        fields, whole, figures, chosen, threshold, shown, drawn, plan, findings, notes
    )
    _audit(report, master, source)
    return report


def _audit(report: ReportData, master: Master, source: Path | None) -> None:
    """Fail the build if what the report publishes narrows a hidden cell too far."""
    found = narrowed(master, report.published())
    if not found:
        return
    where: dict[Key, tuple[Table, int, int]] = {}
    for table in [*report.tables, *(c.table for c in report.charts if c.table is not None)]:
        for r, row in enumerate(table.keys):
            for c, key in enumerate(row):
                if key is not None:
                    where.setdefault(key, (table, r, c))
    problems = []
    for hit in found:
        table, r, c = where[hit.key]
        values = f"{int(hit.low)}" if hit.low == hit.high else f"{int(hit.low)} bis {int(hit.high)}"
        problems.append(
            Problem(
                f"Die verdeckte Zahl in „{table.title}“, Zeile „{table.rows[r]}“, Spalte "
                f"„{table.columns[c]}“ ({table.text(r, c)}) ließe sich aus den übrigen Zahlen "
                f"des Berichts auf {values} eingrenzen. Der Bericht wird nicht erzeugt; bitte "
                "weniger Kennzahlen oder Bezirke zeigen und den Fehler melden.",
                file=source,
                field="kennzahlen",
            )
        )
    raise RenderError(problems)


def _milestones(fields: ReportFields) -> plots.Milestones | None:
    if not fields.milestones:
        return None
    keys = milestone_halves(fields.milestones, fields.period.start, fields.period.end)
    index = {k: n for n, k in enumerate(keys)}
    return plots.Milestones(
        halves=tuple(half_year_label(k) for k in keys),
        rows=tuple(
            (m.title, m.status, frozenset(index[h] for h in m.half_years))
            for m in fields.milestones
        ),
    )


def _grouped(
    found: list[Finding], names: dict[str, str], threshold: int
) -> list[tuple[str, list[str]]]:
    """Findings per district; the same finding from several minutes once, with how often
    (how many minutes only where they concern at least ``threshold`` persons)."""
    counted: dict[str, dict[str, list[str]]] = {}
    for finding in found:
        if finding.district not in names:
            continue
        for item in _items(finding.markdown):
            per = counted.setdefault(names[finding.district], {})
            per.setdefault(item, []).append(finding.person)
    return [
        (district, [_with_count(item, people, threshold) for item, people in items.items()])
        for district, items in counted.items()
    ]


def _with_count(item: str, people: list[str], threshold: int) -> str:
    if len(people) < 2:
        return item
    if len(set(people)) < threshold:
        return f"{item} (in mehreren Protokollen)"
    return f"{item} (in {len(people)} Protokollen)"


def _items(markdown: str) -> list[str]:
    """A findings section as its list items (or as one text, if it is no list)."""
    lines = markdown.strip().splitlines()
    marker = re.compile(r"^(?:[-*+]|\d+[.)])\s+")
    if not lines or not marker.match(lines[0]):
        return [markdown.strip()]
    items: list[str] = []
    for line in lines:
        if marker.match(line):
            items.append(marker.sub("", line).strip())
        elif items and line.strip():
            items[-1] += " " + line.strip()
    return items
