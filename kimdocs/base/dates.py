"""Dates as German readers write them (``02.03.2026``, ``2. März 2026``), and month arithmetic."""

from __future__ import annotations

import calendar
import datetime as dt

MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


def today() -> dt.date:
    """The one clock of kimdocs: review dates, overdue steps and new skeletons ask here.

    Called as ``dates.today()``, so that a test (or a wrapper) fixes the day in one place.
    """
    return dt.date.today()


def german_date(value: dt.date | None, style: str = "short") -> str:
    """``2026-03-02`` → ``02.03.2026`` (short) or ``2. März 2026`` (long)."""
    if value is None:
        return ""
    if style == "long":
        return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"
    return value.strftime("%d.%m.%Y")


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months; a 29 February or 31st becomes the month's last day."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def months_apart(start: dt.date, day: dt.date) -> int:
    """Calendar months from ``start``'s month to ``day``'s (days not counted)."""
    return (day.year - start.year) * 12 + day.month - start.month


def month_start(day: dt.date, months: int = 0) -> dt.date:
    """The first day of the month ``months`` after ``day``'s month."""
    return add_months(day.replace(day=1), months)


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month: ``2026-02-10`` → ``2026-02-28``."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
