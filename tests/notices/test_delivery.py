"""The worker: every recipient gets each channel once; failures are per recipient."""

import pytest
from django.core import mail

from notices.audiences import Audience, Kind
from notices.channels.sms import SmsChannel
from notices.models import Delivery, Notice, Outbox, Recipient
from notices.selectors import notice_figures, notice_recipients
from notices.services import Draft, deliveries_run, notice_send, preference_set
from notices.services.delivery import BACKOFF, MAX_ATTEMPTS


def send(pingshan, daytime, channels=("sms",), **fields):
    draft = Draft(
        audience=fields.pop("audience", Audience(Kind.TEAM, id=pingshan.team.pk)),
        title="排练通知",
        body="{姓名}您好，明晚七点排练。",
        channels=channels,
        **fields,
    )
    return notice_send(sender=pingshan.leader, draft=draft, now=daytime)


class FlakyProvider:
    """An SMS gateway (what leaves the machine) that refuses some numbers."""

    transactional = False
    idempotent = False

    def __init__(self, refuse=(), permanent=False):
        self.refuse, self.permanent, self.sent = set(refuse), permanent, []

    def send(self, *, phone, text, key):
        from notices.channels.sms import ProviderResult

        if phone in self.refuse:
            return ProviderResult(ok=False, reason="isv.BUSINESS_LIMIT_CONTROL: 触发限流",
                                  permanent=self.permanent)  # fmt: skip
        self.sent.append((phone, text, key))
        return ProviderResult(ok=True, ref=f"biz-{len(self.sent)}")


def test_every_recipient_gets_the_message_once_per_channel(pingshan, members, daytime):
    notice = send(pingshan, daytime)
    result = deliveries_run(now=daytime)
    assert result.sent == 6  # 3 in the app, 3 by SMS
    texts = sorted(Outbox.objects.filter(channel="sms").values_list("text", flat=True))
    assert texts == sorted(f"【平山红驿】{u.name}您好，明晚七点排练。" for u in members)
    assert set(Recipient.objects.filter(notice=notice).values_list("inbox_at", flat=True)) != {None}
    notice.refresh_from_db()
    assert notice.status == Notice.Status.DONE
    figures = notice_figures(notice)
    assert figures["sent"] == 6
    assert figures["progress"] == 1.0
    assert figures["by_channel"]["sms"]["sent"] == 3


def test_the_send_queues_the_worker_on_commit(
    pingshan, members, daytime, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = send(pingshan, None, channels=())
    assert notice_figures(notice)["sent"] == 3


def test_a_failure_for_one_recipient_never_blocks_the_rest(pingshan, members, daytime):
    refused = members[1].mobile
    provider = FlakyProvider(refuse={refused}, permanent=True)
    notice = send(pingshan, daytime)
    deliveries_run(now=daytime, backends={"sms": SmsChannel(provider)})
    assert len(provider.sent) == 2
    rows = notice_recipients(notice)
    failed = [row for row in rows if row["status"] == "failed"]
    assert len(failed) == 1
    assert failed[0]["reason"] == "isv.BUSINESS_LIMIT_CONTROL: 触发限流"
    assert failed[0]["address"] == refused[:3] + "****" + refused[-4:]
    assert "*" in failed[0]["name"]
    assert (
        Delivery.objects.filter(status="sent", channel="sms").exclude(provider_ref="").count() == 2
    )


def test_a_passing_failure_is_retried_with_backoff_then_given_up(pingshan, members, daytime):
    provider = FlakyProvider(refuse={members[0].mobile})
    send(pingshan, daytime)
    backends = {"sms": SmsChannel(provider)}
    result = deliveries_run(now=daytime, backends=backends)
    assert result.retried == 1
    row = Delivery.objects.get(address=members[0].mobile)
    assert row.status == "queued"
    assert row.not_before == daytime + BACKOFF[0]
    assert result.next_due == daytime + BACKOFF[0]
    assert deliveries_run(now=daytime + BACKOFF[0] / 2, backends=backends).retried == 0
    moment = daytime
    for _attempt in range(MAX_ATTEMPTS - 1):
        moment += BACKOFF[-1]
        deliveries_run(now=moment, backends=backends)
    row.refresh_from_db()
    assert row.status == "failed"
    assert row.attempts == MAX_ATTEMPTS
    assert row.reason.startswith("isv.BUSINESS_LIMIT_CONTROL")


def test_a_provider_that_raises_fails_that_recipient_only(pingshan, members, daytime):
    class Broken(FlakyProvider):
        def send(self, *, phone, text, key):
            if phone == members[2].mobile:
                raise ConnectionError("gateway timeout")
            return super().send(phone=phone, text=text, key=key)

    provider = Broken()
    send(pingshan, daytime)
    deliveries_run(now=daytime, backends={"sms": SmsChannel(provider)})
    row = Delivery.objects.get(address=members[2].mobile)
    assert row.status == "queued"
    assert row.reason == "短信服务商发送失败：gateway timeout"
    assert len(provider.sent) == 2


def test_preferences_turn_channels_off_but_never_in_app(pingshan, members, daytime):
    quiet, emailed, default = members
    preference_set(user=quiet, sms=False, email=False)
    preference_set(user=emailed, sms=False, email=True, email_address="zhao@example.cn")
    notice = send(pingshan, daytime, channels=("sms", "email"))
    routes = set(Delivery.objects.filter(notice=notice).values_list("recipient__user", "channel"))
    assert routes == {
        (quiet.pk, "inapp"),
        (emailed.pk, "inapp"),
        (emailed.pk, "email"),
        (default.pk, "inapp"),
        (default.pk, "sms"),
    }
    deliveries_run(now=daytime)
    assert [m.to for m in mail.outbox] == [["zhao@example.cn"]]
    assert mail.outbox[0].subject == "排练通知"
    email_row = next(r for r in notice_recipients(notice) if r["channel"] == "email")
    assert email_row["address"] == "z***@example.cn"


def test_email_needs_an_address(members):
    from notices.errors import NoticeError

    with pytest.raises(NoticeError) as error:
        preference_set(user=members[0], sms=True, email=True, email_address="")
    assert error.value.message == "要接收邮件，请填写邮箱地址。"


def test_the_preview_counts_what_the_send_queues(pingshan, members, daytime):
    preference_set(user=members[0], sms=False, email=True, email_address="wang@example.cn")
    preference_set(user=members[1], sms=True, email=False)
    draft = Draft(
        audience=Audience(Kind.TEAM, id=pingshan.team.pk), title="通知", body="明晚排练",
        channels=("sms", "email"),
    )  # fmt: skip
    from notices.services import notice_preview

    preview = notice_preview(sender=pingshan.leader, draft=draft, now=daytime)
    notice = notice_send(sender=pingshan.leader, draft=draft, now=daytime)
    queued = {
        channel: Delivery.objects.filter(notice=notice, channel=channel).count()
        for channel in ("inapp", "sms", "email")
    }
    assert preview.channels == queued == {"inapp": 3, "sms": 2, "email": 1}
    assert preview.no_address == {"sms": 1, "email": 2}
