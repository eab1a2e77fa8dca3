"""Templates with placeholders, previewed before sending; bad input refused before queueing."""

import pytest

from notices.audiences import Audience, Kind
from notices.errors import NoticeError
from notices.models import Delivery, Notice
from notices.rendering import SMS_SEGMENT, template_render
from notices.services import Draft, notice_preview, notice_send


def team_draft(pingshan, body, **fields):
    audience = fields.pop("audience", Audience(Kind.TEAM, id=pingshan.team.pk))
    return Draft(audience=audience, title=fields.pop("title", "排练通知"), body=body, **fields)


def refusal(pingshan, body, **fields):
    with pytest.raises(NoticeError) as error:
        notice_send(sender=pingshan.leader, draft=team_draft(pingshan, body, **fields))
    assert not Notice.objects.exists()
    assert not Delivery.objects.exists()
    return error.value


def test_placeholders_are_filled_per_recipient(roster, members):
    event, *_ = roster
    draft = Draft(
        audience=Audience(Kind.EVENT_PERFORMERS, id=event.pk),
        title="{活动}",
        body="{姓名}您好，{活动}于{时间}在{地点}举行。",
    )
    preview = notice_preview(sender=event.organizer, draft=draft)
    assert preview.count == 3
    assert preview.sample_title == "七一合唱展演"
    # The sender's sample masks the name.
    assert preview.sample_text.startswith("王*手您好，七一合唱展演于")
    assert "西柏坡纪念馆广场" in preview.sample_text


def test_a_typed_time_and_place_fill_their_placeholders(pingshan, members):
    draft = team_draft(pingshan, "{姓名}：{时间}在{地点}排练", time="周六 14:00", place="镇文化站")
    assert notice_preview(sender=pingshan.leader, draft=draft).sample_text == (
        "王*手：周六 14:00在镇文化站排练"
    )


def test_an_unknown_placeholder_is_named(pingshan, members):
    error = refusal(pingshan, "{名字}您好")
    assert error.code == "unknown_placeholder"
    assert error.message == (
        "正文中的占位符 {名字} 无法识别，可用的占位符：{姓名}、{活动}、{时间}、{地点}。"
    )


def test_an_unknown_placeholder_in_the_title_is_named(pingshan, members):
    assert refusal(pingshan, "你好", title="{日期}").message.startswith("标题中的占位符 {日期}")


def test_a_stray_brace_is_refused(pingshan, members):
    assert refusal(pingshan, "您好{姓名").code == "template_invalid"


def test_a_placeholder_nothing_fills_is_refused(pingshan, members):
    error = refusal(pingshan, "{地点}集合")
    assert error.code == "placeholder_unfilled"
    assert error.message == "正文用了 {地点}，但这条通知没有填写地点。"


def test_an_empty_title_or_text_is_refused(pingshan, members):
    assert refusal(pingshan, "  ").message == "请填写通知正文。"
    assert refusal(pingshan, "正文", title=" ").message == "请填写标题。"


def test_an_unknown_channel_is_refused(pingshan, members):
    assert refusal(pingshan, "正文", channels=("wechat",)).code == "channel_invalid"


def test_an_sms_over_one_segment_is_refused_with_its_length(pingshan, members):
    body = "请" * (SMS_SEGMENT - len("【平山红驿】") + 1)
    error = refusal(pingshan, body, channels=("sms",))
    assert error.code == "sms_too_long"
    assert error.message == "短信连同签名【平山红驿】共 71 字，单条短信最多 70 字，请删减 1 字。"


def test_the_longest_name_counts_for_the_sms_length(pingshan, members):
    members[0].name = "欧阳长名字"
    members[0].save()
    body = "{姓名}" + "请" * (SMS_SEGMENT - len("【平山红驿】") - 4)  # fits a 3-character name
    assert refusal(pingshan, body, channels=("sms",)).code == "sms_too_long"


def test_an_sms_of_exactly_one_segment_is_accepted(pingshan, members):
    body = "请" * (SMS_SEGMENT - len("【平山红驿】"))
    preview = notice_preview(
        sender=pingshan.leader, draft=team_draft(pingshan, body, channels=("sms",))
    )
    assert preview.sms_length == 70
    assert preview.sms_text.startswith("【平山红驿】请")


def test_the_preview_counts_before_sending_and_writes_nothing(pingshan, members):
    preview = notice_preview(
        sender=pingshan.leader, draft=team_draft(pingshan, "明晚排练", channels=("sms", "email"))
    )
    assert preview.count == 3
    assert preview.channels == {"inapp": 3, "sms": 3, "email": 0}
    assert preview.no_address == {"sms": 0, "email": 3}
    assert preview.audience_label == "队伍：平山红第二合唱队"
    assert not Notice.objects.exists()


def test_rendering_never_evaluates_the_text():
    assert template_render("{姓名.__class__}{0}", {"姓名": "王"}) == ""
