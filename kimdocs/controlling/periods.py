"""Report periods: quarters, half-years and years, named as German reports name them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from kimdocs.base.dates import add_months

Granularity = Literal["quartal", "halbjahr", "jahr"]
GRANULARITIES: tuple[Granularity, ...] = ("quartal", "halbjahr", "jahr")
_MONTHS: dict[Granularity, int] = {"quartal": 3, "halbjahr": 6, "jahr": 12}


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    label: str  # "1. HJ 2026", "2. Quartal 2026", "2026"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


def period_of(day: dt.date, granularity: Granularity) -> Period:
    """The quarter, half-year or year that ``day`` lies in."""
    months = _MONTHS[granularity]
    first = (day.month - 1) // months * months + 1
    start = dt.date(day.year, first, 1)
    end = add_months(start, months) - dt.timedelta(days=1)
    number = (first - 1) // months + 1
    if granularity == "quartal":
        label = f"{number}. Quartal {day.year}"
    elif granularity == "halbjahr":
        label = f"{number}. HJ {day.year}"
    else:
        label = str(day.year)
    return Period(start, end, label)


def periods_between(start: dt.date, end: dt.date, granularity: Granularity) -> list[Period]:
    """Every period from the one holding ``start`` to the one holding ``end``."""
    found: list[Period] = []
    day = start
    while day <= end:
        period = period_of(day, granularity)
        found.append(period)
        day = period.end + dt.timedelta(days=1)
    return found


@dataclass(frozen=True)
class GridPeriod:
    """A period of the fixed grid (kimdocs.kinds.report.GRID) with its place in it."""

    period: Period
    key: str  # "2026-H2", "2026"
    level: int  # 0 half-year, 1 year
    children: tuple[str, ...]  # keys of the periods of the next finer level inside it


def grid_key(period: Period, granularity: Granularity) -> str:
    if granularity == "quartal":
        return f"{period.start.year}-Q{(period.start.month - 1) // 3 + 1}"
    if granularity == "halbjahr":
        return f"{period.start.year}-H{(period.start.month - 1) // 6 + 1}"
    return str(period.start.year)


# The grid a report's periods come from (kimdocs.kinds.report.GRID), finest first.
GRID_SIZES: tuple[Granularity, ...] = ("halbjahr", "jahr")


def grid_periods(whole: Period, granularity: Granularity) -> list[GridPeriod]:
    """Every grid period inside ``whole`` (itself of ``granularity``), finest first."""
    found: list[GridPeriod] = []
    levels = GRID_SIZES[: GRID_SIZES.index(granularity) + 1]
    for level, size in enumerate(levels):
        finer = levels[level - 1] if level else None
        for period in periods_between(whole.start, whole.end, size):
            children = (
                tuple(grid_key(p, finer) for p in periods_between(period.start, period.end, finer))
                if finer is not None
                else ()
            )
            found.append(GridPeriod(period, grid_key(period, size), level, children))
    return found
