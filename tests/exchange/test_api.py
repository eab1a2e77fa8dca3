"""The exchange API: points, catalogue, redemption with its refusal codes, pick-up."""

import pytest

from exchange.models import Redemption
from exchange.services import points_grant

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def rich(member, pingshan):
    points_grant(volunteer=member.user, points=150, reason="测试", actor=pingshan.county_office)
    return member.user


def test_my_points_and_history(rich, serve, login):
    serve(60, user=rich)
    client = login(rich)
    assert client.get("/api/v1/exchange/points/me").json() == {
        "points": 160,
        "issued": 160,
        "redeemed": 0,
    }
    items = client.get("/api/v1/exchange/points/me/entries").json()["items"]
    assert [(i["kind"], i["points"]) for i in items] == [("earn", 10), ("bonus", 150)]


def test_redeem_gives_a_code_and_a_second_time_is_refused_with_its_code(rich, reward, login):
    client = login(rich)
    assert [r["name"] for r in client.get("/api/v1/exchange/rewards").json()] == [reward.name]
    made = client.post(f"/api/v1/exchange/rewards/{reward.pk}/redeem")
    assert made.status_code == 201
    assert made.json()["code"] == Redemption.objects.get().code
    again = client.post(f"/api/v1/exchange/rewards/{reward.pk}/redeem")
    assert again.status_code == 409
    assert again.json() == {
        "code": "insufficient_points",
        "detail": "积分不足：需要 100 积分，您有 50 积分。",
    }


def test_out_of_stock_is_refused_with_its_code(rich, county_reward, login, pingshan):
    from tests.volunteers.factories import VolunteerFactory

    other = VolunteerFactory(township=pingshan.xibaipo).user
    points_grant(volunteer=other, points=100, reason="x", actor=pingshan.county_office)
    assert (
        login(other).post(f"/api/v1/exchange/rewards/{county_reward.pk}/redeem").status_code == 201
    )
    refused = login(rich).post(f"/api/v1/exchange/rewards/{county_reward.pk}/redeem")
    assert (refused.status_code, refused.json()["code"]) == (409, "out_of_stock")


def test_the_station_manager_hands_over_by_code(rich, reward, login, pingshan):
    code = login(rich).post(f"/api/v1/exchange/rewards/{reward.pk}/redeem").json()["code"]
    manager = login(pingshan.manager)
    done = manager.post("/api/v1/exchange/pickup", {"code": code}, content_type=JSON)
    assert (done.status_code, done.json()["status"]) == (200, "collected")
    unknown = manager.post("/api/v1/exchange/pickup", {"code": "nope"}, content_type=JSON)
    assert (unknown.status_code, unknown.json()["code"]) == (404, "unknown_code")


def test_cancel_returns_the_points(rich, reward, login):
    client = login(rich)
    made = client.post(f"/api/v1/exchange/rewards/{reward.pk}/redeem").json()
    cancelled = client.post(
        f"/api/v1/exchange/redemptions/{made['id']}/cancel", {}, content_type=JSON
    )
    assert cancelled.json()["status"] == "cancelled"
    assert client.get("/api/v1/exchange/points/me").json()["points"] == 150


def test_a_bonus_through_the_api_needs_the_county(member, login, pingshan):
    body = {"volunteer_number": member.number, "points": 5, "reason": "表彰"}
    assert (
        login(pingshan.township_office)
        .post("/api/v1/exchange/points/grant", body, content_type=JSON)
        .status_code
        == 403
    )
    made = login(pingshan.county_office).post(
        "/api/v1/exchange/points/grant", body, content_type=JSON
    )
    assert (made.status_code, made.json()["points"]) == (201, 5)
    bad = login(pingshan.county_office).post(
        "/api/v1/exchange/points/grant", {**body, "points": 0}, content_type=JSON
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "points"
