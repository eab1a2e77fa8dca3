"""Journeys in a real browser: a volunteer's phone and the offices' screens, end to end.

Playwright drives Debian's Chromium (``/usr/bin/chromium``); it never downloads a browser.
Every Playwright call runs on one dedicated thread (Playwright's event loop must not
share a thread with Django's ORM); the test thread sets data up and checks the outcome
between steps. Screenshots of the key screens go to ``screenshots/journeys/``.
See docs/journeys.md.
"""

import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest

from tests.factories import TEST_PASSWORD, VillageFactory
from tests.stations.browser import ARGS, CHROMIUM
from tests.volunteers.factories import id_number, years_ago

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PHONE = {"width": 390, "height": 844}
SHOTS = Path(__file__).resolve().parents[2] / "screenshots" / "journeys"
HERE = {"latitude": 38.3, "longitude": 114.0}


class Browser:
    """One Chromium on its own thread; ``do(fn)`` runs ``fn(browser)`` there."""

    def __init__(self, journey: str):
        if not shutil.which(CHROMIUM):
            pytest.fail("Chromium is missing: run `make install` as root (apt package chromium).")
        self.journey = journey
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.shots = 0
        self.do(self._start)

    def _start(self, _):
        from playwright.sync_api import sync_playwright

        self.playwright = sync_playwright().start()
        self.chromium = self.playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)

    def do(self, fn):
        return self.pool.submit(fn, self).result(timeout=120)

    def context(self, *, phone=True, **options):
        """A fresh login session: a phone (390×844) or an office desktop, in Chinese."""
        size = PHONE if phone else {"width": 1280, "height": 900}
        context = self.chromium.new_context(
            locale="zh-CN",
            extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"},
            viewport=size,
            is_mobile=phone,
            has_touch=phone,
            accept_downloads=True,
            **options,
        )
        context.set_default_timeout(15_000)
        return context.new_page()

    def shot(self, page, name):
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.shots += 1
        page.screenshot(path=SHOTS / f"{self.journey}-{self.shots:02d}-{name}.png", full_page=True)

    def close(self):
        def stop(_):
            self.chromium.close()
            self.playwright.stop()

        try:
            self.do(stop)
        finally:
            self.pool.shutdown()


@pytest.fixture
def browser(request):
    name = re.sub(r"^test_", "", request.node.name)[:40]
    opened = Browser(name)
    yield opened
    opened.close()


def log_in(page, base, mobile, password=TEST_PASSWORD, next_url="/"):
    page.goto(f"{base}/login/?next={next_url}")
    page.fill("input[name=username]", mobile)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def log_in_here(page, mobile, password=TEST_PASSWORD):
    """Fill the login form the page shows now."""
    page.fill("input[name=username]", mobile)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")


def test_journey_1_a_volunteer_registers_and_the_township_office_approves(
    browser, pingshan, live_server
):
    from volunteers.models import Volunteer

    village = VillageFactory(parent=pingshan.xibaipo, code="130131110201", name="西柏坡村")
    base = live_server.url

    def register(b):
        page = b.context()
        page.goto(f"{base}/register/")
        page.fill("#id_name", "李红梅")
        page.fill("#id_id_number", id_number(years_ago(30)))
        page.fill("#id_mobile", "13612345678")
        page.fill("#id_password", "hongse-2026-yi")
        page.fill("#id_password_again", "hongse-2026-yi")
        page.select_option("#id_township", str(village.parent_id))
        page.select_option("#id_village", str(village.pk))
        page.fill("#id_residence", "西柏坡村二组")
        page.check("input[name=service_categories][value=red_guide]")
        page.check("input[name=availability][value=weekend]")
        page.fill("#id_emergency_contact_name", "李大山")
        page.fill("#id_emergency_contact_mobile", "13987654321")
        page.check("#id_consent")
        b.shot(page, "register-filled")
        page.click("main form button[type=submit]")
        page.wait_for_url("**/me/")
        b.shot(page, "pending")
        text = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
        page.context.close()
        return text

    pending = browser.do(register)
    assert "待审核" in pending

    def approve(b):
        page = b.context(phone=False)
        log_in(page, base, pingshan.township_office.mobile, next_url="/volunteers/review/")
        page.wait_for_url("**/volunteers/review/")
        queue = page.inner_text("body")
        b.shot(page, "review-queue")
        page.get_by_role("button", name="通过").first.click()
        page.wait_for_load_state()
        b.shot(page, "approved")
        page.context.close()
        return queue

    assert "李红梅" in browser.do(approve)
    volunteer = Volunteer.objects.get(user__mobile="13612345678")
    assert volunteer.status == "active"

    def me(b):
        page = b.context()
        log_in(page, base, "13612345678", "hongse-2026-yi", next_url="/me/")
        page.wait_for_url("**/me/")
        b.shot(page, "me")
        text = page.inner_text("body")
        page.context.close()
        return text

    seen = browser.do(me)
    assert "已通过" in seen
    assert volunteer.number in seen


