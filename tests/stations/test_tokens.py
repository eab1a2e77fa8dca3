"""Bad tokens are refused with their code and a Chinese page, never a 500."""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from stations.errors import StationError
from stations.models import Session
from stations.services import kiosk_create, kiosk_pair, kiosk_revoke, poster_ensure, poster_rotate
from stations.tokens import kiosk_code, resolve, window_of


@pytest.fixture
def kiosk(station, pingshan):
    kiosk, code = kiosk_create(station=station, name="前台平板", actor=pingshan.manager)
    kiosk, _token = kiosk_pair(code=code)
    return kiosk


def kiosk_token(kiosk, windows_ago=0):
    window = window_of(timezone.now()) - windows_ago
    return f"K-{kiosk.public_id}-{kiosk_code(kiosk.hmac_secret, window)}"


def test_a_forged_poster_secret_is_unknown(station, pingshan, login):
    response = login(pingshan.volunteer).get("/s/abcdefghjkmnpqrs/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "无法识别此二维码" in page
    assert "token_unknown" in page


def test_a_rotated_poster_says_it_was_replaced(poster, station, pingshan, login):
    poster_rotate(station=station, actor=pingshan.manager)
    response = login(pingshan.volunteer).get(f"/s/{poster.secret}/")
    assert response.status_code == 410
    assert "这张海报已更换" in response.content.decode()
    new = poster_ensure(station=station)
    assert login(pingshan.volunteer).get(f"/s/{new.secret}/").status_code == 200


@pytest.mark.parametrize("windows_ago", [0, 1])
def test_the_current_and_previous_kiosk_codes_work(kiosk, pingshan, login, windows_ago):
    response = login(pingshan.volunteer).get(f"/s/{kiosk_token(kiosk, windows_ago)}/")
    assert response.status_code == 200
    assert "西柏坡纪念馆红色驿站" in response.content.decode()


@pytest.mark.parametrize("windows_ago", [2, 30])
def test_an_older_kiosk_code_has_expired(kiosk, pingshan, login, windows_ago):
    response = login(pingshan.volunteer).get(f"/s/{kiosk_token(kiosk, windows_ago)}/")
    assert response.status_code == 410
    assert "二维码已过期" in response.content.decode()


def test_a_forged_kiosk_code_is_unknown(kiosk, pingshan, login):
    response = login(pingshan.volunteer).get(f"/s/K-{kiosk.public_id}-AAAAAAAAAA/")
    assert response.status_code == 404
    assert "token_unknown" in response.content.decode()


def test_a_switched_off_kiosk_is_revoked(kiosk, pingshan, login):
    kiosk_revoke(kiosk=kiosk, actor=pingshan.manager)
    response = login(pingshan.volunteer).get(f"/s/{kiosk_token(kiosk)}/")
    assert response.status_code == 410
    assert "此签到平板已被驿站停用" in response.content.decode()


def test_switching_a_kiosk_off_twice_keeps_the_first_time(kiosk, pingshan):
    first = kiosk_revoke(kiosk=kiosk, actor=pingshan.manager).revoked_at
    kiosk_revoke(kiosk=kiosk, actor=pingshan.manager, now=first + timedelta(days=1))
    kiosk.refresh_from_db()
    assert kiosk.revoked_at == first


def test_codes_are_checked_against_the_clock(kiosk):
    later = timezone.now() + timedelta(minutes=5)
    with pytest.raises(StationError) as refused:
        resolve(kiosk_token(kiosk), now=later)
    assert refused.value.code == "token_expired"


def api_scan(client, **body):
    return client.post("/api/v1/stations/scan", body, content_type="application/json")


def test_the_api_refuses_each_bad_token_with_its_code(
    poster, station, other_station, kiosk, pingshan, login
):
    client = login(pingshan.volunteer)
    cases = {
        "abcdefghjkmnpqrs": (404, "token_unknown"),
        kiosk_token(kiosk, 5): (410, "token_expired"),
    }
    for token, (status, code) in cases.items():
        response = api_scan(client, token=token)
        assert (response.status_code, response.json()["code"]) == (status, code)
    # A code from one station replayed as another station's scan.
    response = api_scan(client, token=kiosk_token(kiosk), station=other_station.pk)
    assert (response.status_code, response.json()["code"]) == (400, "token_other_station")
    assert response.json()["detail"] == "此二维码属于其他驿站。"
    poster_rotate(station=station)
    response = api_scan(client, token=poster.secret)
    assert (response.status_code, response.json()["code"]) == (410, "token_revoked")
    assert not Session.objects.exists()


def test_the_api_checks_in_out_and_refuses_a_second_check_in(poster, pingshan, login):
    client = login(pingshan.volunteer)
    response = api_scan(client, token=poster.secret, latitude=38.3001, longitude=114.0)
    assert response.status_code == 201
    body = response.json()
    assert (body["station_name"], body["status"], body["flags"]) == (
        "西柏坡纪念馆红色驿站", "open", []
    )  # fmt: skip
    again = api_scan(client, token=poster.secret)
    assert (again.status_code, again.json()["code"]) == (409, "already_checked_in")
    out = client.post("/api/v1/stations/checkout")
    assert (out.status_code, out.json()["status"]) == (200, "closed")
    out = client.post("/api/v1/stations/checkout")
    assert (out.status_code, out.json()["code"]) == (409, "not_checked_in")


def test_the_scan_answers_its_session_as_the_rest_of_the_api_does(poster, pingshan, login):
    client = login(pingshan.volunteer)
    scanned = api_scan(client, token=poster.secret)
    assert scanned["Content-Type"] == "application/json; charset=utf-8"
    closed = client.post("/api/v1/stations/checkout").json()
    body = scanned.json()
    assert body["started_at"] == closed["started_at"]  # the same form: milliseconds, Z
    assert body["started_at"].endswith("Z")
    assert {key: body[key] for key in ("id", "station", "station_name", "program_name")} == {
        key: closed[key] for key in ("id", "station", "station_name", "program_name")
    }
    assert (body["ended_at"], body["minutes"], closed["status"]) == (None, None, "closed")


def test_scanning_logged_out_through_the_api_asks_to_log_in(poster, client):
    response = api_scan(client, token=poster.secret)
    assert response.status_code == 401


@pytest.mark.parametrize("token", ["K-", "K--", "K-x-", "x" * 300, "0OIl1", "K-abc-" + "A" * 40])
def test_odd_tokens_get_a_chinese_page_not_a_500(station, pingshan, login, token):
    response = login(pingshan.volunteer).get(f"/s/{token}/")
    assert response.status_code == 404
    assert "无法识别此二维码" in response.content.decode()


def test_an_over_long_api_token_is_a_validation_error(pingshan, login):
    response = api_scan(login(pingshan.volunteer), token="x" * 65)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize("field", ["program", "station"])
def test_a_program_or_station_id_past_64_bits_is_bad_input_not_a_500(
    poster, pingshan, login, field
):
    """Found by the hostile-input tests: a valid poster with such a program overflowed SQLite."""
    response = api_scan(login(pingshan.volunteer), token=poster.secret, **{field: 2**70})
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "不能大于 9223372036854775807。"
    assert not Session.objects.exists()


def test_a_refusal_is_not_logged_as_a_warning_but_a_missing_page_is(
    poster, pingshan, login, caplog
):
    caplog.set_level(logging.WARNING, logger="django.request")
    client = login(pingshan.volunteer)
    assert api_scan(client, token=poster.secret).status_code == 201
    assert api_scan(client, token=poster.secret).status_code == 409
    assert client.get("/no-such-page/").status_code == 404
    logged = [r.getMessage() for r in caplog.records if r.name == "django.request"]
    assert logged == ["Not Found: /no-such-page/"]
