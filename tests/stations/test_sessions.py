"""Undo, forgotten check-outs, the minimum and the rate rule, through the services."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from core.roles import Role
from ledger.models import Claim
from ledger.services import claim_approve
from stations.errors import StationError
from stations.models import Session
from stations.services import session_check_in, session_check_out, session_undo
from stations.services.sessions import Location
from tests.factories import UserFactory
from tests.stations.conftest import backdate


def check_in(station, volunteer, now=None, **kwargs):
    return session_check_in(
        volunteer=volunteer, station_id=station.pk, via="poster", now=now, **kwargs
    )


def test_a_volunteer_undoes_a_wrong_scan_within_five_minutes(station, pingshan, login):
    session = check_in(station, pingshan.volunteer)
    client = login(pingshan.volunteer)
    client.post(reverse("stations:undo", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == "void"
    assert not Claim.objects.exists()
    # Undone, the volunteer may check in again.
    assert check_in(station, pingshan.volunteer).status == "open"


def test_undoing_later_is_for_the_manager(station, pingshan, login):
    session = check_in(station, pingshan.volunteer)
    backdate(6)
    response = login(pingshan.volunteer).post(reverse("stations:undo", args=[session.pk]))
    assert response.status_code == 409
    assert "已超过自行撤销的时限" in response.content.decode()
    session.refresh_from_db()
    assert session.status == "open"


def test_a_manager_undoes_a_closed_session_and_its_claim_is_rejected(station, pingshan, login):
    check_in(station, pingshan.volunteer)
    backdate(60)
    session = session_check_out(volunteer=pingshan.volunteer)
    login(pingshan.manager).post(
        reverse("stations:undo", args=[session.pk]), {"reason": "扫错了驿站"}
    )
    session.refresh_from_db()
    claim = Claim.objects.get()
    assert (session.status, claim.status, claim.decision_reason) == (
        "void",
        "rejected",
        "扫错了驿站",
    )
    assert AuditEntry.objects.filter(action="session.undo").count() == 1


def test_undo_refuses_when_the_hours_are_already_approved(station, pingshan):
    check_in(station, pingshan.volunteer)
    backdate(60)
    session = session_check_out(volunteer=pingshan.volunteer)
    claim_approve(claim=Claim.objects.get(), actor=pingshan.manager)
    with pytest.raises(StationError) as refused:
        session_undo(session=session, actor=pingshan.manager)
    assert refused.value.code == "claim_decided"


def test_another_stations_manager_cannot_undo(station, pingshan):
    session = check_in(station, pingshan.volunteer)
    with pytest.raises(StationError) as refused:
        session_undo(session=session, actor=pingshan.other_manager)
    assert refused.value.code == "not_allowed"


def test_an_undone_check_in_tells_an_outsider_nothing(station, pingshan, login):
    """403 before the state: an outsider once got 200 and the session's details back."""
    session = check_in(station, pingshan.volunteer)
    session_undo(session=session, actor=pingshan.manager, reason="扫错了")
    response = login(pingshan.other_manager).post(
        f"/api/v1/stations/sessions/{session.pk}/undo", {}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json() == {"code": "not_allowed", "detail": "您无权撤销这次签到。"}
    page = login(pingshan.other_manager).post(reverse("stations:undo", args=[session.pk]))
    assert page.status_code == 403


def test_undoing_an_undone_check_in_again_changes_nothing(station, pingshan):
    session = check_in(station, pingshan.volunteer)
    session_undo(session=session, actor=pingshan.volunteer)
    again = session_undo(session=session, actor=pingshan.manager, reason="再撤一次")
    assert (again.status, again.voided_by) == ("void", pingshan.volunteer)


def test_a_short_session_is_recorded_but_not_credited(station, pingshan):
    check_in(station, pingshan.volunteer)
    backdate(4)
    session_check_out(volunteer=pingshan.volunteer)
    assert Claim.objects.get().status == "not_credited"


def test_forgotten_sessions_close_at_closing_time_flagged(station, pingshan):
    # 10:00 in Pingshan is 02:00 UTC; the station closes at 17:00 local.
    morning = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    check_in(station, pingshan.volunteer, now=morning)
    out = StringIO()
    call_command("sessions_close_forgotten", stdout=out)
    assert "1 forgotten sessions closed." in out.getvalue()
    session = Session.objects.get()
    assert timezone.localtime(session.ended_at).strftime("%H:%M") == "17:00"
    assert session.minutes == 7 * 60
    claim = Claim.objects.get()
    assert (claim.status, claim.minutes) == ("pending", 420)
    assert "auto_closed" in claim.flags


def test_a_session_still_within_hours_stays_open(station, pingshan):
    check_in(station, pingshan.volunteer)
    call_command("sessions_close_forgotten", stdout=StringIO())
    assert Session.objects.get().status == "open"


def test_without_opening_hours_the_hour_limit_closes_it(station, pingshan):
    station.opening_hours = {}
    station.save()
    start = timezone.now() - timedelta(hours=13)
    check_in(station, pingshan.volunteer, now=start)
    call_command("sessions_close_forgotten", stdout=StringIO())
    session = Session.objects.get()
    assert session.minutes == 12 * 60


def test_many_people_starting_within_a_minute_is_flagged(station, pingshan, settings):
    settings.HONGYI_SCANS_PER_MINUTE_LIMIT = 3
    crowd = [UserFactory.with_role(Role.VOLUNTEER) for _ in range(4)]
    start = timezone.now() - timedelta(hours=1)
    for person in crowd:
        check_in(station, person, now=start)
    session_check_out(volunteer=crowd[0])
    assert "implausible_rate" in Claim.objects.get().flags


def test_a_station_closed_on_holidays_has_no_hours_on_national_day(station):
    from datetime import date

    from stations.selectors import station_hours_on

    national_day = date(2026, 10, 1)  # a Thursday
    assert station_hours_on(station, national_day) == ("09:00", "17:00")
    station.closed_on_holidays = True
    assert station_hours_on(station, national_day) is None
    assert station_hours_on(station, date(2026, 10, 12)) == ("09:00", "17:00")


def test_checking_in_again_and_again_is_flagged(station, pingshan):
    start = timezone.now() - timedelta(hours=2)
    for n in range(4):
        session = check_in(station, pingshan.volunteer, now=start + timedelta(minutes=n))
        session_undo(session=session, actor=pingshan.volunteer, now=start + timedelta(minutes=n))
    check_in(station, pingshan.volunteer, now=start + timedelta(minutes=10))
    session_check_out(volunteer=pingshan.volunteer, now=start + timedelta(minutes=70))
    assert "implausible_rate" in Claim.objects.get().flags


def test_an_ordinary_session_carries_no_flag(station, pingshan):
    check_in(station, pingshan.volunteer, location=Location(38.3005, 114.0))
    backdate(60)
    session_check_out(volunteer=pingshan.volunteer)
    assert Claim.objects.get().flags == []


def test_a_refused_check_in_inside_a_transaction_leaves_it_usable(station, pingshan):
    """A kiosk batch checks people in inside its own transaction: a second open session,
    refused by the database, must not spoil the rest of that transaction."""
    check_in(station, pingshan.volunteer)
    with transaction.atomic():
        with pytest.raises(StationError) as refused:
            check_in(station, pingshan.volunteer)  # the INSERT itself is refused
        assert refused.value.code == "already_checked_in"
        assert Session.objects.filter(status="open").count() == 1
