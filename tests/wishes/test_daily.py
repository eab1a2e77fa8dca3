"""The daily job: auto-confirmation after the setting's days, and one overdue list per
station and day for its managers (shown on their list page, passed to registered senders)."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.wishes.conftest import at
from wishes.models import OverdueDigest, Status
from wishes.services import (
    Helper,
    overdue_digests_send,
    register_digest_sender,
    wish_accept,
    wish_claim,
    wish_resolve,
    wishes_auto_confirm,
)
from wishes.services import digests as digest_module


def test_a_request_nobody_confirms_is_confirmed_after_seven_days(file, pingshan, helper):
    wish = file(now=at(2026, 3, 1, 9))
    wish_accept(wish=wish, actor=pingshan.manager, now=at(2026, 3, 1, 10))
    wish_claim(wish=wish, user=helper, now=at(2026, 3, 1, 11))
    done_at = at(2026, 3, 2, 10)
    wish_resolve(wish=wish, actor=helper, note="好了", helpers=[Helper(helper, 30)], now=done_at)
    assert wishes_auto_confirm(now=done_at + timedelta(days=6)) == 0
    assert wishes_auto_confirm(now=done_at + timedelta(days=7)) == 1
    assert wishes_auto_confirm(now=done_at + timedelta(days=8)) == 0
    wish.refresh_from_db()
    assert wish.status == Status.CONFIRMED
    assert wish.events.last().action == "auto_confirmed"
    assert wish.events.last().actor_role == "system"


def test_the_overdue_list_goes_to_the_managers_once_a_day(
    file, pingshan, login, django_capture_on_commit_callbacks
):
    late = file(title="迟了的心愿", now=timezone.now() - timedelta(days=30))
    file(title="按时的心愿")
    sent = []
    register_digest_sender(lambda digest, managers: sent.append((digest.station, managers)))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert overdue_digests_send() == 1
        assert overdue_digests_send() == 0
    finally:
        digest_module._senders.clear()
    digest = OverdueDigest.objects.get()
    assert [item["title"] for item in digest.items] == ["迟了的心愿"]
    assert digest.items[0]["days_over"] > 0
    assert sent == [(pingshan.station, [pingshan.manager])]
    page = login(pingshan.manager).get(reverse("wishes:staff")).content.decode()
    assert "迟了的心愿" in page
    assert late.code[:4] in page


def test_the_command_runs_both(file):
    out = StringIO()
    call_command("wishes_daily", stdout=out)
    assert "auto-confirmed 0" in out.getvalue()
