"""Attendance into the ledger: shift volunteers and performers, approved by the organizer."""

from datetime import timedelta

import pytest

from events.errors import EventError
from events.models import Kind, SignUp
from events.services import (
    attendance_check_in,
    attendance_mark,
    attendance_post,
    shift_sign_up,
)
from ledger.models import Claim, Entry
from ledger.models import Kind as LedgerKind
from ledger.services import claim_approve

pytestmark = pytest.mark.django_db


def test_qr_check_in_and_out_gives_the_actual_time(event, shift, volunteer):
    signup = shift_sign_up(shift=shift, user=volunteer)
    arrived = shift.starts_at + timedelta(minutes=5)
    attendance_check_in(secret=event.checkin_secret, user=volunteer, now=arrived)
    attendance_check_in(
        secret=event.checkin_secret, user=volunteer, now=arrived + timedelta(minutes=100)
    )
    (claim,) = attendance_post(event=event, actor=event.organizer)
    assert claim.source_key == f"shift-attendance:{signup.pk}"
    assert claim.minutes == 100
    assert claim.kind == LedgerKind.SHIFT
    assert claim.event_key == f"event:{event.pk}"
    assert claim.unit.key == f"organizer:{event.organizer.pk}"
    assert claim.place == event.venue.name
    claim_approve(claim=claim, actor=event.organizer)
    assert Entry.objects.get().minutes == 100


def test_ticked_list_gives_the_shift_length_and_no_shows_get_nothing(
    event, make_shift, make_volunteer
):
    shift = make_shift(event, needed=3)
    came, absent = make_volunteer(), make_volunteer()
    for person, attended in ((came, True), (absent, False)):
        signup = shift_sign_up(shift=shift, user=person)
        attendance_mark(signup=signup, actor=event.organizer, attended=attended)
    claims = attendance_post(event=event, actor=event.organizer)
    assert [(c.volunteer, c.minutes) for c in claims] == [(came, shift.minutes)]
    assert SignUp.objects.get(volunteer=absent).attendance == SignUp.Attendance.NO_SHOW


def test_performers_of_the_teams_get_the_events_duration(make_event, singers, pingshan):
    event = make_event(teams=[pingshan.team], hours=2)
    claims = attendance_post(event=event, actor=event.organizer)
    assert sorted(c.volunteer.name for c in claims) == ["王歌手", "赵歌手"]
    assert {c.minutes for c in claims} == {120}
    assert {c.kind for c in claims} == {LedgerKind.PERFORMANCE}
    assert {c.team_key for c in claims} == {f"team:{pingshan.team.pk}"}
    assert claims[0].source_key.startswith(f"performance:{event.pk}:{pingshan.team.pk}:")


def test_rehearsals_are_recorded_as_rehearsals_and_lectures_earn_nothing_for_teams(
    make_event, singers, pingshan, other_venue
):
    rehearsal = make_event(kind=Kind.REHEARSAL, teams=[pingshan.team])
    assert {c.kind for c in attendance_post(event=rehearsal, actor=rehearsal.organizer)} == {
        LedgerKind.REHEARSAL
    }
    lecture = make_event(kind=Kind.LECTURE, teams=[pingshan.team], days=12, venue=other_venue)
    assert attendance_post(event=lecture, actor=lecture.organizer) == []


def test_posting_twice_leaves_one_claim_each(make_event, singers, pingshan):
    event = make_event(teams=[pingshan.team])
    attendance_post(event=event, actor=event.organizer)
    attendance_post(event=event, actor=event.organizer)
    assert Claim.objects.count() == 2


def test_check_in_without_a_shift_or_with_a_made_up_code_is_refused(event, volunteer):
    for secret, code in ((event.checkin_secret, "not_on_shift"), ("nonsense", "token_unknown")):
        with pytest.raises(EventError) as refused:
            attendance_check_in(secret=secret, user=volunteer, now=event.starts_at)
        assert refused.value.code == code


def test_another_organizer_cannot_post_hours(event, other_organizer):
    with pytest.raises(EventError) as refused:
        attendance_post(event=event, actor=other_organizer)
    assert refused.value.code == "not_allowed"


def test_the_station_kiosk_code_checks_in_to_a_shift_at_that_station(
    event, shift, volunteer, pingshan
):
    from stations.services import kiosk_create, kiosk_pair
    from stations.tokens import kiosk_code, window_of

    kiosk, code = kiosk_create(station=pingshan.station, name="活动平板", actor=pingshan.manager)
    kiosk, _token = kiosk_pair(code=code)
    shift_sign_up(shift=shift, user=volunteer)
    now = shift.starts_at
    token = f"K-{kiosk.public_id}-{kiosk_code(kiosk.hmac_secret, window_of(now))}"
    assert event.venue.station == pingshan.station
    signup = attendance_check_in(secret=token, user=volunteer, now=now)
    assert signup.checked_in_at == now
    assert signup.attendance == SignUp.Attendance.ATTENDED


def test_an_old_kiosk_code_is_refused_as_expired(event, shift, volunteer, pingshan):
    from stations.errors import StationError
    from stations.services import kiosk_create, kiosk_pair
    from stations.tokens import kiosk_code, window_of

    kiosk, code = kiosk_create(station=pingshan.station, name="活动平板", actor=pingshan.manager)
    kiosk, _token = kiosk_pair(code=code)
    shift_sign_up(shift=shift, user=volunteer)
    now = shift.starts_at
    old = f"K-{kiosk.public_id}-{kiosk_code(kiosk.hmac_secret, window_of(now) - 5)}"
    with pytest.raises(StationError) as refused:
        attendance_check_in(secret=old, user=volunteer, now=now)
    assert refused.value.code == "token_expired"
