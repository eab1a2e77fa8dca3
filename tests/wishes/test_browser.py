"""In Chromium on a phone-sized page: a resident files a wish with a photo (and a tap on the
county map), gets a tracking code, follows it, and sees it fulfilled; then confirms and
rates it. Playwright drives Debian's Chromium (tests/stations/browser.py)."""

import io
import re

import pytest
from PIL import Image

from tests.stations.browser import in_browser
from tests.wishes.conftest import PHONE
from wishes.codes import normalize_code
from wishes.models import Status, Wish
from wishes.services import Helper, wish_accept, wish_claim, wish_resolve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PHONE_SIZE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def photo_bytes() -> bytes:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (38.0, 21.0, 0.0), 3: "E", 4: (113.0, 57.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (183, 28, 28)).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_a_resident_files_a_wish_with_a_photo_follows_it_and_sees_it_fulfilled(
    live_server, kinds, station, pingshan, helper
):
    base = live_server.url

    def file(context, page):
        page.goto(f"{base}/wishes/new/")
        page.get_by_label("红色微心愿").check()
        page.fill("#id_title", "想请志愿者帮忙修一下院门")
        page.fill("#id_description", "院门合页坏了，关不上")
        page.select_option("#id_station", str(station.pk))
        page.fill("#id_address", "西柏坡村二组12号")
        page.fill("#id_phone", PHONE)
        page.set_input_files("#id_photos", files=[
            {"name": "门.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}])  # fmt: skip
        page.locator("#map-picker svg").click()
        point = page.text_content("#point-status")
        page.click("#filing button[type=submit]")
        page.wait_for_url(re.compile(r".*/wishes/filed/.*"))
        return {"code": page.text_content("#tracking-code"), "point": point,
                "width": page.evaluate("document.documentElement.scrollWidth")}  # fmt: skip

    filed = in_browser(file, **PHONE_SIZE)
    assert filed["point"].startswith("已标记位置")
    assert filed["width"] <= 390  # nothing wider than the phone
    wish = Wish.objects.get(code=normalize_code(filed["code"]))
    assert wish.latitude is not None
    with wish.photos.get().image.open("rb") as handle:
        assert not Image.open(handle).getexif()  # the GPS position did not survive

    wish_accept(wish=wish, actor=pingshan.manager)
    wish_claim(wish=wish, user=helper)
    wish_resolve(
        wish=wish, actor=helper, note="合页已换好，门能关上了", helpers=[Helper(helper, 60)]
    )

    def follow(context, page):
        page.goto(f"{base}/wishes/follow/")
        page.fill("#id_code", filed["code"])
        page.click("main form button[type=submit]")
        page.wait_for_url(re.compile(r".*/wishes/t/.*"))
        seen = {"status": page.text_content("#status"), "timeline": page.inner_text(".timeline")}
        page.click("#confirm")
        page.wait_for_load_state()
        page.get_by_label("★★★★★", exact=True).check()
        page.click("#rate")
        page.wait_for_load_state()
        seen["after"] = page.text_content("#status")
        return seen

    seen = in_browser(follow, **PHONE_SIZE)
    assert seen["status"] == "已办结，待确认"
    assert "合页已换好，门能关上了" in seen["timeline"]
    assert helper.name not in seen["timeline"]
    assert seen["after"] == "已完成"
    wish.refresh_from_db()
    assert wish.status == Status.CONFIRMED
    assert wish.rating == 5
