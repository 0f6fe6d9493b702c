"""Dates as German readers write them: ``02.03.2026`` and ``2. März 2026``."""

from __future__ import annotations

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