def test_journey_2_check_in_by_poster_check_out_and_the_manager_confirms(
    browser, pingshan, live_server
):
    from ledger.models import Entry
    from stations.services import poster_ensure
    from tests.stations.conftest import backdate, set_up

    station = set_up(pingshan.station)
    poster = poster_ensure(station=station)
    scan_url = f"{live_server.url}/s/{poster.secret}/"
    base = live_server.url
    volunteer = pingshan.volunteer

    def check_in(b):
        page = b.context(geolocation=HERE, permissions=["geolocation"])
        page.goto(scan_url)
        if "/login/" in page.url:  # asked to log in first; the form sends them back
            b.shot(page, "login-asked")
            log_in_here(page, volunteer.mobile)
            page.wait_for_url(re.compile(r".*/s/.*"))
        b.shot(page, "scan")
        page.click("#check-in button[type=submit]")
        page.wait_for_load_state()
        page.get_by_role("button", name=re.compile("签退")).wait_for()
        b.shot(page, "checked-in")
        b.phone = page
        return page.inner_text("body")

    assert "西柏坡纪念馆红色驿站" in browser.do(check_in)
    backdate(120, volunteer=volunteer)

    def check_out(b):
        page = b.phone
        page.goto(scan_url)
        page.get_by_role("button", name=re.compile("签退")).first.click()
        page.wait_for_load_state()
        b.shot(page, "checked-out")
        return page.inner_text("body")

    browser.do(check_out)

    def confirm(b):
        page = b.context(phone=False)
        log_in(page, base, pingshan.manager.mobile, next_url="/ledger/queue/")
        page.wait_for_url("**/ledger/queue/")
        b.shot(page, "queue")
        page.locator("main form input[type=checkbox]").last.check()
        page.get_by_role("button", name=re.compile("批准|确认|通过")).first.click()
        page.wait_for_load_state()
        b.shot(page, "confirmed")
        page.context.close()

    browser.do(confirm)
    assert Entry.objects.filter(volunteer=volunteer).count() == 1

    def mine(b):
        page = b.phone
        page.goto(f"{base}/ledger/mine/")
        b.shot(page, "ledger-mine")
        return page.inner_text("body")

    seen = browser.do(mine)
    assert "2.0 小时" in seen
    assert "☆☆☆☆☆" in seen  # the star row: five empty stars after two hours


def test_journey_3_a_certificate_downloads_and_verifies(
    browser, pingshan, live_server, submit, settings, tmp_path
):
    from ledger.services import claim_approve

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    for minutes, day in ((120, 8), (90, 9), (180, 12)):
        claim_approve(claim=submit(minutes, on=date(2026, 10, day)), actor=pingshan.manager)
    base = live_server.url

    def download(b):
        page = b.context()
        log_in(page, base, pingshan.volunteer.mobile, next_url="/reports/certificates/mine/")
        page.wait_for_url("**/reports/certificates/mine/")
        b.shot(page, "certificates")
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        link = page.get_by_role("link", name=re.compile("PDF")).first
        link.wait_for()
        b.shot(page, "issued")
        # The PDF is served inline (the phone's viewer opens it): fetch it with the
        # page's own cookies, as the viewer does.
        pdf = page.context.request.get(f"{base}{link.get_attribute('href')}")
        disposition = pdf.headers["content-disposition"]
        size = len(pdf.body())
        verify = page.get_by_role("link", name=re.compile("验证")).first.get_attribute("href")
        page.goto(f"{base}{verify}")
        b.shot(page, "verified")
        return pdf.headers["content-type"], disposition, size, page.url, page.inner_text("body")

    kind, disposition, size, url, text = browser.do(download)
    assert kind == "application/pdf"
    assert ".pdf" in disposition
    assert size > 1000
    assert "/verify/" in url
    assert "有效" in text
    assert "6.5" in text


