from datetime import date

import pytest

from core.models import WorkdayOverride
from core.quantities import format_hours
from core.workdays import add_working_days, is_working_day

pytestmark = pytest.mark.django_db


def test_national_day_is_a_holiday_and_its_saturday_make_up_day_is_a_workday():
    assert is_working_day(date(2026, 10, 1)) is False  # 国庆节
    assert is_working_day(date(2026, 10, 10)) is True  # 调休上班 (Saturday)
    assert is_working_day(date(2026, 9, 20)) is True  # 调休上班 (Sunday)
    assert is_working_day(date(2026, 9, 25)) is False  # 中秋节 (Friday)


def test_ten_working_days_skip_the_golden_week():
    assert add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)
    # 9-29, 9-30, then 10-8, 10-9, 10-10 (Saturday, make-up), 10-12 … 10-16
    assert add_working_days(date(2026, 9, 28), 10) == date(2026, 10, 16)


def test_a_staff_override_wins_for_a_year_the_package_does_not_know():
    WorkdayOverride.objects.create(date=date(2027, 10, 9), is_workday=True, note="2027调休")
    WorkdayOverride.objects.create(date=date(2027, 10, 8), is_workday=False, note="2027国庆")
    assert is_working_day(date(2027, 10, 9)) is True  # a Saturday
    assert is_working_day(date(2027, 10, 8)) is False  # a Friday


@pytest.mark.parametrize("day", [date(1, 1, 1), date(2150, 6, 3), date(9999, 12, 31)])
def test_any_date_gets_an_answer(day):
    assert is_working_day(day) in (True, False)


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(0, "0.0"), (1, "0.0"), (3, "0.1"), (90, "1.5"), (95, "1.6"), (-150, "-2.5")],
)
def test_minutes_show_as_hours_with_one_decimal(minutes, shown):
    assert format_hours(minutes) == shown
