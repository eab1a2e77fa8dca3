"""Camera scanning on the kiosk: Chromium's fake camera "films" a real volunteer card.

The fake camera plays a Y4M file written here: the card's own QR code (as
``volunteers.cards`` draws it), black on white in the middle of a 640×480 frame.
Chromium is Debian's, driven by Playwright (see tests/stations/browser.py).
"""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from stations.models import OfflineScan, Session
from stations.services import kiosk_create
from tests.stations.browser import in_browser
from tests.volunteers.factories import VolunteerFactory
from volunteers.cards import card_qr

pytestmark = pytest.mark.django_db
DECODER = "vendor/jsqr-1.4.0/jsQR.js"
WIDTH, HEIGHT = 640, 480
SHOTS = Path(__file__).resolve().parents[2] / "screenshots" / "stations"


def y4m_of_qr(secret: str, path, frames: int = 2) -> None:
    """A raw 4:2:0 video whose every frame shows the card's QR code (quiet zone of 4
    modules); the colour planes are neutral grey, so only brightness carries it."""
    rows = [[0] * 4 + list(row) + [0] * 4 for row in card_qr(secret).matrix]
    blank = [0] * len(rows[0])
    rows = [blank] * 4 + rows + [blank] * 4
    scale = int(HEIGHT * 0.8) // len(rows)
    left, top = (WIDTH - scale * len(rows)) // 2, (HEIGHT - scale * len(rows)) // 2
    luma = bytearray(b"\xeb" * (WIDTH * HEIGHT))
    for y, row in enumerate(rows):
        line = b"".join(b"\x10" * scale if dark else b"\xeb" * scale for dark in row)
        for dy in range(scale):
            start = (top + y * scale + dy) * WIDTH + left
            luma[start : start + len(line)] = line
    chroma = b"\x80" * (WIDTH * HEIGHT // 2)
    header = f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + (b"FRAME\n" + bytes(luma) + chroma) * frames)


def fake_camera(video=None) -> list[str]:
    """Chromium's switches for a camera that is granted without asking and plays
    ``video`` (or Chromium's own test pattern)."""
    args = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
    return [*args, f"--use-file-for-fake-video-capture={video}"] if video else args


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_camera_reads_a_volunteer_card_and_checks_the_volunteer_in_once(
    station, pingshan, live_server, tmp_path
):
    volunteer = VolunteerFactory()
    video = tmp_path / "card.y4m"
    y4m_of_qr(volunteer.card_secret, video)
    _kiosk, code = kiosk_create(station=station, name="前台手机", actor=pingshan.manager)

    def script(context, page):
        requests, refused = [], []
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda m: "Content Security Policy" in m.text and refused.append(m))
        page.goto(f"{live_server.url}/stations/kiosk/")
        page.fill("#pair-code", code)
        page.click("#pair-form button")
        page.click("#tab-scan")
        page.click("#camera-start")
        page.wait_for_selector("#result[data-code=checked_in]", timeout=20_000)
        seen = {
            "result": page.text_content("#result"),
            "using": page.get_attribute("#camera-box", "data-using"),
            "status": page.text_content("#camera-status"),
        }
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / "kiosk-camera.png", full_page=True)
        page.wait_for_timeout(5_000)  # the card stays in view, longer than the 4 s hold
        seen["queued"] = page.text_content("#queued")
        page.click("#camera-stop")
        seen["stopped"] = page.evaluate(
            "() => document.getElementById('camera').srcObject === null"
            " && document.getElementById('camera').hidden"
        )
        seen["after_stop"] = page.text_content("#camera-status")
        seen["focus"] = page.evaluate("() => document.activeElement.id")
        seen["requests"], seen["refused"] = requests, [m.text for m in refused]
        return seen

    seen = in_browser(script, args=fake_camera(video), viewport={"width": 390, "height": 844})
    assert seen["result"] == "签到成功"
    assert seen["status"] == "请把志愿者证上的二维码对准摄像头。"
    assert seen["using"] == "jsqr"  # Linux Chromium has no BarcodeDetector
    assert seen["queued"] == "0"
    assert seen["stopped"] is True
    assert seen["after_stop"] == "摄像头已关闭。"
    assert seen["focus"] == "card"  # the wedge scanner keeps working beside the camera
    assert seen["refused"] == []
    assert all(url.startswith(live_server.url) for url in seen["requests"]), seen["requests"]
    assert any(url.endswith("/static/" + DECODER) for url in seen["requests"])
    session = Session.objects.get()
    assert (session.volunteer, session.station, session.status, session.via) == (
        volunteer.user,
        station,
        Session.Status.OPEN,
        Session.Via.STAFF,
    )
    assert list(OfflineScan.objects.values_list("result", flat=True)) == ["checked_in"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_plain_http_the_camera_button_says_https_is_needed(
    station, pingshan, live_server, settings
):
    """A kiosk opened by a plain-HTTP address that is not localhost: the browser offers
    no camera there, and the page says why instead of doing nothing."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "kiosk.test"]
    _kiosk, code = kiosk_create(station=station, name="前台手机", actor=pingshan.manager)
    port = live_server.url.rsplit(":", 1)[1]

    def script(context, page):
        page.goto(f"http://kiosk.test:{port}/stations/kiosk/")
        page.fill("#pair-code", code)
        page.click("#pair-form button")
        page.click("#tab-scan")
        page.click("#camera-start")
        page.wait_for_selector("#camera-status:not(:empty)")
        return page.text_content("#camera-status"), page.is_hidden("#camera")

    rules = "--host-resolver-rules=MAP kiosk.test 127.0.0.1"
    status, video_hidden = in_browser(script, args=[rules, *fake_camera()])
    assert status == "摄像头只能在 HTTPS 网址下使用，请用 https:// 打开本页。"
    assert video_hidden


def test_the_kiosk_page_offers_the_camera_with_a_decoder_of_its_own(client):
    page = client.get(reverse("stations:kiosk")).content.decode()
    assert "使用摄像头" in page
    assert f'data-decoder="/static/{DECODER}"' in page
    assert "/static/stations/camera.js" in page
    urls = re.findall(r'(?:src|href|data-decoder)="([^"]+)"', page)
    assert urls
    assert all(url.startswith("/static/") for url in urls), urls
    assert re.findall(r"https?://[\w.-]+", page) == ["http://testserver"]  # data-site


def test_the_decoder_is_vendored_with_its_licence():
    decoder = Path(finders.find(DECODER))
    licence = Path(finders.find("vendor/jsqr-1.4.0/LICENSE"))
    assert 'root["jsQR"] = factory();' in decoder.read_text(encoding="utf-8")
    assert "Apache License" in licence.read_text(encoding="utf-8")


def test_the_volunteers_check_in_page_does_not_load_the_camera(poster, pingshan, login):
    page = login(pingshan.volunteer).get(f"/s/{poster.secret}/").content.decode()
    assert "stations/scan.js" in page
    assert "camera.js" not in page
    assert "jsQR" not in page
