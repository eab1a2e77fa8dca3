"""The kiosk in a real browser: pair, show a code the server accepts, scan cards while
offline, and watch the queue drain when the network returns.

Chromium is Debian's, driven by Playwright (see tests/stations/browser.py).
"""

import pytest
from django.utils import timezone

from stations.models import OfflineScan, Session
from stations.services import kiosk_create
from stations.tokens import resolve
from tests.stations.browser import in_browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_kiosk_pairs_shows_a_valid_code_and_drains_its_offline_queue(
    station, pingshan, cards, live_server
):
    _kiosk, code = kiosk_create(station=station, name="前台平板", actor=pingshan.manager)
    card = cards.issue(pingshan.volunteer)

    def script(context, page):
        page.goto(f"{live_server.url}/stations/kiosk/")
        page.fill("#pair-code", code)
        page.click("#pair-form button")
        page.wait_for_selector("#qr svg")
        seen = {"station": page.text_content("#station-name")}
        seen["url"] = page.get_attribute("#qr", "data-url")
        page.click("#tab-scan")
        context.set_offline(True)
        page.fill("#card", card)
        page.press("#card", "Enter")
        page.wait_for_selector("#queued:text-is('1')")
        seen["offline"] = page.text_content("#result")
        page.fill("#card", "no-such-card")
        page.press("#card", "Enter")
        page.wait_for_selector("#queued:text-is('2')")
        context.set_offline(False)
        page.wait_for_selector("#queued:text-is('0')")
        return seen

    seen = in_browser(script)
    assert seen["station"] == "西柏坡纪念馆红色驿站"
    assert seen["offline"] == "已保存，联网后同步"
    token = seen["url"].rsplit("/s/", 1)[1].strip("/")
    assert resolve(token, now=timezone.now()).station_id == station.pk
    assert Session.objects.get().volunteer == pingshan.volunteer
    assert sorted(OfflineScan.objects.values_list("result", flat=True)) == [
        "card_unknown",
        "checked_in",
    ]
