"""In Chromium on a phone (390 px): a team leader writes to the team, previews, sends; a
member sees the unread badge, reads the message, and the badge goes.

Playwright drives Debian's Chromium (/usr/bin/chromium, headless); it never downloads a
browser. Delivery runs in the server's process (django-tasks' ImmediateBackend, set by
this folder's conftest), as the other browser tests run the worker.
"""

import re

import pytest

from tests.journeys.test_journeys import Browser, log_in
from tests.volunteers.factories import VolunteerFactory, join

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser():
    opened = Browser("notices")
    yield opened
    opened.close()


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def write(b, base, leader, team):
    """The leader composes, previews and sends; what they saw at each step."""
    page = b.context()
    log_in(page, base, leader.mobile, next_url="/notices/compose/")
    page.wait_for_url("**/notices/compose/")
    page.check("input[name=kind][value=team]")
    page.select_option("select[name=team]", str(team.pk))
    page.fill("input[name=title]", "周六排练通知")
    page.fill("textarea[name=body]", "{姓名}您好：周六上午九点在驿站排练。")
    page.check("input[name=channels][value=sms]")
    counter = page.locator("#sms-counter").inner_text()
    b.shot(page, "compose")
    page.click("button[value=preview]")
    page.wait_for_selector("#preview")
    shown, fits = page.inner_text("#preview"), fits_the_phone(page)
    b.shot(page, "preview")
    page.click("button[value=send]")
    page.wait_for_url(re.compile(r".*/notices/sent/\d+/$"))
    b.shot(page, "sent")
    delivered = page.inner_text("main")
    page.context.close()
    return counter, shown, fits, delivered


def read(b, base, member):
    """The member sees the badge, opens the message from the inbox; the badge after."""
    page = b.context()
    log_in(page, base, member.mobile, next_url="/me/")
    badge = page.locator("nav .badge.count").inner_text()
    b.shot(page, "badge")
    page.get_by_role("link", name=re.compile("消息")).first.click()
    page.wait_for_url("**/notices/")
    page.get_by_role("link", name=re.compile("周六排练通知")).click()
    page.wait_for_selector("article.message")
    text = page.inner_text("article.message")
    b.shot(page, "message")
    page.goto(f"{base}/notices/")
    badges_after, fits = page.locator("nav .badge.count").count(), fits_the_phone(page)
    page.context.close()
    return badge, text, badges_after, fits


def test_a_leader_writes_to_the_team_and_a_member_reads_it(browser, pingshan, live_server):
    from notices.models import Delivery, Notice

    member = VolunteerFactory(township=pingshan.xibaipo, user__name="张小兵").user
    join(member.volunteer, pingshan.team)
    base = live_server.url

    counter, shown, fits, delivered = browser.do(
        lambda b: write(b, base, pingshan.leader, pingshan.team)
    )
    assert "/ 70" in counter
    assert "1" in shown
    assert "张*兵您好：周六上午九点在驿站排练。" in shown
    assert fits
    assert "张*兵" in delivered
    assert member.mobile not in delivered
    notice = Notice.objects.get()
    assert Delivery.objects.filter(notice=notice, status="sent").count() == 2  # app and SMS

    badge, text, badges_after, fits = browser.do(lambda b: read(b, base, member))
    assert badge.startswith("1")
    assert "张小兵您好：周六上午九点在驿站排练。" in text
    assert badges_after == 0
    assert fits
