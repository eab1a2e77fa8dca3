"""The volunteer's flow: scan the poster, check in, check out, see pending hours; the
manager confirms in the ledger and the balance grows by exactly those minutes."""

import re

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.urls import reverse

from ledger.models import Balance, Claim
from stations.models import Session
from tests.stations.conftest import HERE, backdate


def grant_of(page: str) -> str:
    return re.search(r'name="grant" value="([^"]+)"', page).group(1)


def check_in(client, url, program, **location):
    page = client.get(url).content.decode()
    data = {"grant": grant_of(page), "program": program, **location}
    return client.post(url, data)


def test_scanning_the_poster_logged_out_asks_to_log_in_and_comes_back(poster, client):
    url = f"/s/{poster.secret}/"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?{REDIRECT_FIELD_NAME}={url}"


def test_the_scan_page_names_the_station_and_preselects_its_default_program(
    poster, pingshan, login
):
    page = login(pingshan.volunteer).get(f"/s/{poster.secret}/").content.decode()
    assert "西柏坡纪念馆红色驿站" in page
    default = pingshan.station.default_program_id
    assert re.search(rf'<option value="{default}" selected>我为游客办实事</option>', page)
    assert "签到" in page


def test_check_in_check_out_and_approval_grow_the_balance(poster, pingshan, login):
    client = login(pingshan.volunteer)
    response = check_in(client, f"/s/{poster.secret}/", pingshan.station.default_program_id, **HERE)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    session = Session.objects.get()
    started = session.started_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai"))
    assert f"{started:%Y-%m-%d %H:%M}" in page
    assert session.flags == []
    backdate(95)
    client.post(reverse("stations:check_out"))
    page = client.get(reverse("stations:mine")).content.decode()
    assert "95 分钟" in page
    assert "待确认" in page
    claim = Claim.objects.get()
    assert (claim.source_key, claim.minutes, claim.status) == (session.source_key, 95, "pending")
    manager = login(pingshan.manager)
    manager.post(reverse("ledger:queue"), {"claims": [claim.pk]})
    assert Balance.objects.get(volunteer=pingshan.volunteer).service_minutes == 95
    assert "已确认" in client.get(reverse("stations:mine")).content.decode()


def test_checking_in_far_away_is_flagged_not_refused(poster, pingshan, login):
    client = login(pingshan.volunteer)
    check_in(client, f"/s/{poster.secret}/", pingshan.station.default_program_id,
             latitude="38.0", longitude="114.0")  # fmt: skip
    session = Session.objects.get()
    assert session.flags == ["geofence"]
    assert session.distance_m > 30_000


def test_refusing_location_flags_the_session(poster, pingshan, login):
    check_in(login(pingshan.volunteer), f"/s/{poster.secret}/", pingshan.station.default_program_id)
    assert Session.objects.get().flags == ["geofence"]


def test_scanning_again_offers_check_out(poster, pingshan, login):
    client = login(pingshan.volunteer)
    check_in(client, f"/s/{poster.secret}/", pingshan.station.default_program_id, **HERE)
    page = client.get(f"/s/{poster.secret}/").content.decode()
    assert "签退" in page
    assert "您已于" in page


def test_scanning_another_station_while_on_duty_offers_to_check_out_of_the_first(
    poster, other_station, pingshan, login
):
    from stations.services import poster_ensure

    client = login(pingshan.volunteer)
    check_in(client, f"/s/{poster.secret}/", pingshan.station.default_program_id, **HERE)
    other = poster_ensure(station=other_station)
    page = client.get(f"/s/{other.secret}/").content.decode()
    assert "您仍在西柏坡纪念馆红色驿站签到中" in page
    client.post(reverse("stations:check_out"))
    assert Session.objects.get().status == "closed"


def test_a_program_the_station_does_not_offer_is_refused(poster, pingshan, login):
    pingshan.station.programs.remove(pingshan.station.default_program)
    client = login(pingshan.volunteer)
    response = check_in(client, f"/s/{poster.secret}/", pingshan.station.default_program_id)
    assert response.status_code == 400
    assert "本驿站不提供该服务项目" in response.content.decode()
    assert not Session.objects.exists()


def test_a_suspended_volunteer_cannot_check_in(poster, pingshan, login):
    client = login(pingshan.volunteer)
    page = client.get(f"/s/{poster.secret}/").content.decode()
    pingshan.volunteer.is_active = False
    pingshan.volunteer.save()
    data = {"grant": grant_of(page), "program": pingshan.station.default_program_id}
    response = client.post(f"/s/{poster.secret}/", data)
    # An inactive account is logged out by Django itself: it must log in again.
    assert response.status_code == 302
    assert not Session.objects.exists()


def test_the_check_in_and_check_out_buttons_say_their_word_once(poster, pingshan, login):
    """At 390 px the button read "签到 签到": the translation plus a hard-coded copy."""
    client = login(pingshan.volunteer)
    page = client.get(f"/s/{poster.secret}/").content.decode()
    assert re.findall(r'<button type="submit" class="button big">([^<]*)</button>', page) == [
        "签到"
    ]
    check_in(client, f"/s/{poster.secret}/", pingshan.station.default_program_id, **HERE)
    page = client.get(f"/s/{poster.secret}/").content.decode()
    assert re.findall(r'<button type="submit" class="button big">([^<]*)</button>', page) == [
        "签退"
    ]
