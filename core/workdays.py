"""Working days in mainland China: statutory holidays and make-up workdays (调休).

The ``holidays`` package knows each year's arrangement once the State Council has
announced it (around November for the next year). For a year it does not know yet,
staff enter the arrangement in ``WorkdayOverride``, which always wins. A date the
package cannot answer for falls back to Monday–Friday: a calendar gap must never stop
an approval.
"""

from datetime import date, timedelta
from functools import lru_cache


@lru_cache(maxsize=32)
def _china(year: int):
    import holidays

    return holidays.China(years=year)


def overrides_for(start: date, end: date) -> dict[date, bool]:
    from core.models import WorkdayOverride

    rows = WorkdayOverride.objects.filter(date__range=(start, end))
    return dict(rows.values_list("date", "is_workday"))


def is_working_day(day: date, overrides: dict[date, bool] | None = None) -> bool:
    if overrides is None:
        overrides = overrides_for(day, day)
    if day in overrides:
        return overrides[day]
    try:
        return bool(_china(day.year).is_working_day(day))
    except Exception:  # noqa: BLE001 - an unknown year or date must not crash a page
        return day.weekday() < 5


def span_after(start: date, count: int) -> date:
    """A date safely past ``count`` working days after ``start`` (long holidays included)."""
    return start + timedelta(days=count * 3 + 30)


def add_working_days(start: date, count: int, overrides: dict | None = None) -> date:
    """The date ``count`` working days after ``start`` (``start`` itself not counted).

    Pass ``overrides`` (from ``overrides_for``) when computing many dates at once.
    """
    if overrides is None:
        overrides = overrides_for(start, span_after(start, count))
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day, overrides):
            remaining -= 1
    return day