def test_journey_4_the_county_office_exports_a_table_to_xlsx(
    browser, pingshan, live_server, submit
):
    from ledger.services import claim_approve

    claim_approve(claim=submit(120, on=date(2026, 10, 8)), actor=pingshan.manager)
    base = live_server.url

    def report(b):
        page = b.context(phone=False)
        log_in(page, base, pingshan.county_office.mobile, next_url="/reports/county/")
        page.wait_for_url("**/reports/county/**")
        b.shot(page, "county-form")
        page.select_option("main select[name=kind]", "month")
        page.fill("main input[name=year]", "2026")
        page.fill("main input[name=number]", "10")
        page.click("main form button[type=submit]")
        page.wait_for_url("**/reports/county/?*")
        page.get_by_role("link", name=re.compile("Excel")).first.wait_for()
        b.shot(page, "county-month")
        text = page.inner_text("body")
        link = page.get_by_role("link", name=re.compile("Excel")).first
        with page.expect_download() as info:
            link.click()
        xlsx = info.value
        printable = page.get_by_role("link", name=re.compile("PDF")).first.get_attribute("href")
        pdf = page.context.request.get(f"{page.url.split('?')[0]}{printable}")
        return (
            text,
            xlsx.suggested_filename,
            Path(xlsx.path()).read_bytes(),
            pdf.headers["content-type"],
        )

    import openpyxl

    text, name, data, printable = browser.do(report)
    assert "全县统计报告" in text
    assert "西柏坡镇" in text
    assert printable == "application/pdf"
    assert name.endswith(".xlsx")
    workbook = openpyxl.load_workbook(BytesIO(data), read_only=True)
    cells = [c for row in workbook.active.iter_rows(values_only=True) for c in row]
    assert "西柏坡镇" in cells


def organize(b, base, organizer, venue, start):
    """The organizer creates the event, adds a shift and publishes it; its URL."""
    stamp = "%Y-%m-%dT%H:%M"
    page = b.context(phone=False)
    log_in(page, base, organizer.mobile, next_url="/events/new/")
    page.wait_for_url("**/events/new/")
    page.select_option("main select[name=kind]", "performance")
    page.fill("main input[name=title]", "平山红周末演出")
    page.fill("main input[name=starts_at]", start.strftime(stamp))
    page.fill("main input[name=ends_at]", start.replace(hour=21).strftime(stamp))
    page.select_option("main select[name=venue]", str(venue.pk))
    b.shot(page, "event-new")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/events/\d+/$"))
    detail = page.url
    page.get_by_role("link", name="添加岗位").click()
    page.wait_for_url("**/shifts/new/")
    page.select_option("main select[name=role]", "guiding")
    page.fill("main input[name=starts_at]", start.replace(hour=18).strftime(stamp))
    page.fill("main input[name=ends_at]", start.replace(hour=21).strftime(stamp))
    page.fill("main input[name=needed]", "2")
    b.shot(page, "shift-new")
    page.click("main form button[type=submit]")
    page.wait_for_url(detail)
    page.get_by_role("button", name="发布").click()
    page.wait_for_load_state()
    b.shot(page, "published")
    page.context.close()
    return detail


def test_journey_5_an_organizer_adds_a_shift_a_volunteer_signs_up_and_subscribes(
    browser, pingshan, live_server
):
    from core.roles import Role
    from events.models import SignUp
    from events.services import venue_ensure
    from tests.events.conftest import soon
    from tests.factories import UserFactory
    from tests.volunteers.factories import VolunteerFactory

    organizer = UserFactory.with_role(Role.EVENT_ORGANIZER, name="刘组织")
    venue = venue_ensure(name="西柏坡纪念馆广场", region=pingshan.xibaipo, capacity=3000)
    volunteer = VolunteerFactory(user__name="李志愿").user
    start = soon(days=10, hour=19)
    base = live_server.url

    detail = browser.do(lambda b: organize(b, base, organizer, venue, start))

    def sign_up(b):
        page = b.context()
        log_in(page, base, volunteer.mobile, next_url=detail.removeprefix(base))
        page.wait_for_url(detail)
        page.get_by_role("button", name="报名").first.click()
        page.wait_for_load_state()
        b.shot(page, "signed-up")
        signed = page.inner_text("body")
        page.goto(f"{base}/events/me/")
        make = page.get_by_role("button", name=re.compile("日历链接"))
        if make.count():
            make.first.click()
            page.wait_for_load_state()
        feed = page.get_by_role("link", name=re.compile("订阅")).first.get_attribute("href")
        b.shot(page, "my-shifts")
        return signed, page.inner_text("body"), feed

    signed, mine, feed = browser.do(sign_up)
    assert "报名成功" in signed
    assert "平山红周末演出" in mine
    assert feed.endswith(".ics")
    assert SignUp.objects.filter(volunteer=volunteer).count() == 1
