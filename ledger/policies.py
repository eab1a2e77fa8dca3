"""The ledger's rules that a county may tune, read from settings (see docs/ledger.md)."""

from datetime import date

from django.conf import settings

from core.workdays import add_working_days, overrides_for, span_after


def daily_cap_minutes() -> int:
    return settings.HONGYI_DAILY_CAP_MINUTES


def minimum_session_minutes() -> int:
    return settings.HONGYI_MIN_SESSION_MINUTES


def record_deadline(service_date: date, overrides: dict | None = None) -> date:
    """The last day to complete the record: 10 working days after the activity (Art.11)."""
    days = settings.HONGYI_RECORD_DEADLINE_WORKING_DAYS
    return add_working_days(service_date, days, overrides)


def record_deadlines(service_dates) -> dict[date, date]:
    """Deadlines for many dates with one read of the override table."""
    dates = set(service_dates)
    if not dates:
        return {}
    days = settings.HONGYI_RECORD_DEADLINE_WORKING_DAYS
    overrides = overrides_for(min(dates), span_after(max(dates), days))
    return {day: add_working_days(day, days, overrides) for day in dates}


def star_level(service_minutes: int) -> int:
    """0 to 5 stars, from cumulative service hours against the thresholds."""
    thresholds = settings.HONGYI_STAR_THRESHOLDS_HOURS
    return sum(1 for hours in thresholds if service_minutes >= hours * 60)


CHINESE_NUMERALS = "一二三四五六七八九十"


def star_title(level: int) -> str:
    """``一星志愿者`` … ``五星志愿者``: the title a star level carries (2012 rules)."""
    return f"{CHINESE_NUMERALS[level - 1]}星志愿者" if 0 < level <= 10 else f"{level}星志愿者"


def next_star(service_minutes: int) -> tuple[int, int] | None:
    """The next star level and the service minutes still missing to reach it; None at the
    top level."""
    level = star_level(service_minutes)
    _start, upper = star_range(level)
    return None if upper is None else (level + 1, upper - service_minutes)


def star_range(level: int) -> tuple[int, int | None]:
    """The service minutes of a star level: ``(from, below)``; ``below`` is None for the top."""
    thresholds = [0, *(hours * 60 for hours in settings.HONGYI_STAR_THRESHOLDS_HOURS)]
    upper = thresholds[level + 1] if level + 1 < len(thresholds) else None
    return thresholds[level], upper
