"""The notices pages as each role: compose with its preview, the sent list and a notice's
delivery (masked), the inbox under 我的 with its badge, opening a message, preferences."""

import pytest
from django.urls import reverse

from notices.models import Notice, Recipient

pytestmark = pytest.mark.django_db
# session and user, roles, the nav badge, the count, the page of notices with its figures
QUERIES_SENT_LIST = 5


def form(to, **fields) -> dict:
    return {
        "kind": "team",
        "team": str(to.pk),
        "title": "周六排练通知",
        "body": "{姓名}您好：周六上午九点在驿站排练。",
        "channels": ["sms"],
        "action": "preview",
        **fields,
    }


@pytest.fixture
def sent(login, pingshan, members, django_capture_on_commit_callbacks):
    """The leader's notice to the team, delivered."""
    with django_capture_on_commit_callbacks(execute=True):
        login(pingshan.leader).post(reverse("notices:compose"), form(pingshan.team, action="send"))
    return Notice.objects.get()


# --- compose ---------------------------------------------------------------------------------


def test_the_compose_page_offers_a_leader_only_their_team(login, pingshan, members):
    page = login(pingshan.leader).get(reverse("notices:compose")).content.decode()
    assert pingshan.team.name in page
    assert pingshan.other_team.name not in page
    assert "全县" not in page  # the county audience is the county office's
    assert "notices/compose.js" in page


def test_the_preview_shows_the_count_and_the_rendered_text_and_sends_nothing(
    login, pingshan, members
):
    page = login(pingshan.leader).post(reverse("notices:compose"), form(pingshan.team))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="preview-count">2<' in text
    assert "您好：周六上午九点在驿站排练。" in text
    assert "张小兵" not in text  # the sample's name is masked
    assert "周六排练通知" in text  # nothing typed is lost
    assert 'value="send"' in text
    assert Notice.objects.count() == 0


def test_sending_leads_to_the_delivery_page_with_masked_recipients(login, pingshan, sent):
    page = login(pingshan.leader).get(reverse("notices:sent_detail", args=[sent.pk]))
    text = page.content.decode()
    assert "138****5678" in text
    assert "张*兵" in text
    assert "13812345678" not in text
    assert "张小兵" not in text


def test_an_unknown_placeholder_is_refused_on_the_text_and_the_form_keeps_it(
    login, pingshan, members
):
    body = "{电话}请回复"
    page = login(pingshan.leader).post(reverse("notices:compose"), form(pingshan.team, body=body))
    text = page.content.decode()
    assert 'class="field has-error' in text
    assert "{电话}请回复" in text
    assert "周六排练通知" in text
    assert Notice.objects.count() == 0


def test_a_missing_title_and_team_are_named_in_chinese(login, pingshan, members):
    page = login(pingshan.leader).post(
        reverse("notices:compose"), form(pingshan.team, title="", team="")
    )
    text = page.content.decode()
    assert "标题：此项必填。" in text
    assert "队伍：请选择队伍。" in text
    assert "{姓名}您好：周六上午九点在驿站排练。" in text


def test_an_sms_too_long_is_refused_with_its_length(login, pingshan, members):
    body = "{姓名}您好：" + "请准时参加排练。" * 10
    page = login(pingshan.leader).post(reverse("notices:compose"), form(pingshan.team, body=body))
    text = page.content.decode()
    assert "has-error" in text
    assert "70" in text
    assert Notice.objects.count() == 0


@pytest.mark.parametrize("who", ["volunteer"])
def test_a_volunteer_may_not_compose(login, pingshan, who):
    assert login(getattr(pingshan, who)).get(reverse("notices:compose")).status_code == 403


def test_another_township_office_cannot_pick_our_team(login, pingshan, members):
    client = login(pingshan.other_township_office)
    page = client.post(reverse("notices:compose"), form(pingshan.team, action="send"))
    assert page.status_code == 200
    assert "has-error" in page.content.decode()
    assert Notice.objects.count() == 0


