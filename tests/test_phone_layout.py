"""Every role's main pages on a 390 px phone: a screenshot of each, and nothing wider
than the screen.

Playwright drives Debian's Chromium (``/usr/bin/chromium``, see tests/stations/browser.py);
it never downloads a browser. The screenshots go to ``screenshots/phone/`` (gitignored):
look at them after a layout change. On each page the check fails when the document is
wider than the viewport, or when an element's right edge lies beyond it, unless that
element sits inside a horizontal scroll container (``overflow-x: auto`` or ``scroll``)
that itself fits: a wide table in ``.table-wrap`` scrolls on purpose, a clipped column
does not. See docs/layout.md.
"""

from pathlib import Path

import pytest
from django.urls import reverse

from stations.services import kiosk_create
from tests.factories import TEST_PASSWORD
from tests.hardening.county import County
from tests.stations.browser import in_browser
from tests.volunteers.factories import VolunteerFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PHONE = {"width": 390, "height": 844}
SHOTS = Path(__file__).resolve().parents[1] / "screenshots" / "phone"

# What sticks out of the viewport, and is not inside a scroll container that fits.
# A phone's browser widens its layout viewport to fit what overflows (window.innerWidth
# grows with the page), so the check measures against the screen's 390 px.
OVERFLOW = """(width) => {
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX;
      if ((x === "auto" || x === "scroll") && p.getBoundingClientRect().right <= width + 1) {
        return true;
      }
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= width + 1 || scrolls(el)) continue;
    const classes = typeof el.className === "string" ? el.className.trim() : "";
    const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
      (classes ? "." + classes.split(/\\s+/).join(".") : "");
    const text = (el.innerText || "").trim().slice(0, 30);
    out.push(`${name} right=${Math.round(box.right)} «${text}»`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, out: out.slice(0, 10)};
}"""


def _pages(county, role):
    """(name, path) of the role's main pages.

    The volunteer's check-in page and the station's kiosk are opened apart."""
    station = county.pingshan.station
    event = county.event
    return {
        "anonymous": [
            ("home", "/"),
            ("login", reverse("login")),
            ("register", reverse("volunteers:register")),
            ("wish", reverse("wishes:file")),
        ],
        "volunteer": [
            ("me", reverse("volunteers:me")),
            ("my-hours", reverse("ledger:mine")),
            ("my-shifts", reverse("events:mine")),
            ("card", reverse("volunteers:card")),
            ("my-certificates", reverse("reports:mine")),
            ("my-check-ins", reverse("stations:mine")),
        ],
        "station_manager": [
            ("stations", reverse("stations:list")),
            ("station", reverse("stations:detail", args=[station.pk])),
            ("queue", reverse("ledger:queue")),
        ],
        "organizer": [
            ("programme", reverse("events:programme")),
            ("event", reverse("events:detail", args=[event.pk])),
            ("new-shift", reverse("events:shift_new", args=[event.pk])),
            ("attendance", reverse("events:attendance", args=[event.pk])),
        ],
        "team_leader": [
            ("teams", reverse("volunteers:team_list")),
            ("team", reverse("volunteers:team_detail", args=[county.pingshan.team.pk])),
        ],
        "county_office": [
            ("dashboard", reverse("reports:dashboard")),
            ("county-report", reverse("reports:county")),
            ("certificates", reverse("reports:staff")),
            ("review", reverse("volunteers:review")),
        ],
    }[role]


def _user(county, role):
    return {
        "anonymous": None,
        "volunteer": county.volunteer.user,
        "station_manager": county.pingshan.manager,
        "organizer": county.event.organizer,
        "team_leader": county.pingshan.leader,
        "county_office": county.pingshan.county_office,
    }[role]


