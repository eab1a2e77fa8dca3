"""Each audience resolves, at send time, to the people it names."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import User
from ledger.models import Balance
from notices.audiences import Audience, Kind, Roster, audience_from_json, audience_user_ids
from notices.errors import NoticeError
from notices.models import Recipient
from notices.services import Draft, notice_send
from stations.models import Session
from tests.volunteers.factories import VolunteerFactory
from volunteers.choices import Status


def ids(audience):
    return set(audience_user_ids(audience))


def pks(users):
    return {user.pk for user in users}


def test_team_is_its_current_members(pingshan, members):
    assert ids(Audience(Kind.TEAM, id=pingshan.team.pk)) == pks(members)


def test_event_performers_are_the_performing_teams_members(roster, members):
    event, *_ = roster
    assert ids(Audience(Kind.EVENT_PERFORMERS, id=event.pk)) == pks(members)


@pytest.mark.parametrize(
    ("which", "expected"),
    [(Roster.CONFIRMED, "confirmed"), (Roster.WAITLISTED, "waiting"), (Roster.BOTH, "both")],
)
def test_event_roster_by_sign_up_status(roster, which, expected):
    event, confirmed, waiting = roster
    people = {"confirmed": {confirmed.pk}, "waiting": {waiting.pk}}
    people["both"] = people["confirmed"] | people["waiting"]
    assert ids(Audience(Kind.EVENT_ROSTER, id=event.pk, roster=which)) == people[expected]


def test_station_is_who_checked_in_there_in_the_last_days(pingshan):
    program = pingshan.station.default_program or _program(pingshan.station)
    now = timezone.now()
    recent, old, voided = (VolunteerFactory().user for _ in range(3))
    for user, days, status in ((recent, 3, "closed"), (old, 40, "closed"), (voided, 1, "void")):
        Session.objects.create(
            volunteer=user, station=pingshan.station, program=program, via="staff",
            started_at=now - timedelta(days=days), status=status,
        )  # fmt: skip
    assert ids(Audience(Kind.STATION, id=pingshan.station.pk)) == {recent.pk}
    assert ids(Audience(Kind.STATION, id=pingshan.station.pk, days=60)) == {recent.pk, old.pk}


def _program(station):
    from stations.models import ServiceProgram

    program = ServiceProgram.objects.create(name="讲解服务")
    station.programs.add(program)
    return program


def test_township_is_its_active_volunteers(pingshan, members, outsiders):
    VolunteerFactory(status=Status.SUSPENDED)
    assert ids(Audience(Kind.TOWNSHIP, id=pingshan.wentang.pk)) == pks(outsiders)
    left_the_team = User.objects.get(name="孙离队")  # still a volunteer of 西柏坡镇
    xibaipo = ids(Audience(Kind.TOWNSHIP, id=pingshan.xibaipo.pk))
    assert xibaipo == pks(members) | {left_the_team.pk}


def test_county_is_every_active_volunteer(pingshan, members, outsiders):
    pending = VolunteerFactory(status=Status.PENDING, number=None)
    everyone = ids(Audience(Kind.COUNTY))
    assert pks(members) | pks(outsiders) <= everyone
    assert pending.user_id not in everyone


def test_star_level_holders(settings, members):
    settings.HONGYI_STAR_THRESHOLDS_HOURS = [100, 300, 600, 1000, 1500]
    one, two, none = members
    Balance.objects.create(volunteer=one, service_minutes=150 * 60)
    Balance.objects.create(volunteer=two, service_minutes=350 * 60)
    assert ids(Audience(Kind.STAR, level=1)) == {one.pk}
    assert ids(Audience(Kind.STAR, level=2)) == {two.pk}
    assert none.pk in ids(Audience(Kind.STAR, level=0))
    assert one.pk not in ids(Audience(Kind.STAR, level=0))


def test_one_person(members):
    assert ids(Audience(Kind.PERSON, id=members[0].pk)) == {members[0].pk}


def test_the_audience_is_frozen_when_sent(pingshan, members, county_office):
    draft = Draft(audience=Audience(Kind.TEAM, id=pingshan.team.pk), title="排练", body="明晚排练")
    notice = notice_send(sender=county_office, draft=draft)
    newcomer = VolunteerFactory()
    from tests.volunteers.factories import join

    join(newcomer, pingshan.team)
    frozen = set(Recipient.objects.filter(notice=notice).values_list("user_id", flat=True))
    assert frozen == pks(members)


def test_an_empty_audience_is_refused_before_anything_is_queued(pingshan, county_office):
    draft = Draft(audience=Audience(Kind.TEAM, id=pingshan.other_team.pk), title="通知", body="x")
    with pytest.raises(NoticeError) as refused:
        notice_send(sender=county_office, draft=draft)
    assert refused.value.code == "audience_empty"
    assert "没有" in refused.value.message
    assert not Recipient.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "nobody"},
        {"kind": "team"},
        {"kind": "star", "level": 9},
        {"kind": "team", "id": "x"},
    ],
)
def test_a_malformed_audience_is_refused(data):
    with pytest.raises(NoticeError) as refused:
        audience_from_json(data)
    assert refused.value.code == "audience_invalid"