def test_the_anonymous_visitor_is_sent_to_log_in(client):
    for name in ("notices:compose", "notices:sent", "notices:inbox", "notices:preferences"):
        assert client.get(reverse(name)).status_code == 302


# --- sent ------------------------------------------------------------------------------------


def test_the_sent_list_shows_figures_per_notice(login, pingshan, sent):
    text = login(pingshan.leader).get(reverse("notices:sent")).content.decode()
    assert "周六排练通知" in text
    assert "<progress" in text


def test_another_sender_does_not_see_the_notice(login, pingshan, sent):
    client = login(pingshan.other_manager)
    assert "周六排练通知" not in client.get(reverse("notices:sent")).content.decode()
    assert client.get(reverse("notices:sent_detail", args=[sent.pk])).status_code == 404


def test_the_county_office_sees_every_notice(login, pingshan, sent):
    page = login(pingshan.county_office).get(reverse("notices:sent_detail", args=[sent.pk]))
    assert page.status_code == 200


def test_the_sent_list_reads_a_fixed_number_of_queries(
    login, pingshan, members, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client = login(pingshan.leader)

    def send_one():
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("notices:compose"), form(pingshan.team, action="send"))

    send_one()
    with django_assert_num_queries(QUERIES_SENT_LIST):
        client.get(reverse("notices:sent"))
    send_one()
    send_one()
    with django_assert_num_queries(QUERIES_SENT_LIST):
        client.get(reverse("notices:sent"))


# --- inbox -----------------------------------------------------------------------------------


def test_a_member_sees_the_badge_opens_the_message_and_the_badge_goes(login, members, sent):
    client = login(members[0])
    home = client.get(reverse("volunteers:me")).content.decode()
    assert 'class="badge count">1<' in home
    assert "周六排练通知" in home  # the card on 我的
    inbox = client.get(reverse("notices:inbox")).content.decode()
    item = Recipient.objects.get(user=members[0])
    assert reverse("notices:message", args=[item.pk]) in inbox
    opened = client.get(reverse("notices:message", args=[item.pk])).content.decode()
    assert "张小兵您好：周六上午九点在驿站排练。" in opened
    assert 'class="badge count"' not in client.get(reverse("notices:inbox")).content.decode()


def test_nobody_opens_another_persons_message(login, members, sent):
    theirs = Recipient.objects.get(user=members[0])
    assert login(members[1]).get(reverse("notices:message", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_leader_who_sent_it_has_no_copy_in_the_inbox(login, pingshan, sent):
    assert (
        "周六排练通知" not in login(pingshan.leader).get(reverse("notices:inbox")).content.decode()
    )


# --- preferences ---------------------------------------------------------------------------


def test_a_volunteer_turns_off_sms_and_in_app_stays(login, pingshan):
    client = login(pingshan.volunteer)
    page = client.post(reverse("notices:preferences"), {"sms": "", "email": ""}, follow=True)
    assert "已保存" in page.content.decode() or "saved" in page.content.decode()
    from notices.selectors import preference_of

    preference = preference_of(pingshan.volunteer)
    assert preference.sms is False
    assert preference.email is False
    assert "disabled" in page.content.decode()  # in-app cannot be unticked


def test_email_without_an_address_is_refused_on_the_address(login, pingshan):
    page = login(pingshan.volunteer).post(reverse("notices:preferences"), {"email": "on"})
    text = page.content.decode()
    assert "has-error" in text
    assert "checked" in text  # the ticked box is kept


def test_the_pages_speak_english_when_asked(login, pingshan, sent):
    client = login(pingshan.leader)
    compose = client.get(reverse("notices:compose"), headers={"accept-language": "en"})
    assert "Write a notice" in compose.content.decode()
    assert "A team I lead" in compose.content.decode()
    detail = client.get(reverse("notices:sent_detail", args=[sent.pk]),
                        headers={"accept-language": "en"})  # fmt: skip
    assert "Recipients" in detail.content.decode()
