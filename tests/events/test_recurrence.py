"""Recurrence expansion against the State Council's 2025 and 2026 arrangements."""

from datetime import UTC, date

import pytest

from core.models import WorkdayOverride
from events.errors import EventError
from events.recurrence import expand
from tests.events.conftest import at

pytestmark = pytest.mark.django_db


def days(expansion):
    from django.utils import timezone

    return [timezone.localtime(moment).date() for moment in expansion.starts]


def test_weekly_saturday_rehearsal_counts_and_keeps_the_time():
    found = expand(rrule="FREQ=WEEKLY;BYDAY=SA;COUNT=4", starts_at=at(2025, 9, 6, 19))
    assert days(found) == [
        date(2025, 9, 6),
        date(2025, 9, 13),
        date(2025, 9, 20),
        date(2025, 9, 27),
    ]
    assert {moment.astimezone(UTC).hour for moment in found.starts} == {11}  # 19:00 in Shanghai


def test_every_first_saturday():
    found = expand(rrule="FREQ=MONTHLY;BYDAY=1SA;COUNT=3", starts_at=at(2025, 1, 4, 9))
    assert days(found) == [date(2025, 1, 4), date(2025, 2, 1), date(2025, 3, 1)]


def test_skipping_holidays_drops_the_whole_national_day_break_2025():
    found = expand(
        rrule="FREQ=DAILY;UNTIL=20251012T235900",
        starts_at=at(2025, 9, 29, 9),
        skip_holidays=True,
    )
    dropped = [d.date() for d in found.exdates]
    assert dropped == [date(2025, 10, d) for d in range(1, 9)]
    assert date(2025, 9, 30) in days(found)
    assert date(2025, 10, 9) in days(found)
    # An ordinary weekend after the break is not a holiday.
    assert date(2025, 10, 12) in days(found)


def test_working_day_series_meets_on_make_up_workdays_2025_and_2026():
    weekdays = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20251015T235900"
    found = expand(
        rrule=weekdays, starts_at=at(2025, 9, 22, 8), skip_holidays=True, makeup_workdays=True
    )
    assert date(2025, 9, 28) in days(found)  # Sunday, a make-up workday
    assert date(2025, 10, 11) in days(found)  # Saturday, a make-up workday
    assert date(2025, 10, 3) not in days(found)
    assert [d.date() for d in found.rdates] == [date(2025, 9, 28), date(2025, 10, 11)]
    spring = expand(
        rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20260227T235900",
        starts_at=at(2026, 2, 9, 8),
        skip_holidays=True,
        makeup_workdays=True,
    )
    assert date(2026, 2, 14) in days(spring)
    assert date(2026, 2, 17) not in days(spring)  # Spring Festival


def test_a_year_the_package_does_not_cover_does_not_crash():
    found = expand(
        rrule="FREQ=WEEKLY;BYDAY=SA;COUNT=5",
        starts_at=at(2031, 9, 27, 9),
        skip_holidays=True,
        makeup_workdays=True,
    )
    assert len(found.starts) >= 4


def test_a_staff_override_wins_for_an_unknown_year():
    WorkdayOverride.objects.create(date=date(2031, 10, 1), is_workday=False, note="国庆")
    WorkdayOverride.objects.create(date=date(2031, 9, 28), is_workday=True, note="调休")
    found = expand(
        rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20311003T235900",
        starts_at=at(2031, 9, 26, 8),
        skip_holidays=True,
        makeup_workdays=True,
    )
    assert date(2031, 10, 1) not in days(found)
    assert date(2031, 9, 28) in days(found)


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        ("FREQ=WEEKLY;BYDAY=SA", "rrule_unbounded"),
        ("FREQ=DAILY;COUNT=100000", "rrule_unbounded"),
        ("FREQ=SOMETIMES", "rrule_invalid"),
        ("", "rrule_invalid"),
    ],
)
def test_bad_rules_are_refused_with_a_code(rule, code):
    with pytest.raises(EventError) as refused:
        expand(rrule=rule, starts_at=at(2025, 1, 4, 9))
    assert refused.value.code == code
