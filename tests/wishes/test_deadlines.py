"""Huzhou's colours in working days with 调休: the May Day make-up Saturday of 2026
(9 May is a working day) moves what counts as "due within one working day"."""

from datetime import date

from core.models import WorkdayOverride
from tests.wishes.conftest import at
from wishes.deadlines import GREEN, RED, YELLOW, Palette, due_date
from wishes.selectors import township_open

MAKE_UP_SATURDAY = date(2026, 5, 9)


def test_on_the_friday_before_a_make_up_saturday_monday_is_still_green(db):
    friday = Palette.on(date(2026, 5, 8))
    assert friday.yellow_until == MAKE_UP_SATURDAY
    assert friday.colour(date(2026, 5, 7)) == RED
    assert friday.colour(date(2026, 5, 8)) == YELLOW
    assert friday.colour(MAKE_UP_SATURDAY) == YELLOW
    assert friday.colour(date(2026, 5, 11)) == GREEN


def test_on_an_ordinary_friday_monday_is_yellow(db):
    friday = Palette.on(date(2026, 5, 15))
    assert friday.yellow_until == date(2026, 5, 18)
    assert friday.colour(date(2026, 5, 18)) == YELLOW
    assert friday.colour(date(2026, 5, 19)) == GREEN


def test_deadlines_skip_the_may_day_holiday_and_count_the_make_up_saturday(db):
    assert due_date(date(2026, 4, 30), 1) == date(2026, 5, 6)  # 1–5 May are off
    assert due_date(date(2026, 5, 8), 1) == MAKE_UP_SATURDAY
    assert due_date(date(2026, 5, 7), 3) == date(2026, 5, 11)


def test_a_staff_override_wins_over_the_calendar(db):
    WorkdayOverride.objects.create(date=MAKE_UP_SATURDAY, is_workday=False, note="测试")
    assert Palette.on(date(2026, 5, 8)).yellow_until == date(2026, 5, 11)


def test_the_township_list_sorts_red_then_yellow_then_green_across_the_weekend(
    file, pingshan, kinds
):
    kinds["visitor"].deadline_working_days = 1
    kinds["visitor"].save()
    late = file("visitor", title="迟了", now=at(2026, 5, 6, 10))  # due Thu 7 May
    today = file("visitor", title="明天到期", now=at(2026, 5, 8, 10))  # due Sat 9 May
    later = file(title="下周", now=at(2026, 5, 8, 10))  # 5 working days: due Fri 15 May
    rows = list(township_open(pingshan.xibaipo, Palette.on(date(2026, 5, 8))))
    assert [(r["code"], r["rank"]) for r in rows] == [(late.code, 0), (today.code, 1),
                                                      (later.code, 2)]  # fmt: skip
    assert today.due_on == MAKE_UP_SATURDAY
