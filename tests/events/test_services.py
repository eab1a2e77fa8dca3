"""Events, series edits, conflicts and shifts through the services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import AuditEntry
from events.errors import EventError
from events.models import Event, Kind, Series, Shift, SignUp
from events.services import (
    event_create,
    occurrence_move,
    occurrence_skip,
    series_create,
    series_edit_following,
    shift_assign,
    shift_cancel,
    shift_create,
    shift_sign_up,
    shift_unassign,
)
from tests.events.conftest import at, soon

pytestmark = pytest.mark.django_db


# --- bad input saves nothing --------------------------------------------------------------


def test_an_end_before_the_start_is_refused_and_nothing_is_saved(organizer, venue):
    with pytest.raises(EventError) as refused:
        event_create(
            organizer=organizer,
            kind=Kind.LECTURE,
            title="宣讲",
            starts_at=soon(5, 15),
            ends_at=soon(5, 14),
            venue=venue,
        )
    assert refused.value.code == "end_before_start"
    assert not Event.objects.exists()


def test_an_unbounded_rule_is_refused_and_nothing_is_saved(organizer, venue):
    with pytest.raises(EventError) as refused:
        series_create(
            organizer=organizer,
            kind=Kind.REHEARSAL,
            title="周六排练",
            rrule="FREQ=WEEKLY;BYDAY=SA",
            starts_at=soon(3, 19),
            duration_minutes=120,
            venue=venue,
        )
    assert refused.value.code == "rrule_unbounded"
    assert not Series.objects.exists()
    assert not Event.objects.exists()


def test_a_capacity_of_zero_is_refused(event):
    with pytest.raises(EventError) as refused:
        shift_create(
            event=event,
            actor=event.organizer,
            role="guiding",
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            needed=0,
        )
    assert refused.value.code == "capacity_invalid"
    assert not Shift.objects.exists()


def test_a_suspended_volunteer_is_told_so_before_the_shift_s_state(shift, volunteer, pingshan):
    from events.services import event_cancel
    from volunteers.services import volunteer_suspend

    volunteer_suspend(volunteer=volunteer.volunteer, actor=pingshan.county_office, reason="暂停")
    event_cancel(event=shift.event, actor=shift.event.organizer)
    with pytest.raises(EventError) as refused:
        shift_sign_up(shift=shift, user=volunteer)
    assert (refused.value.code, refused.value.http_status) == ("volunteer_inactive", 403)
    assert refused.value.message == "只有状态正常的志愿者才能报名岗位。"


@pytest.mark.parametrize("end", ["cancel", "close"])
def test_a_cancelled_or_held_event_is_not_published_again(event, end):
    from events.services import event_cancel, event_close, event_publish

    if end == "cancel":
        event_cancel(event=event, actor=event.organizer)
    else:
        event_close(event=event, actor=event.organizer, actual_audience=10)
    with pytest.raises(EventError) as refused:
        event_publish(event=event, actor=event.organizer)
    assert (refused.value.code, refused.value.http_status) == ("event_not_open", 409)
    assert Event.objects.get(pk=event.pk).status != Event.Status.PUBLISHED


def test_publishing_a_published_event_again_changes_nothing(event):
    from events.services import event_publish

    before = AuditEntry.objects.filter(action="event.publish").count()
    assert event_publish(event=event, actor=event.organizer).status == Event.Status.PUBLISHED
    assert AuditEntry.objects.filter(action="event.publish").count() == before


def test_signing_up_twice_is_refused(shift, volunteer):
    shift_sign_up(shift=shift, user=volunteer)
    with pytest.raises(EventError) as refused:
        shift_sign_up(shift=shift, user=volunteer)
    assert refused.value.code == "already_signed_up"
    assert SignUp.objects.count() == 1


# --- the conflict matrix -----------------------------------------------------------------


def test_venue_double_booked(make_event, venue):
    first = make_event()
    with pytest.raises(EventError) as refused:
        make_event(starts_at=first.starts_at + timedelta(hours=1), title="另一场")
    assert refused.value.code == "conflict"
    assert [c.code for c in refused.value.conflicts] == ["venue_double_booked"]
    assert Event.objects.count() == 1


def test_back_to_back_events_do_not_conflict(make_event):
    first = make_event()
    make_event(starts_at=first.ends_at, title="下一场")
    assert Event.objects.count() == 2


def test_team_in_two_places_at_once(make_event, other_venue, pingshan):
    first = make_event(teams=[pingshan.team])
    with pytest.raises(EventError) as refused:
        make_event(starts_at=first.starts_at, venue=other_venue, teams=[pingshan.team])
    assert [c.code for c in refused.value.conflicts] == ["team_double_booked"]


def test_volunteer_in_overlapping_shifts(make_event, make_shift, other_venue, volunteer):
    first = make_event()
    second = make_event(starts_at=first.starts_at, venue=other_venue, title="温塘志愿服务")
    shift_sign_up(shift=make_shift(first), user=volunteer)
    with pytest.raises(EventError) as refused:
        shift_sign_up(shift=make_shift(second), user=volunteer)
    assert [c.code for c in refused.value.conflicts] == ["volunteer_overlap"]


def test_team_member_on_shift_cannot_be_booked_to_perform(
    make_event, make_shift, other_venue, singers, pingshan
):
    service = make_event(venue=other_venue, title="温塘志愿服务")
    shift_sign_up(shift=make_shift(service), user=singers[0])
    with pytest.raises(EventError) as refused:
        make_event(starts_at=service.starts_at, teams=[pingshan.team])
    assert [c.code for c in refused.value.conflicts] == ["member_on_shift"]


def test_performing_member_cannot_sign_up_for_an_overlapping_shift(
    make_event, make_shift, other_venue, singers, pingshan
):
    make_event(teams=[pingshan.team])
    service = make_event(venue=other_venue, title="温塘志愿服务")
    with pytest.raises(EventError) as refused:
        shift_sign_up(shift=make_shift(service), user=singers[0])
    assert [c.code for c in refused.value.conflicts] == ["member_on_shift"]


def test_an_organizer_may_override_with_a_reason_which_is_logged(make_event):
    first = make_event()
    second = make_event(starts_at=first.starts_at, title="合办", override_reason="两场合办，同台")
    entry = AuditEntry.objects.filter(action="event.conflict_override").first()
    assert entry.target_id == str(second.pk)
    assert entry.data["reason"] == "两场合办，同台"


def test_cancelled_events_do_not_conflict(make_event):
    from events.services import event_cancel

    first = make_event()
    event_cancel(event=first, actor=first.organizer)
    make_event(starts_at=first.starts_at, title="改期后的演出")


# --- shifts and the waitlist -------------------------------------------------------------


def test_full_shift_puts_later_sign_ups_on_the_waitlist_and_promotes_on_cancel(
    event, make_shift, make_volunteer
):
    shift = make_shift(event, needed=1)
    first, second, third = (make_volunteer() for _ in range(3))
    assert shift_sign_up(shift=shift, user=first).status == SignUp.Status.CONFIRMED
    assert shift_sign_up(shift=shift, user=second).status == SignUp.Status.WAITLISTED
    assert shift_sign_up(shift=shift, user=third).status == SignUp.Status.WAITLISTED
    shift_cancel(signup=SignUp.objects.get(volunteer=first), user=first)
    statuses = dict(SignUp.objects.values_list("volunteer", "status"))
    assert statuses[second.pk] == SignUp.Status.CONFIRMED
    assert statuses[third.pk] == SignUp.Status.WAITLISTED


def test_cancelling_after_the_deadline_is_refused(event, shift, volunteer, settings):
    signup = shift_sign_up(shift=shift, user=volunteer)
    late = shift.starts_at - timedelta(hours=settings.HONGYI_SHIFT_CANCEL_HOURS - 1)
    with pytest.raises(EventError) as refused:
        shift_cancel(signup=signup, user=volunteer, now=late)
    assert refused.value.code == "cancel_deadline_passed"


def test_a_minor_cannot_take_an_adults_only_shift_but_can_take_one_for_minors(
    event, make_shift, minor
):
    with pytest.raises(EventError) as refused:
        shift_sign_up(shift=make_shift(event), user=minor)
    assert refused.value.code == "minors_not_allowed"
    allowed = make_shift(event, minors_allowed=True, role="tour")
    assert shift_sign_up(shift=allowed, user=minor).status == SignUp.Status.CONFIRMED


def test_organizer_assigns_and_unassigns(event, make_shift, volunteer, make_volunteer):
    shift = make_shift(event, needed=1)
    waiting = make_volunteer()
    signup = shift_assign(shift=shift, volunteer_user=volunteer, actor=event.organizer)
    shift_sign_up(shift=shift, user=waiting)
    shift_unassign(signup=signup, actor=event.organizer)
    assert SignUp.objects.get(volunteer=waiting).status == SignUp.Status.CONFIRMED


def test_another_organizer_cannot_assign(event, shift, volunteer, other_organizer):
    with pytest.raises(EventError) as refused:
        shift_assign(shift=shift, volunteer_user=volunteer, actor=other_organizer)
    assert refused.value.code == "not_allowed"


# --- series -------------------------------------------------------------------------------


@pytest.fixture
def rehearsals(organizer, venue, pingshan):
    return series_create(
        organizer=organizer,
        kind=Kind.REHEARSAL,
        title="平山红周六排练",
        rrule="FREQ=WEEKLY;BYDAY=SA;COUNT=6",
        starts_at=at(2026, 1, 3, 19),
        duration_minutes=120,
        venue=venue,
        teams=[pingshan.team],
    )


def starts(series):
    return [
        timezone.localtime(e.starts_at).strftime("%m-%d %H:%M")
        for e in Event.objects.filter(series=series, skipped=False)
    ]


def test_series_creates_one_event_per_occurrence(rehearsals, pingshan):
    assert starts(rehearsals) == [
        f"{d} 19:00" for d in ("01-03", "01-10", "01-17", "01-24", "01-31", "02-07")
    ]
    assert all(e.teams.get() == pingshan.team for e in rehearsals.occurrences.all())


def test_skip_and_move_one_occurrence(rehearsals, organizer):
    second, third = rehearsals.occurrences.all()[1:3]
    occurrence_skip(event=second, actor=organizer)
    occurrence_move(
        event=third, actor=organizer, starts_at=at(2026, 1, 18, 15), ends_at=at(2026, 1, 18, 17)
    )
    assert starts(rehearsals) == [
        "01-03 19:00",
        "01-18 15:00",
        "01-24 19:00",
        "01-31 19:00",
        "02-07 19:00",
    ]


def test_this_and_following_moves_later_rehearsals_to_sunday_afternoon(rehearsals, organizer):
    fourth = rehearsals.occurrences.all()[3]
    shift = shift_create(
        event=fourth,
        actor=organizer,
        role="logistics",
        starts_at=fourth.starts_at,
        ends_at=fourth.ends_at,
        needed=1,
    )
    new = series_edit_following(
        event=fourth,
        actor=organizer,
        starts_at=at(2026, 1, 25, 15),
        rrule="FREQ=WEEKLY;BYDAY=SU;COUNT=3",
    )
    assert starts(rehearsals) == ["01-03 19:00", "01-10 19:00", "01-17 19:00"]
    assert starts(new) == ["01-25 15:00", "02-01 15:00", "02-08 15:00"]
    rehearsals.refresh_from_db()
    assert "UNTIL=20260124T185959" in rehearsals.rrule
    shift.refresh_from_db()
    assert timezone.localtime(shift.starts_at).strftime("%m-%d %H:%M") == "01-24 19:00"


def test_this_and_following_keeps_the_count_when_only_the_time_changes(rehearsals, organizer):
    fourth = rehearsals.occurrences.all()[3]
    moved = fourth.pk
    new = series_edit_following(event=fourth, actor=organizer, starts_at=at(2026, 1, 24, 9))
    assert new.rrule == "FREQ=WEEKLY;BYDAY=SA;COUNT=3"
    assert starts(new) == ["01-24 09:00", "01-31 09:00", "02-07 09:00"]
    assert Event.objects.get(pk=moved).series == new
