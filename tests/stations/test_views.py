"""The station pages as the manager, another station's manager, the offices, a
volunteer and anonymous."""

import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from core.roles import Role
from stations.models import Kiosk, PosterSecret
from stations.services import kiosk_create, poster_ensure, session_check_in
from tests.factories import UserFactory

ALLOWED = ["manager", "township_office", "county_office"]
REFUSED = ["other_manager", "other_township_office", "volunteer"]


def as_(pingshan, login, who):
    return Client() if who == "anonymous" else login(getattr(pingshan, who))


@pytest.mark.parametrize("who", ALLOWED)
def test_the_dashboard_shows_duty_today_and_pending(station, pingshan, login, who):
    session_check_in(volunteer=pingshan.volunteer, station_id=station.pk, via="poster")
    page = as_(pingshan, login, who).get(reverse("stations:detail", args=[station.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "西柏坡纪念馆红色驿站" in text
    assert pingshan.volunteer.name in text
    assert "人正在服务" in text


@pytest.mark.parametrize("who", REFUSED)
def test_the_dashboard_is_closed_to_others(station, pingshan, login, who):
    page = as_(pingshan, login, who).get(reverse("stations:detail", args=[station.pk]))
    assert page.status_code == 403


def test_the_dashboard_sends_anonymous_to_log_in(station):
    page = Client().get(reverse("stations:detail", args=[station.pk]))
    assert page.status_code == 302


@pytest.mark.parametrize("volunteers", [1, 3])
def test_the_dashboard_query_count_does_not_grow_with_sessions(
    station, pingshan, login, volunteers, django_assert_num_queries
):
    for _ in range(volunteers):
        person = UserFactory.with_role(Role.VOLUNTEER)
        session_check_in(volunteer=person, station_id=station.pk, via="poster")
    client = login(pingshan.manager)
    with django_assert_num_queries(10):  # +1: the nav's unread badge (notices)
        client.get(reverse("stations:detail", args=[station.pk]))


@pytest.mark.parametrize(("who", "sees"), [
    ("manager", ["西柏坡纪念馆红色驿站"]),
    ("other_manager", ["平山团纪念馆红色驿站"]),
    ("township_office", ["西柏坡纪念馆红色驿站"]),
    ("other_township_office", ["平山团纪念馆红色驿站"]),
    ("county_office", ["西柏坡纪念馆红色驿站", "平山团纪念馆红色驿站"]),
])  # fmt: skip
def test_the_station_list_is_scoped(station, other_station, pingshan, login, who, sees):
    page = as_(pingshan, login, who).get(reverse("stations:list")).content.decode()
    for name in ["西柏坡纪念馆红色驿站", "平山团纪念馆红色驿站"]:
        assert (name in page) == (name in sees)


def test_the_api_station_list_is_scoped(station, other_station, pingshan, login):
    body = login(pingshan.manager).get("/api/v1/stations/").json()
    assert [s["name"] for s in body] == ["西柏坡纪念馆红色驿站"]
    other = login(pingshan.manager).get(f"/api/v1/stations/{other_station.pk}")
    assert other.status_code == 404


def test_the_poster_is_an_a4_pdf_for_the_manager_only(station, pingshan, login):
    response = login(pingshan.manager).get(reverse("stations:poster", args=[station.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert login(pingshan.other_manager).get(
        reverse("stations:poster", args=[station.pk])
    ).status_code == 403  # fmt: skip


def test_rotating_the_poster_is_audited_and_refused_to_others(station, pingshan, login):
    old = poster_ensure(station=station)
    url = reverse("stations:poster_rotate", args=[station.pk])
    assert login(pingshan.other_township_office).post(url).status_code == 403
    login(pingshan.manager).post(url)
    old.refresh_from_db()
    assert old.revoked_at is not None
    assert PosterSecret.objects.filter(station=station, revoked_at__isnull=True).count() == 1
    assert AuditEntry.objects.filter(action="poster.rotate").exists()


def test_pairing_a_kiosk_then_syncing_card_scans(station, pingshan, login, cards):
    page = login(pingshan.manager).post(
        reverse("stations:kiosk_create", args=[station.pk]), {"name": "前台平板"}
    )
    code = re.search(r'<p class="code-big"><code>(\w+)</code>', page.content.decode()).group(1)
    paired = Client().post(
        "/api/v1/stations/kiosks/pair", {"code": code}, content_type="application/json"
    )
    assert paired.status_code == 200
    token = paired.json()["token"]
    again = Client().post(
        "/api/v1/stations/kiosks/pair", {"code": code}, content_type="application/json"
    )
    assert (again.status_code, again.json()["code"]) == (403, "pairing_invalid")
    card = cards.issue(pingshan.volunteer)
    suspended = UserFactory.with_role(Role.VOLUNTEER, is_active=False)
    items = [
        {"uuid": str(uuid.uuid4()), "card": card, "scanned_at": timezone.now().isoformat()},
        {"uuid": str(uuid.uuid4()), "card": "nobody", "scanned_at": timezone.now().isoformat()},
        {"uuid": str(uuid.uuid4()), "card": cards.issue(suspended),
         "scanned_at": timezone.now().isoformat()},
    ]  # fmt: skip
    response = Client().post(
        "/api/v1/stations/checkins/batch",
        {"items": items},
        content_type="application/json",
        headers={"X-Device-Token": token},
    )
    assert [(r["status"], r["code"]) for r in response.json()] == [
        ("applied", "checked_in"),
        ("rejected", "card_unknown"),
        ("rejected", "volunteer_suspended"),
    ]


def test_a_revoked_kiosk_cannot_sync(station, pingshan, login):
    kiosk, code = kiosk_create(station=station, name="平板", actor=pingshan.manager)
    token = (
        Client()
        .post("/api/v1/stations/kiosks/pair", {"code": code}, content_type="application/json")
        .json()["token"]
    )
    login(pingshan.manager).post(reverse("stations:kiosk_revoke", args=[kiosk.pk]))
    assert Kiosk.objects.get().revoked_at is not None
    response = Client().post(
        "/api/v1/stations/checkins/batch",
        {"items": []},
        content_type="application/json",
        headers={"X-Device-Token": token},
    )
    assert response.status_code == 401


def test_the_kiosk_page_loads_its_scripts_from_the_app(client):
    page = client.get(reverse("stations:kiosk")).content.decode()
    assert "/static/stations/kiosk.js" in page
    assert "<script>" not in page
    assert "签到平板" in page


@pytest.mark.parametrize("who", ["volunteer", "manager"])
def test_my_check_in_page_for_anyone_logged_in(pingshan, login, who):
    page = login(getattr(pingshan, who)).get(reverse("stations:mine"))
    assert page.status_code == 200
    assert "您目前没有签到" in page.content.decode()


def test_my_check_in_page_sends_anonymous_to_log_in():
    assert Client().get(reverse("stations:mine")).status_code == 302


def test_without_a_chinese_font_the_poster_is_refused_clearly(
    station, pingshan, login, monkeypatch
):
    monkeypatch.setenv("PATH", "/nonexistent")  # fontconfig's fc-list cannot be found
    response = login(pingshan.manager).get(reverse("stations:poster", args=[station.pk]))
    assert response.status_code == 400
    assert "服务器未安装中文字体" in response.content.decode()


@pytest.mark.parametrize("who", [*REFUSED, "anonymous"])
def test_staff_actions_are_refused_to_others(station, pingshan, login, who):
    kiosk, _code = kiosk_create(station=station, name="平板", actor=pingshan.manager)
    client = as_(pingshan, login, who)
    posts = [
        reverse("stations:poster_rotate", args=[station.pk]),
        reverse("stations:kiosk_create", args=[station.pk]),
        reverse("stations:kiosk_revoke", args=[kiosk.pk]),
    ]
    for url in posts:
        assert client.post(url, {"name": "x"}).status_code in (302, 403)
    kiosk.refresh_from_db()
    assert kiosk.revoked_at is None
    assert Kiosk.objects.count() == 1
    assert not PosterSecret.objects.exists()


def test_adding_a_manager_in_the_admin_lets_them_confirm_in_the_ledger(station, pingshan, login):
    from ledger.models import RecordingUnit

    newcomer = UserFactory.with_role(Role.STATION_MANAGER)
    data = {
        "name": station.name,
        "region": station.region_id,
        "site": station.site,
        "site_type": station.site_type,
        "opening_hours": "{}",
        "programs": [p.pk for p in station.programs.all()],
        "managers": [pingshan.manager.pk, newcomer.pk],
    }
    response = login(pingshan.admin).post(
        reverse("admin:stations_station_change", args=[station.pk]), data
    )
    assert response.status_code == 302
    unit = RecordingUnit.objects.get(key=f"station:{station.pk}")
    assert set(unit.managers.all()) == {pingshan.manager, newcomer}


def test_the_dashboard_shows_todays_hours_or_closed(station, pingshan, login):
    client = login(pingshan.manager)
    page = client.get(reverse("stations:detail", args=[station.pk])).content.decode()
    assert "今天开放 09:00–17:00" in page
    station.opening_hours = {}
    station.save()
    page = client.get(reverse("stations:detail", args=[station.pk])).content.decode()
    assert "今天闭馆" in page


def test_the_manager_confirms_hours_from_the_dashboard(station, pingshan, login):
    from ledger.models import Balance, Claim
    from stations.services import session_check_out
    from tests.stations.conftest import backdate

    session_check_in(volunteer=pingshan.volunteer, station_id=station.pk, via="poster")
    backdate(45)
    session_check_out(volunteer=pingshan.volunteer)
    client = login(pingshan.manager)
    page = client.get(reverse("stations:detail", args=[station.pk])).content.decode()
    claim = Claim.objects.get()
    assert f'name="claims" value="{claim.pk}"' in page
    client.post(reverse("ledger:queue"), {"claims": [claim.pk]})
    assert Balance.objects.get(volunteer=pingshan.volunteer).service_minutes == 45


def test_todays_sessions_scroll_inside_their_card_on_a_phone(pingshan, station, login):
    """The table keeps every column (状态 too) and scrolls in a labelled, focusable wrap."""
    from stations.services import session_check_in
    from tests.volunteers.factories import VolunteerFactory

    person = VolunteerFactory(township=pingshan.xibaipo).user
    session_check_in(volunteer=person, station_id=station.pk, via="poster")
    page = login(pingshan.manager).get(f"/stations/{station.pk}/").content.decode()
    wrap = page.index(
        '<div class="table-wrap" tabindex="0" role="region" aria-labelledby="today-heading">'
    )
    assert page.index('id="today-heading"') < wrap < page.index("<th>状态</th>", wrap)
    assert person.name in page[wrap : page.index("</table>", wrap)]


def test_the_poster_s_qr_code_opens_the_public_url(station, pingshan, login, settings):
    from tests.reports.conftest import pdf_qr_codes

    settings.HONGYI_PUBLIC_URL = "https://hongyi.example.cn"
    response = login(pingshan.manager).get(reverse("stations:poster", args=[station.pk]))
    secret = poster_ensure(station=station).secret
    assert pdf_qr_codes(response.content) == [f"https://hongyi.example.cn/s/{secret}/"]
    assert b"127.0.0.1" not in response.content
