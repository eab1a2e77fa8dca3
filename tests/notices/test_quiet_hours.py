"""No SMS between 21:00 and 08:00 Asia/Shanghai unless the county marks it urgent."""

from datetime import timedelta

import pytest

from notices.audiences import Audience, Kind
from notices.channels.sms import SmsChannel
from notices.models import Delivery, Outbox
from notices.quiet import is_quiet, quiet_end
from notices.services import Draft, deliveries_run, notice_preview, notice_send
from notices.services.delivery import BACKOFF
from tests.events.conftest import at
from tests.notices.test_delivery import FlakyProvider


def draft(pingshan, **fields):
    return Draft(
        audience=Audience(Kind.TEAM, id=pingshan.team.pk),
        title="通知",
        body="明早集合",
        channels=("sms",),
        **fields,
    )


@pytest.mark.parametrize(
    ("hour", "minute", "quiet"),
    [(20, 59, False), (21, 0, True), (23, 30, True), (0, 0, True), (7, 59, True), (8, 0, False)],
)
def test_the_quiet_hours_are_21_to_8_in_shanghai(hour, minute, quiet):
    assert is_quiet(at(2026, 12, 8, hour, minute)) is quiet


def test_the_quiet_hours_end_at_the_next_8_oclock():
    assert quiet_end(at(2026, 12, 8, 22, 15)) == at(2026, 12, 9, 8, 0)
    assert quiet_end(at(2026, 12, 9, 3, 0)) == at(2026, 12, 9, 8, 0)
    assert quiet_end(at(2026, 12, 9, 9, 0)) == at(2026, 12, 9, 9, 0)


def test_an_evening_sms_waits_until_8_and_is_not_dropped(pingshan, members):
    evening = at(2026, 12, 8, 22, 0)
    preview = notice_preview(sender=pingshan.leader, draft=draft(pingshan), now=evening)
    assert preview.sms_deferred_until == at(2026, 12, 9, 8, 0)
    notice_send(sender=pingshan.leader, draft=draft(pingshan), now=evening)
    result = deliveries_run(now=evening)
    assert result.sent == 3  # in the app at once
    assert not Outbox.objects.filter(channel="sms").exists()
    assert result.next_due == at(2026, 12, 9, 8, 0)
    assert deliveries_run(now=at(2026, 12, 9, 7, 59)).sent == 0
    assert deliveries_run(now=at(2026, 12, 9, 8, 0)).sent == 3
    assert Outbox.objects.filter(channel="sms").count() == 3


def test_an_urgent_county_notice_is_sent_at_night(pingshan, members):
    night = at(2026, 12, 8, 23, 0)
    notice_send(sender=pingshan.county_office, draft=draft(pingshan, urgent=True), now=night)
    deliveries_run(now=night)
    assert Outbox.objects.filter(channel="sms").count() == 3


def test_a_retry_that_would_fall_in_the_quiet_hours_waits_until_8(pingshan, members):
    late = at(2026, 12, 8, 20, 59) + timedelta(seconds=45)
    notice_send(sender=pingshan.leader, draft=draft(pingshan), now=late)
    provider = FlakyProvider(refuse={members[0].mobile})
    deliveries_run(now=late, backends={"sms": SmsChannel(provider)})
    row = Delivery.objects.get(address=members[0].mobile)
    assert late + BACKOFF[0] > at(2026, 12, 8, 21, 0)
    assert row.not_before == at(2026, 12, 9, 8, 0)


def test_sms_still_waiting_when_the_quiet_hours_begin_wait_until_8(pingshan, members):
    afternoon = at(2026, 12, 8, 20, 30)
    notice_send(sender=pingshan.leader, draft=draft(pingshan), now=afternoon)
    # The worker reaches the queue only at 21:10 (a long queue before it).
    result = deliveries_run(now=at(2026, 12, 8, 21, 10))
    assert result.sent == 3  # in the app
    assert not Outbox.objects.filter(channel="sms").exists()
    assert result.next_due == at(2026, 12, 9, 8, 0)
    assert deliveries_run(now=at(2026, 12, 9, 8, 0)).sent == 3


def test_an_urgent_sms_is_not_held_at_night(pingshan, members):
    afternoon = at(2026, 12, 8, 20, 30)
    notice_send(sender=pingshan.county_office, draft=draft(pingshan, urgent=True), now=afternoon)
    deliveries_run(now=at(2026, 12, 8, 21, 10))
    assert Outbox.objects.filter(channel="sms").count() == 3