def _open(context, base, user, language="zh-hans"):
    """A page logged in as ``user`` (None: anonymous); in English through the footer's
    language switch."""
    page = context.new_page()
    page.set_default_timeout(15_000)
    if user is not None:
        page.goto(f"{base}{reverse('login')}")
        page.fill("input[name=username]", user.mobile)
        page.fill("input[name=password]", TEST_PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
    if language == "en":
        page.goto(f"{base}/")
        page.click("footer .lang button")
        page.wait_for_selector("html[lang=en]")
    return page


def _look(page, base, role, name, path):
    """Open ``path`` (unless the page shows it already), save its screenshot and return
    what overflows (empty when fine)."""
    if page.url != f"{base}{path}":
        page.goto(f"{base}{path}")
    page.wait_for_load_state("networkidle")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{role}-{name}.png", full_page=True)
    found = page.evaluate(OVERFLOW, PHONE["width"])
    problems = list(found["out"])
    if found["scrollWidth"] > found["width"]:
        wide = found["scrollWidth"]
        problems.insert(0, f"document {wide} px wide on a {found['width']} px screen")
    return {f"{role}/{name} ({path})": problems} if problems else {}


PHONE_OPTIONS = {"viewport": PHONE, "is_mobile": True, "has_touch": True}


def _walk(live_server, role, pages, user, language, extra=None):
    def script(context, _page):
        page = _open(context, live_server.url, user, language)
        found = {}
        for name, path in pages:
            found |= _look(page, live_server.url, role, name, path)
        if extra:
            found |= extra(context, page)
        return found

    return in_browser(script, **PHONE_OPTIONS)


ROLES = ["anonymous", "volunteer", "station_manager", "organizer", "team_leader", "county_office"]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_a_roles_main_pages_fit_a_390_px_phone(
    role, language, pingshan, live_server, settings, tmp_path
):
    """In Chinese, and in English, whose words are longer."""
    settings.MEDIA_ROOT = tmp_path / "media"
    label = role if language == "zh-hans" else f"{role}-{language}"
    county = County(pingshan)
    extra = None
    if role == "volunteer":
        # The check-in page of a volunteer who is not checked in yet: the 签到 button.
        newcomer = VolunteerFactory(township=pingshan.xibaipo).user
        scan = reverse("scan", args=[county.poster.secret])

        def extra(context, _page):
            fresh = context.browser.new_context(locale="zh-CN", **PHONE_OPTIONS)
            page = _open(fresh, live_server.url, newcomer, language)
            return _look(page, live_server.url, label, "check-in", scan)

    if role == "station_manager":
        manager = pingshan.manager
        _kiosk, code = kiosk_create(station=pingshan.station, name="前台平板", actor=manager)

        def extra(context, _page):
            page = context.new_page()
            page.goto(f"{live_server.url}{reverse('stations:kiosk')}")
            page.fill("#pair-code", code)
            page.click("#pair-form button")
            page.wait_for_selector("#qr svg")
            return _look(page, live_server.url, label, "kiosk", reverse("stations:kiosk"))

    found = _walk(live_server, label, _pages(county, role), _user(county, role), language, extra)
    if found:
        pytest.fail(
            "Wider than the phone:\n"
            + "\n".join(f"{page}: " + "; ".join(problems) for page, problems in found.items())
        )


def test_the_tab_bar_shows_it_scrolls_and_the_keyboard_reaches_its_last_tab(pingshan, live_server):
    """A volunteer's tabs are wider than the phone: an arrow marks the right edge, and
    tabbing to the last tab scrolls it fully into view (the left edge is marked then)."""
    person = VolunteerFactory(township=pingshan.xibaipo).user

    def script(context, _page):
        page = _open(context, live_server.url, person)
        page.goto(f"{live_server.url}{reverse('volunteers:me')}")
        seen = {"first": page.get_attribute("nav.tabs", "data-more")}
        links = page.locator("nav.tabs a")
        page.locator("nav.tabs a").first.focus()
        for _ in range(links.count() - 1):
            page.keyboard.press("Tab")
        page.wait_for_timeout(300)
        seen["last"] = page.get_attribute("nav.tabs", "data-more")
        seen["focused"] = page.evaluate("document.activeElement.textContent")
        seen["visible"] = page.evaluate(
            """() => { const a = document.activeElement.getBoundingClientRect();
                       const bar = document.querySelector("nav.tabs ul").getBoundingClientRect();
                       return a.left >= bar.left && a.right <= bar.right; }"""
        )
        seen["last_label"] = links.last.text_content()
        return seen

    seen = in_browser(script, viewport=PHONE, is_mobile=True, has_touch=True)
    assert seen["first"] == "right"
    assert seen["focused"] == seen["last_label"]
    assert seen["visible"]
    assert seen["last"] == "left"
