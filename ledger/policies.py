"""The ledger's rules that a county may tune, read from settings (see docs/ledger.md)."""

from datetime import date

from django.conf import settings

from core.workdays import add_working_days


def daily_cap_minutes() -> int:
    return settings.HONGYI_DAILY_CAP_MINUTES


def minimum_session_minutes() -> int:
    return settings.HONGYI_MIN_SESSION_MINUTES


def record_deadline(service_date: date) -> date:
    """The last day to complete the record: 10 working days after the activity (Art.11)."""
    return add_working_days(service_date, settings.HONGYI_RECORD_DEADLINE_WORKING_DAYS)


def star_level(service_minutes: int) -> int:
    """0 to 5 stars, from cumulative service hours against the thresholds."""
    thresholds = settings.HONGYI_STAR_THRESHOLDS_HOURS
    return sum(1 for hours in thresholds if service_minutes >= hours * 60)
