"""Series expansion: an RRULE in Asia/Shanghai, minus holiday breaks, plus make-up workdays.

- Every rule must end: COUNT or UNTIL, and at most ``HONGYI_SERIES_MAX_OCCURRENCES``.
- ``skip_holidays`` drops occurrences inside a holiday break: a run of consecutive
  non-working days that holds at least one statutory holiday (so the weekend inside
  National Day week is skipped, an ordinary weekend is not).
- ``makeup_workdays`` adds the make-up workdays (调休, weekend days that are working days)
  inside the series' span, at the series' time of day: a "working days" series meets then.

Working days come from ``core.workdays`` (the ``holidays`` package and the staff override
table). A year the package does not know never raises: it only finds no holidays.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.workdays import is_working_day, overrides_for
from events.errors import EventError

BREAK_SEARCH_DAYS = 12


@dataclass
class Expansion:
    starts: list[datetime] = field(default_factory=list)  # the occurrences, aware
    exdates: list[datetime] = field(default_factory=list)  # dropped by the holiday rule
    rdates: list[datetime] = field(default_factory=list)  # added make-up workdays


def _local_naive(moment: datetime) -> datetime:
    return timezone.localtime(moment).replace(tzinfo=None)


def parse_rule(rrule: str, starts_at: datetime):
    """The dateutil rule, or an EventError saying what is wrong with it."""
    from dateutil.rrule import rrulestr

    text = rrule.strip().removeprefix("RRULE:")
    if not text:
        raise EventError(_("Enter a recurrence rule."), "rrule_invalid")
    try:
        rule = rrulestr(text, dtstart=_local_naive(starts_at))
    except (ValueError, TypeError) as error:
        raise EventError(
            _("This recurrence rule cannot be read: %(error)s") % {"error": error},
            "rrule_invalid",
        ) from error
    upper = text.upper()
    if "COUNT=" not in upper and "UNTIL=" not in upper:
        raise EventError(
            _("A series must end: give the number of times (COUNT) or an end date (UNTIL)."),
            "rrule_unbounded",
        )
    return rule


def expand(*, rrule: str, starts_at: datetime, skip_holidays=False, makeup_workdays=False):
    """The series' occurrences (see the module docstring). Raises EventError on a bad rule."""
    rule = parse_rule(rrule, starts_at)
    cap = settings.HONGYI_SERIES_MAX_OCCURRENCES
    local = []
    for index, moment in enumerate(rule):
        if index >= cap:
            raise EventError(
                _("A series may have at most %(cap)s occurrences.") % {"cap": cap},
                "rrule_unbounded",
            )
        local.append(moment)
    if not local:
        raise EventError(_("This rule gives no dates at all."), "rrule_invalid")
    overrides = overrides_for(
        local[0].date() - timedelta(days=BREAK_SEARCH_DAYS),
        local[-1].date() + timedelta(days=BREAK_SEARCH_DAYS),
    )
    result = Expansion()
    for moment in local:
        if skip_holidays and in_holiday_break(moment.date(), overrides):
            result.exdates.append(_aware(moment))
        else:
            result.starts.append(_aware(moment))
    if makeup_workdays:
        taken = {moment.date() for moment in local}
        for day in makeup_days(local[0].date(), local[-1].date(), overrides):
            if day not in taken:
                moment = _aware(datetime.combine(day, local[0].time()))
                result.rdates.append(moment)
                result.starts.append(moment)
        result.starts.sort()
    return result


def _aware(naive: datetime) -> datetime:
    return timezone.make_aware(naive, timezone.get_default_timezone())


@lru_cache(maxsize=32)
def _china(year: int):
    import holidays

    try:
        return holidays.China(years=year)
    except Exception:  # noqa: BLE001 - an unknown year finds no holidays, never an error
        return {}


def is_statutory_holiday(day: date, overrides: dict) -> bool:
    if overrides.get(day) is False and day.weekday() < 5:
        return True
    return day in _china(day.year)


def in_holiday_break(day: date, overrides: dict) -> bool:
    if is_working_day(day, overrides):
        return False
    for step in (-1, 1):
        probe = day
        for _i in range(BREAK_SEARCH_DAYS):
            if is_statutory_holiday(probe, overrides):
                return True
            probe += timedelta(days=step)
            if is_working_day(probe, overrides):
                break
    return False


def makeup_days(start: date, end: date, overrides: dict) -> list[date]:
    days, day = [], start
    while day <= end:
        if day.weekday() >= 5 and is_working_day(day, overrides):
            days.append(day)
        day += timedelta(days=1)
    return days
