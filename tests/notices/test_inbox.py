"""The recipient's inbox: what reached them in the app, the unread badge, read on open."""

import pytest

from notices.audiences import Audience, Kind
from notices.errors import NoticeError
from notices.rendering import recipient_text, recipient_title
from notices.selectors import inbox, inbox_item, notices_sent, unread_count
from notices.services import Draft, deliveries_run, notice_read, notice_send


@pytest.fixture
def delivered(pingshan, members, daytime):
    draft = Draft(
        audience=Audience(Kind.TEAM, id=pingshan.team.pk),
        title="{姓名}，周六排练",
        body="{姓名}您好，周六{时间}在{地点}排练。",
        time="14:00",
        place="西柏坡镇文化站",
    )
    notice = notice_send(sender=pingshan.leader, draft=draft, now=daytime)
    deliveries_run(now=daytime)
    return notice


def test_a_member_reads_the_notice_in_their_inbox(delivered, members):
    member = members[0]
    assert unread_count(member) == 1
    item = inbox(member).get()
    assert recipient_title(item) == "王歌手，周六排练"
    assert recipient_text(item) == "王歌手您好，周六14:00在西柏坡镇文化站排练。"
    notice_read(user=member, recipient_id=item.pk)
    assert unread_count(member) == 0
    assert inbox_item(member, item.pk).read_at is not None


def test_reading_twice_keeps_the_first_time(delivered, members):
    item = inbox(members[0]).get()
    first = notice_read(user=members[0], recipient_id=item.pk).read_at
    assert notice_read(user=members[0], recipient_id=item.pk).read_at == first


def test_nobody_opens_another_persons_message(delivered, members, pingshan):
    item = inbox(members[0]).get()
    for other in (members[1], pingshan.leader):
        with pytest.raises(NoticeError) as error:
            notice_read(user=other, recipient_id=item.pk)
        assert error.value.http_status == 404
    assert inbox(pingshan.leader).count() == 0


def test_the_inbox_shows_only_what_was_delivered(pingshan, members, daytime):
    draft = Draft(audience=Audience(Kind.TEAM, id=pingshan.team.pk), title="待发", body="x")
    notice_send(sender=pingshan.leader, draft=draft, now=daytime)
    assert unread_count(members[0]) == 0  # queued, the worker has not run yet


def test_the_sender_lists_their_own_notices_the_county_all(delivered, pingshan):
    assert list(notices_sent(user=pingshan.leader)) == [delivered]
    assert list(notices_sent(user=pingshan.township_office)) == []
    assert list(notices_sent(user=pingshan.county_office)) == [delivered]


def test_the_inbox_reads_in_a_fixed_number_of_queries(
    delivered, members, django_assert_num_queries
):
    with django_assert_num_queries(1):
        items = list(inbox(members[0]))
        [recipient_text(item) for item in items]


def test_the_sent_list_carries_its_figures_in_one_query(
    delivered, members, pingshan, django_assert_num_queries
):
    notice_read(user=members[0], recipient_id=inbox(members[0]).get().pk)
    with django_assert_num_queries(1):
        row = notices_sent(user=pingshan.leader).get()
    assert (row.n_deliveries, row.n_sent, row.n_failed, row.n_open, row.n_read) == (3, 3, 0, 0, 1)


def test_progress_counts_what_is_done(pingshan, members, daytime):
    from notices.selectors import notice_figures

    draft = Draft(audience=Audience(Kind.TEAM, id=pingshan.team.pk), title="x", body="y")
    notice = notice_send(sender=pingshan.leader, draft=draft, now=daytime)
    assert notice_figures(notice)["progress"] == 0
    deliveries_run(now=daytime, batch_size=2)
    assert notice_figures(notice)["progress"] == 1


def test_the_resume_command_queues_notices_with_messages_left(pingshan, members):
    import io

    from django.core.management import call_command

    draft = Draft(audience=Audience(Kind.TEAM, id=pingshan.team.pk), title="x", body="y")
    notice_send(sender=pingshan.leader, draft=draft)  # in the app only: due at once
    out = io.StringIO()
    call_command("notices_resume", stdout=out)
    assert "Queued 1 notices again." in out.getvalue()
    assert unread_count(members[0]) == 1  # the immediate backend ran the task
