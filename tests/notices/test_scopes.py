"""Who may send to whom: each role within its scope, and refused outside it."""

import pytest

from core.models import AuditEntry
from core.roles import Role
from notices.audiences import Audience, Kind
from notices.errors import NoticeError
from notices.models import Notice
from notices.services import Draft, notice_preview, notice_send
from tests.factories import UserFactory


def send(sender, audience, **fields):
    draft = Draft(audience=audience, title=fields.pop("title", "通知"), body="请准时到场", **fields)
    return notice_send(sender=sender, draft=draft)


def refused(sender, audience, **fields):
    with pytest.raises(NoticeError) as error:
        send(sender, audience, **fields)
    assert error.value.code in ("not_allowed", "urgent_not_allowed")
    assert error.value.http_status == 403
    return error.value.message


def test_team_leader_sends_to_their_team_only(pingshan, members, outsiders):
    notice = send(pingshan.leader, Audience(Kind.TEAM, id=pingshan.team.pk))
    assert notice.recipient_count == 3
    message = refused(pingshan.leader, Audience(Kind.TEAM, id=pingshan.other_team.pk))
    assert message == "只能向您带领的队伍发送通知。"
    refused(pingshan.leader, Audience(Kind.TOWNSHIP, id=pingshan.xibaipo.pk))


def test_team_leader_may_write_to_one_member_but_not_to_a_stranger(pingshan, members, outsiders):
    assert send(pingshan.leader, Audience(Kind.PERSON, id=members[0].pk)).recipient_count == 1
    refused(pingshan.leader, Audience(Kind.PERSON, id=outsiders[0].pk))


def test_organizer_sends_about_their_own_events_only(roster, members, make_event, other_organizer):
    event, *_ = roster
    assert send(event.organizer, Audience(Kind.EVENT_ROSTER, id=event.pk)).recipient_count == 2
    assert send(event.organizer, Audience(Kind.EVENT_PERFORMERS, id=event.pk)).recipient_count == 3
    message = refused(other_organizer, Audience(Kind.EVENT_ROSTER, id=event.pk))
    assert message == "只能就您组织的活动发送通知。"
    refused(event.organizer, Audience(Kind.TEAM, id=event.teams.first().pk))


def test_station_manager_sends_to_their_station_only(pingshan, checked_in):
    assert send(pingshan.manager, Audience(Kind.STATION, id=pingshan.station.pk)).recipient_count
    message = refused(pingshan.other_manager, Audience(Kind.STATION, id=pingshan.station.pk))
    assert message == "只能向您管理的驿站的志愿者发送通知。"


@pytest.fixture
def checked_in(pingshan, members):
    from django.utils import timezone

    from stations.models import ServiceProgram, Session

    program = ServiceProgram.objects.create(name="讲解服务")
    Session.objects.create(
        volunteer=members[0], station=pingshan.station, program=program, via="staff",
        started_at=timezone.now(), status="closed",
    )  # fmt: skip
    return members[0]


def test_township_office_sends_within_its_township(pingshan, members, outsiders, checked_in):
    office = pingshan.township_office
    assert send(office, Audience(Kind.TOWNSHIP, id=pingshan.xibaipo.pk)).recipient_count == 4
    assert send(office, Audience(Kind.TEAM, id=pingshan.team.pk)).recipient_count == 3
    assert send(office, Audience(Kind.STATION, id=pingshan.station.pk)).recipient_count == 1
    assert send(office, Audience(Kind.PERSON, id=members[0].pk)).recipient_count == 1
    assert refused(office, Audience(Kind.TOWNSHIP, id=pingshan.wentang.pk)) == (
        "只能向本乡镇发送通知。"
    )
    refused(office, Audience(Kind.TEAM, id=pingshan.other_team.pk))
    refused(office, Audience(Kind.PERSON, id=outsiders[0].pk))
    assert refused(office, Audience(Kind.COUNTY)) == "只有县级管理员可以向全县发送通知。"
    refused(office, Audience(Kind.STAR, level=0))


def test_county_office_sends_to_all_and_may_mark_urgent(pingshan, members, outsiders):
    county = pingshan.county_office
    assert send(county, Audience(Kind.COUNTY)).recipient_count == 6
    assert send(county, Audience(Kind.STAR, level=0)).recipient_count == 6
    assert send(county, Audience(Kind.TOWNSHIP, id=pingshan.wentang.pk), urgent=True).urgent
    assert send(pingshan.admin, Audience(Kind.TEAM, id=pingshan.other_team.pk)).recipient_count == 2


def test_only_the_county_may_mark_urgent(pingshan, members):
    message = refused(pingshan.leader, Audience(Kind.TEAM, id=pingshan.team.pk), urgent=True)
    assert message == "只有县级管理员可以把通知标为紧急。"


@pytest.mark.parametrize("kind", [Kind.TEAM, Kind.TOWNSHIP, Kind.COUNTY, Kind.PERSON])
def test_a_plain_volunteer_may_send_nothing(pingshan, members, kind):
    audience = Audience(kind, id=None if kind == Kind.COUNTY else _target(pingshan, members, kind))
    refused(UserFactory.with_role(Role.VOLUNTEER), audience)
    assert not Notice.objects.exists()


def _target(pingshan, members, kind):
    return {Kind.TEAM: pingshan.team.pk, Kind.TOWNSHIP: pingshan.xibaipo.pk}.get(
        kind, members[0].pk
    )


def test_the_preview_is_refused_outside_the_scope_too(pingshan, members):
    draft = Draft(audience=Audience(Kind.TEAM, id=pingshan.other_team.pk), title="x", body="y")
    with pytest.raises(NoticeError):
        notice_preview(sender=pingshan.leader, draft=draft)


def test_a_list_of_people_is_not_for_senders(pingshan, members):
    refused(pingshan.county_office, Audience(Kind.PEOPLE, user_ids=(members[0].pk,)))


def test_every_send_is_in_the_audit_log_with_its_audience(pingshan, members):
    notice = send(pingshan.leader, Audience(Kind.TEAM, id=pingshan.team.pk), channels=("sms",))
    entry = AuditEntry.objects.get(action="notice.send", target_id=str(notice.pk))
    assert entry.actor == pingshan.leader
    assert entry.data["audience"] == {"kind": "team", "id": pingshan.team.pk}
    assert entry.data["audience_label"] == "队伍：平山红第二合唱队"
    assert entry.data["recipients"] == 3
    assert entry.data["deliveries"] == {"inapp": 3, "sms": 3}
    assert "137" not in str(entry.data)  # no phone number in the log
