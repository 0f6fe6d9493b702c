"""Periods and ages counted as German law counts them (§§ 187, 188 BGB).

A residence "seit drei Jahren" or an age "bis zur Vollendung des 27. Lebensjahres" is a
period whose first day counts (§ 187 Abs. 2 BGB: the day of birth, or the first day of a
residence, is counted in). Such a period ends with the day *before* the day that has the
same number N months later (§ 188 Abs. 2 BGB, second case); where that day does not exist
in the last month (a start on the 29th, 30th or 31st), it ends with the month's last day
(§ 188 Abs. 3 BGB). So a person born on 29.02.2000 completes a year of life at the end of
28.02.2001, and a residence from 31.01. completes one month at the end of 28./29.02.

:func:`kimdocs.dates.add_months` clips to the month's end as well, but names the
anniversary, not the last day of the period: for a start on the 31st both differ by a day.
"""

from __future__ import annotations

import datetime as dt

from kimdocs.base.dates import add_months, months_apart

ONE_DAY = dt.timedelta(days=1)
MONTHS_A_YEAR = 12


def period_end(start: dt.date, months: int) -> dt.date:
    """The last day of a period of ``months`` months whose first day is ``start``.

    § 188 Abs. 2 BGB (with § 187 Abs. 2): the day before the day with ``start``'s number;
    § 188 Abs. 3 BGB: the month's last day where that number does not exist.
    """
    if months < 1:
        raise ValueError("Ein Zeitraum hat mindestens einen Monat.")
    anniversary = add_months(start, months)  # the same number, or the month's last day
    if anniversary.day < start.day:
        return anniversary  # § 188 Abs. 3: that number does not exist in the month
    return anniversary - ONE_DAY


def period_opens(start: dt.date, months: int) -> dt.date:
    """The first day on which a period of ``months`` months from ``start`` is complete."""
    return period_end(start, months) + ONE_DAY


def age_completed_on(birth: dt.date, years: int) -> dt.date:
    """The day at whose end the ``years``-th year of life is completed ("vollendet")."""
    return period_end(birth, 12 * years)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years of life at the start of ``day`` (0 before the first birthday)."""
    if day < birth:
        raise ValueError("Der Tag liegt vor der Geburt.")
    years = day.year - birth.year
    while years > 0 and age_completed_on(birth, years) >= day:
        years -= 1
    return years


def months_between(start: dt.date, day: dt.date) -> int:
    """Whole months completed from ``start`` (counted in) to the start of ``day``."""
    months = months_apart(start, day)
    while months > 0 and period_opens(start, months) > day:
        months -= 1
    return max(months, 0)


def years_months(months: int) -> str:
    """``68`` → ``5 Jahre 8 Monate``; ``12`` → ``1 Jahr``."""
    years, rest = months // MONTHS_A_YEAR, months % MONTHS_A_YEAR
    parts = []
    if years:
        parts.append(f"{years} {'Jahr' if years == 1 else 'Jahre'}")
    if rest or not years:
        parts.append(f"{rest} {'Monat' if rest == 1 else 'Monate'}")
    return " ".join(parts)
