"""Reminders and change notices (notices/reminders.py), through the events services.

What a volunteer would read is the notice's text rendered for them: the time, the place
and the calendar link. Times are Asia/Shanghai.
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from events.models import Kind
from events.services import (
    event_cancel,
    event_update,
    occurrence_move,
    series_create,
    shift_cancel,
    shift_create,
    shift_sign_up,
)
from notices.models import Notice
from notices.reminders import reminders_send, when_text
from tests.events.conftest import soon

pytestmark = pytest.mark.django_db


def notices_of(user, **filters):
    return list(Notice.objects.filter(recipients__user=user, **filters).order_by("pk"))


def text_of(notice) -> str:
    """The notice as its reader sees it: title, then the text with the values filled in."""
    text = notice.body
    for name, value in notice.context.items():
        text = text.replace("{" + name + "}", str(value))
    return f"{notice.title}\n{text}"


@pytest.fixture
def on_shift(make_event, make_shift, make_volunteer):
    """A performance in four days at 19:00, its guiding shift from 18:30, one volunteer on it."""
    event = make_event(soon(4, 19))
    shift = make_shift(event)
    person = make_volunteer()
    shift_sign_up(shift=shift, user=person)
    return event, shift, person


# --- the day before and two hours before ---------------------------------------------------


def test_the_day_before_a_shift_its_volunteer_is_reminded_of_time_place_and_calendar(on_shift):
    event, shift, person = on_shift
    assert reminders_send(now=shift.starts_at - timedelta(hours=20)) == 1
    (notice,) = notices_of(person)
    seen = text_of(notice)
    assert event.title in seen
    assert when_text(shift.starts_at) in seen  # 18:30, the shift's own start
    assert "西柏坡纪念馆广场" in seen
    assert f"/events/{event.pk}.ics" in seen
    assert "引导" in seen  # the post


def test_a_second_scan_queues_no_reminder_twice(on_shift):
    _event, shift, person = on_shift
    moment = shift.starts_at - timedelta(hours=20)
    assert reminders_send(now=moment) == 1
    assert reminders_send(now=moment + timedelta(minutes=10)) == 0
    out = StringIO()
    call_command("notices_remind", stdout=out)
    assert "reminders queued 0," in out.getvalue()
    assert len(notices_of(person)) == 1


def test_two_hours_before_the_shift_a_second_reminder_goes_out(on_shift):
    _event, shift, person = on_shift
    reminders_send(now=shift.starts_at - timedelta(hours=20))
    assert reminders_send(now=shift.starts_at - timedelta(hours=1, minutes=55)) == 1
    assert reminders_send(now=shift.starts_at - timedelta(hours=1)) == 0
    day, two = notices_of(person)
    assert day.key.startswith("reminder:day:")
    assert two.key.startswith("reminder:2h:")
    assert "两小时后" in two.title or "In two hours" in two.title


def test_nobody_is_reminded_more_than_a_day_ahead_or_after_the_start(on_shift):
    _event, shift, person = on_shift
    assert reminders_send(now=shift.starts_at - timedelta(hours=25)) == 0
    assert reminders_send(now=shift.starts_at + timedelta(minutes=1)) == 0
    assert notices_of(person) == []


def test_the_waitlist_is_not_reminded(make_event, make_shift, make_volunteer):
    event = make_event(soon(4, 19))
    shift = make_shift(event, needed=1)
    first, waiting = make_volunteer("甲志愿"), make_volunteer("乙志愿")
    shift_sign_up(shift=shift, user=first)
    shift_sign_up(shift=shift, user=waiting)
    reminders_send(now=shift.starts_at - timedelta(hours=20))
    assert len(notices_of(first)) == 1
    assert notices_of(waiting) == []


def test_a_rehearsal_reminds_the_members_of_its_team(make_event, pingshan, singers):
    rehearsal = make_event(soon(3, 9), kind=Kind.REHEARSAL, teams=[pingshan.team], title="合唱排练")
    assert reminders_send(now=rehearsal.starts_at - timedelta(hours=20)) == 2
    for singer in singers:
        (notice,) = notices_of(singer)
        assert "合唱排练" in text_of(notice)
        assert when_text(rehearsal.starts_at) in text_of(notice)


def test_a_performance_reminds_only_the_people_on_shifts(make_event, pingshan, singers):
    show = make_event(soon(3, 19), teams=[pingshan.team])
    assert reminders_send(now=show.starts_at - timedelta(hours=20)) == 0


# --- a moved occurrence --------------------------------------------------------------------


@pytest.fixture
def occurrence(organizer, venue, make_volunteer):
    """The second Saturday rehearsal of a weekly series, with a shift and a volunteer on it."""
    series = series_create(
        organizer=organizer, kind=Kind.REHEARSAL, title="周六合唱排练",
        rrule="FREQ=WEEKLY;COUNT=3", starts_at=soon(5, 9), duration_minutes=120, venue=venue,
    )  # fmt: skip
    event = series.occurrences.order_by("starts_at")[1]
    shift = shift_create(event=event, actor=organizer, role="logistics", needed=3,
                         starts_at=event.starts_at, ends_at=event.ends_at)  # fmt: skip
    person = make_volunteer()
    shift_sign_up(shift=shift, user=person)
    return event, shift, person


def test_a_moved_occurrence_tells_everyone_on_it_the_old_and_the_new_time(organizer, occurrence):
    event, _shift, person = occurrence
    old = event.starts_at
    occurrence_move(event=event, actor=organizer, starts_at=old + timedelta(days=1, hours=5),
                    ends_at=event.ends_at + timedelta(days=1, hours=5))  # fmt: skip
    (notice,) = notices_of(person)
    seen = text_of(notice)
    assert when_text(old) in seen
    assert when_text(old + timedelta(days=1, hours=5)) in seen
    assert "/events/" in seen


def test_after_a_move_the_day_before_reminder_follows_the_new_time(organizer, occurrence):
    event, shift, person = occurrence
    old_start = shift.starts_at
    new_start = old_start + timedelta(days=2)
    occurrence_move(event=event, actor=organizer, starts_at=event.starts_at + timedelta(days=2),
                    ends_at=event.ends_at + timedelta(days=2))  # fmt: skip
    told = len(notices_of(person))
    assert reminders_send(now=old_start - timedelta(hours=20)) == 0  # the old day: nothing
    assert reminders_send(now=new_start - timedelta(hours=20)) == 1
    reminder = notices_of(person)[told]
    assert when_text(new_start) in text_of(reminder)
    assert when_text(old_start) not in text_of(reminder)


def test_a_reminder_sent_before_a_move_is_sent_again_for_the_new_time(organizer, occurrence):
    event, shift, person = occurrence
    reminders_send(now=shift.starts_at - timedelta(hours=20))
    occurrence_move(event=event, actor=organizer, starts_at=event.starts_at + timedelta(hours=3),
                    ends_at=event.ends_at + timedelta(hours=3))  # fmt: skip
    assert reminders_send(now=shift.starts_at - timedelta(hours=17)) == 1
    keys = [n.key or "" for n in notices_of(person)]
    assert len([k for k in keys if k.startswith("reminder:day:")]) == 2


def test_a_moved_single_event_tells_its_team_and_its_shift(
    organizer, make_event, make_shift, make_volunteer, pingshan, singers
):
    event = make_event(soon(6, 19), teams=[pingshan.team])
    person = make_volunteer()
    shift_sign_up(shift=make_shift(event), user=person)
    event_update(event=event, actor=organizer, starts_at=soon(6, 15), ends_at=soon(6, 17))
    for user in [person, *singers]:
        (notice,) = notices_of(user)
        assert "19:00" in text_of(notice)
        assert "15:00" in text_of(notice)


def test_an_edit_that_keeps_time_and_place_tells_nobody(organizer, on_shift):
    event, _shift, person = on_shift
    event_update(event=event, actor=organizer, description="新增节目单")
    assert notices_of(person) == []


def test_a_draft_moved_tells_nobody(organizer, make_event, pingshan, singers):
    draft = make_event(soon(6, 19), teams=[pingshan.team], publish=False)
    event_update(event=draft, actor=organizer, starts_at=soon(7, 19), ends_at=soon(7, 21))
    assert Notice.objects.count() == 0


# --- cancelled -----------------------------------------------------------------------------


def test_a_cancelled_event_tells_everyone_with_the_reason_and_reminds_no_one(
    organizer, on_shift, pingshan, singers
):
    event, shift, person = on_shift
    event.teams.set([pingshan.team])
    event_cancel(event=event, actor=organizer, reason="大风预警")
    for user in [person, *singers]:
        (notice,) = notices_of(user)
        assert "大风预警" in text_of(notice)
        assert event.title in text_of(notice)
    assert reminders_send(now=shift.starts_at - timedelta(hours=20)) == 0
    event_cancel(event=event, actor=organizer, reason="again")
    assert len(notices_of(person)) == 1  # cancelling twice tells once


def test_a_skipped_occurrence_tells_its_volunteer(organizer, occurrence):
    from events.services import occurrence_skip

    event, _shift, person = occurrence
    occurrence_skip(event=event, actor=organizer)
    (notice,) = notices_of(person)
    assert "周六合唱排练" in text_of(notice)


def test_braces_in_a_reason_cannot_open_a_placeholder(organizer, on_shift):
    event, _shift, person = on_shift
    event_cancel(event=event, actor=organizer, reason="场地{地点}维修")
    (notice,) = notices_of(person)
    assert "场地｛地点｝维修" in text_of(notice)


# --- the waitlist moves up -----------------------------------------------------------------


def test_a_promoted_volunteer_is_told_and_nobody_else(make_event, make_shift, make_volunteer):
    event = make_event(soon(4, 19))
    shift = make_shift(event, needed=1)
    first, waiting, third = (make_volunteer(n) for n in ("甲志愿", "乙志愿", "丙志愿"))
    signup = shift_sign_up(shift=shift, user=first)
    shift_sign_up(shift=shift, user=waiting)
    shift_sign_up(shift=shift, user=third)
    shift_cancel(signup=signup, user=first)
    (notice,) = notices_of(waiting)
    assert when_text(shift.starts_at) in text_of(notice)
    assert f"/events/{event.pk}.ics" in text_of(notice)
    assert notices_of(first) == []
    assert notices_of(third) == []


def test_an_organizer_taking_someone_off_a_full_shift_tells_the_next_in_line(
    organizer, make_event, make_shift, make_volunteer
):
    from events.services import shift_assign, shift_unassign

    event = make_event(soon(4, 19))
    shift = make_shift(event, needed=1)
    first, waiting = make_volunteer("甲志愿"), make_volunteer("乙志愿")
    signup = shift_sign_up(shift=shift, user=first)
    shift_sign_up(shift=shift, user=waiting)
    shift_unassign(signup=signup, actor=organizer)
    assert len(notices_of(waiting)) == 1
    other = make_shift(event, needed=2, role="logistics")
    shift_assign(shift=other, volunteer_user=first, actor=organizer, override_reason="x")
    assert notices_of(first) == []  # a plain assignment is no promotion


def test_a_reminder_reaches_the_inbox_with_its_calendar_link(
    make_event, make_shift, make_volunteer, login, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    event = make_event(timezone.now() + timedelta(hours=20, minutes=30))
    shift = make_shift(event)
    person = make_volunteer()
    shift_sign_up(shift=shift, user=person)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send() == 1
    (item,) = login(person).get("/api/v1/notices/inbox").json()
    assert item["title"] == f"活动提醒：{event.title}"
    assert item["text"].startswith("李志愿，提醒您：")
    assert when_text(shift.starts_at) in item["text"]
    assert item["calendar_url"].endswith(f"/events/{event.pk}.ics")
    assert item["event_id"] == event.pk


def test_this_and_following_moved_later_tells_the_volunteers_of_each_kept_occurrence(
    organizer, occurrence
):
    from events.services import series_edit_following

    event, _shift, person = occurrence
    old = event.starts_at
    series_edit_following(event=event, actor=organizer, starts_at=old + timedelta(hours=2))
    (notice,) = notices_of(person)
    assert notice.key.startswith("changed:moved:")
    assert when_text(old) in text_of(notice)
    assert when_text(old + timedelta(hours=2)) in text_of(notice)


def test_a_reminder_goes_by_sms_too_with_time_and_place_and_the_link_stays_in_the_app(on_shift):
    """The calendar link alone would take half an SMS: the SMS says when and where, the
    app's message carries the link (and its 加入日历 button)."""
    from notices.models import Outbox
    from notices.services import deliveries_run

    event, shift, person = on_shift
    moment = shift.starts_at - timedelta(hours=1)  # 17:30: no quiet hours
    assert reminders_send(now=moment) == 1
    (notice,) = notices_of(person)
    assert "sms" in notice.channels
    deliveries_run(now=moment)
    (sms,) = Outbox.objects.filter(channel="sms", address=person.mobile)
    assert sms.text.startswith("【平山红驿】")
    assert when_text(shift.starts_at) in sms.text
    assert "西柏坡纪念馆广场" in sms.text
    assert ".ics" not in sms.text
    assert len(sms.text) <= 70
    assert f"/events/{event.pk}.ics" in text_of(notice)
