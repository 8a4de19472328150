"""Working days: Monday to Friday except the country's public holidays (``holidays`` package).

Counting convention, shared by both functions: the first day is not counted, the last one is,
so that ``working_days_between(d, add_working_days(d, n)) == n``.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays

ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=256)
def _holidays(country: str, year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays(country, years=year).keys())


def is_working_day(day: datetime.date, country: str | None = "RO") -> bool:
    """Monday to Friday and not a public holiday of ``country`` (no holidays when ``None``)."""
    if day.weekday() >= 5:
        return False
    return country is None or day not in _holidays(country.upper(), day.year)


def working_days_between(start: datetime.date, end: datetime.date,
                         country: str | None = "RO") -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` comes
    first (the working days after ``end`` up to and including ``start``, negated)."""
    if end < start:
        return -working_days_between(end, start, country)
    count = 0
    day = start + ONE_DAY
    while day <= end:
        if is_working_day(day, country):
            count += 1
        day += ONE_DAY
    return count


def add_working_days(day: datetime.date, n: int, country: str | None = "RO") -> datetime.date:
    """The ``n``-th working day after ``day`` (``n`` < 0: before it; 0: ``day`` itself)."""
    step = ONE_DAY if n >= 0 else -ONE_DAY
    remaining = abs(n)
    while remaining:
        day += step
        if is_working_day(day, country):
            remaining -= 1
    return day
