"""Bericht: a report across cases for the steering group, the committee or the Land.

The front matter says what to show (period, districts, tables, charts, milestones); the
body holds the narrative. The figures are not part of the document: the build counts them
from the project's agreements and minutes (``kimdocs.controlling``), with small counts
hidden, so that a report never carries anything of a single case.

Two rules keep reports from giving a hidden figure away together: the period is one
period of a fixed grid (a calendar half-year or year, see :func:`grid_size`),
so that two reports never differ by a stretch of time that is not itself a published
period; and every figure comes from one table per grid period over all districts, with
one suppression, of which each report shows its districts' columns
(kimdocs.controlling.cells). Free text goes through the identifier check
(kimdocs.kinds.report_text).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, Field

from kimdocs import kind_names
from kimdocs.base.dates import add_months, german_date
from kimdocs.base.errors import Problem
from kimdocs.kinds.kind import Check, Document, Kind
from kimdocs.project import Project
from kimdocs.schema import Date, Model, NonEmpty, Text, item, kind_field

# Tables and charts a report can show; the controlling package makes them.
TABLES = (
    "faelle",
    "personal",
    "ziele_handlungsfeld",
    "ziele_prioritaet",
    "zielerreichung",
    "zielerreichung_verlauf",
    "schritte",
    "ueberfaellig",
    "dauer",
    "fallkonferenzen",
    "rechtskreise",
    "massnahmen",
    "wege",
    "ampel",
)
CHARTS = ("faelle_bezirk", "ziele_handlungsfeld", "zielerreichung_verlauf", "meilensteine")
MILESTONE_STATES = ("geplant", "läuft", "erledigt", "verschoben")
# The grid of periods a report may cover and divide its time series by, finest first,
# with their length in months. Quarters are not in it: with a few dozen cases a district,
# nearly every quarterly figure would be hidden, and the hidden half-years and years
# protecting them would leave the yearly report for the committee half empty.
GRID: tuple[tuple[Literal["halbjahr", "jahr"], int], ...] = (("halbjahr", 6), ("jahr", 12))
_GRID_NAMES = {"halbjahr": "ein Halbjahr", "jahr": "ein Jahr"}

_HALF = re.compile(
    r"^\s*(?:([12])\.\s*(?:HJ|Halbjahr)\s*(\d{4})|(\d{4})\s*[-/]\s*(?:H|HJ)?([12]))\s*$"
)


def _half_year(value: Any) -> str:
    """``1. HJ 2026``, ``1. Halbjahr 2026``, ``2026-1`` or ``2026/H1`` → ``2026-1``."""
    match = _HALF.match(str(value))
    if match is None:
        raise ValueError(f"„{value}“ ist kein Halbjahr. Bitte so schreiben: „1. HJ 2026“.")
    half, year = (match.group(1), match.group(2)) if match.group(1) else match.group(4, 3)
    return f"{year}-{half}"


HalfYear = Annotated[str, BeforeValidator(_half_year)]


def half_year_label(key: str) -> str:
    """``2026-1`` → ``1. HJ 2026``."""
    year, half = key.split("-")
    return f"{half}. HJ {year}"


class Milestone(Model):
    title: NonEmpty = Field(alias="titel", title="Meilenstein")
    half_years: list[HalfYear] = Field(
        alias="halbjahre",
        min_length=1,
        title="Halbjahre",
        description="Je Zeile eines, z. B. 1. HJ 2026.",
    )
    status: Literal[MILESTONE_STATES] = Field("geplant", title="Stand")  # type: ignore[valid-type]


class Period(Model):
    start: Date = Field(alias="von", title="Von")
    end: Date = Field(alias="bis", title="Bis")
    granularity: Literal["quartal", "halbjahr", "jahr"] = Field(
        "halbjahr", alias="einteilung", title="Einteilung"
    )


class ReportFields(Model):
    kind: Text = kind_field()
    title: NonEmpty = Field(alias="titel", title="Titel")
    subtitle: Text = Field("", alias="untertitel", title="Untertitel")
    audience: Text = Field("", alias="gremium", title="Gremium")
    date: Date = Field(alias="datum", title="Datum")
    period: Period = Field(alias="zeitraum", title="Zeitraum")
    districts: list[str] = Field(
        [],
        alias="bezirke",
        title="Bezirke",
        description="Je Zeile eine Bezirks-ID; leer: alle Bezirke.",
    )
    layout: Literal["bericht", "folien"] = Field("bericht", title="Form")
    tables: list[Literal[TABLES]] = Field(  # type: ignore[valid-type]
        list(TABLES), alias="kennzahlen", title="Kennzahlen"
    )
    charts: list[Literal[CHARTS]] = Field(  # type: ignore[valid-type]
        list(CHARTS), alias="diagramme", title="Diagramme"
    )
    milestones: list[Milestone] = Field(
        [], alias="meilensteine", title="Meilensteine", json_schema_extra=item("Meilenstein")
    )
    findings: bool = Field(
        True, alias="strukturelle_erkenntnisse", title="Strukturelle Erkenntnisse zeigen"
    )


class Report(Kind[ReportFields]):
    names = kind_names.REPORT
    label = "Bericht"
    model = ReportFields
    formats = ("pdf", "docx", "html", "xlsx", "csv", "json")
    skeleton = "report.md"
    distinct_by = "Titel, Datum oder Layout"
    always_formats = ("pdf", "docx", "xlsx", "csv", "json")
    # Counted by the build (kimdocs.render.context asks kimdocs.controlling).
    aggregates = True
    # The figures come from the other documents (``aggregates``): their type is declared
    # where they are computed (kimdocs.render.context).
    context_types: ClassVar[Mapping[str, Any]] = {}

    def title(self, fields: ReportFields) -> str:
        return str(fields.title)

    def identity(self, fields: ReportFields) -> tuple[str, str, str]:
        # The same report as A4 and as slides are two documents.
        return (self.id, fields.title, f"Datum {german_date(fields.date)}, Layout {fields.layout}")

    def checks(self) -> list[Check]:
        return [self.known_districts, self.period_order, self.period_grid, self.free_text]

    def known_districts(self, doc: Document[ReportFields], project: Project) -> list[Problem]:
        return [
            p
            for n, district in enumerate(doc.fields.districts)
            for p in self.district_problems(doc, project, district, ("bezirke", n))  # type: ignore[arg-type]
        ]

    def period_order(self, doc: Document[ReportFields], project: Project) -> list[Problem]:
        period = doc.fields.period
        if period.end >= period.start:
            return []
        return [doc.source.problem(("zeitraum", "bis"), "„bis“ liegt vor „von“.")]

    def period_grid(self, doc: Document[ReportFields], project: Project) -> list[Problem]:
        """The period is one calendar half-year or year, and the time series is divided by
        half-years or years, no coarser than the period: a report over any other stretch
        of time would give, beside another report, the figures of the difference."""
        period = doc.fields.period
        if period.end < period.start:
            return []  # period_order says so
        size = grid_size(period.start, period.end)
        if size is None:
            return [
                doc.source.problem(
                    ("zeitraum", "von"),
                    "Ein Bericht zeigt ein Kalenderjahr oder ein Halbjahr, z. B. von "
                    f"{period.start.year}-01-01 bis {period.start.year}-12-31 oder von "
                    f"{period.start.year}-07-01 bis {period.start.year}-12-31: Berichte über "
                    "andere Zeiträume ließen zusammen mit anderen Berichten kleine Zahlen "
                    "durch Abziehen errechnen.",
                )
            ]
        if period.granularity == "quartal":
            return [
                doc.source.problem(
                    ("zeitraum", "einteilung"),
                    "Nach Quartalen teilt kimdocs nicht ein: bei wenigen Fällen je Bezirk wäre "
                    "fast jede Zahl verdeckt. Bitte „halbjahr“ oder „jahr“ schreiben.",
                )
            ]
        months = dict(GRID)
        if months[period.granularity] > months[size]:
            return [
                doc.source.problem(
                    ("zeitraum", "einteilung"),
                    f"Die Einteilung „{period.granularity}“ ist gröber als der Zeitraum "
                    f"({_GRID_NAMES[size]}); bitte „{size}“ oder feiner wählen.",
                )
            ]
        return []

    def free_text(self, doc: Document[ReportFields], project: Project) -> list[Problem]:
        """The report's own text and the findings it takes pass the identifier check."""
        from kimdocs.kinds.report_text import (
            finding_problems,
            minutes_findings,
            own_text_problems,
            project_matcher,
        )

        f = doc.fields
        matcher = project_matcher(project)
        own: list[tuple[tuple[str | int, ...], str]] = [
            (("titel",), f.title),
            (("untertitel",), f.subtitle),
            (("gremium",), f.audience),
        ]
        own += [(("meilensteine", n, "titel"), m.title) for n, m in enumerate(f.milestones)]
        problems = own_text_problems(matcher, doc.source, own)
        if not f.findings:
            return problems
        chosen = {d.id for name in f.districts if (d := project.district(name)) is not None}
        for found in minutes_findings(project):
            district = project.district(found.district)
            if district is None or (chosen and district.id not in chosen):
                continue
            if found.date is None or not f.period.start <= found.date <= f.period.end:
                continue
            problems += finding_problems(matcher, found, doc.source.path)
        return problems

    def files(self, doc: Document[ReportFields]) -> list[Path]:
        """Every agreement and minutes the report counts: a change to any of them (and
        only to them, the report itself, the templates or kimdocs.toml) rebuilds it."""
        from kimdocs.catalog import current_catalog
        from kimdocs.kinds.caseload import rule_paths
        from kimdocs.project import load_project

        project = load_project(doc.source.path.parent)
        counted = (kind_names.AGREEMENT.id, kind_names.MINUTES.id, kind_names.PERSPECTIVE.id)
        documents = [e.path for e in current_catalog(project).documents() if e.kind in counted]
        return documents + rule_paths(project)

    def data(self, doc: Document[ReportFields], context: dict[str, Any]) -> dict[str, Any]:
        """The report's figures for other systems: tables with hidden cells as text."""
        data: dict[str, Any] = context["report"].data()
        return data


def grid_size(start: dt.date, end: dt.date) -> Literal["halbjahr", "jahr"] | None:
    """Which period of the grid ``start``–``end`` is, if it is one."""
    for name, months in GRID:
        if (
            start.day == 1
            and (start.month - 1) % months == 0
            and end == add_months(start, months) - dt.timedelta(days=1)
        ):
            return name
    return None


def milestone_halves(milestones: list[Milestone], start: dt.date, end: dt.date) -> list[str]:
    """The half-years the milestone plan spans: the report period's and the milestones'."""
    keys = {m for ms in milestones for m in ms.half_years}
    year, half = start.year, 1 if start.month <= 6 else 2
    while (year, half) <= (end.year, 1 if end.month <= 6 else 2):
        keys.add(f"{year}-{half}")
        year, half = (year, 2) if half == 1 else (year + 1, 1)
    return sorted(keys)
