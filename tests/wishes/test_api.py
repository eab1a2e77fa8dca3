"""The wishes API: file (multipart, with photos), follow by code, list red first, claim,
assign, progress, close with hours, review, confirm and rate; refusals carry a code."""

import json

import pytest

from ledger.models import Claim
from tests.wishes.conftest import PHONE, jpeg
from wishes.models import Status, Wish
from wishes.services import wish_accept

JSON = "application/json"


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type=JSON)


def test_a_resident_files_through_the_api_and_follows_it(client, station, kinds):
    response = client.post("/api/v1/wishes/", {
        "kind": "wish", "title": "想要一台收音机", "phone": PHONE, "station": station.pk,
        "address": "西柏坡村", "photos": [jpeg(gps=True)],
    })  # fmt: skip
    assert response.status_code == 201
    code = response.json()["code"]
    assert response.json()["follow_url"].endswith(f"/wishes/t/{code}/")
    assert Wish.objects.get().photos.count() == 1
    tracked = client.get(f"/api/v1/wishes/track/{code.lower()}").json()
    assert tracked["status_label"] == "待审核"
    assert [s["label"] for s in tracked["steps"]] == ["已提交"]
    assert PHONE not in json.dumps(tracked)


def test_bad_input_is_named_in_chinese(client, station):
    response = client.post("/api/v1/wishes/", {"kind": "wish", "title": "", "phone": "1"})
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"title", "phone"} <= fields
    photos = [jpeg("a.jpg"), jpeg("b.jpg"), jpeg("c.jpg"), jpeg("d.jpg")]
    body = {"kind": "wish", "title": "x", "phone": PHONE, "station": station.pk, "photos": photos}
    response = client.post("/api/v1/wishes/", body)
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_photos"
    assert not Wish.objects.exists()


def test_an_unknown_code_is_wish_not_found(client, db):
    response = client.get("/api/v1/wishes/track/ABCDEFGHJK")
    assert response.status_code == 404
    assert response.json() == {"code": "wish_not_found", "detail": "没有这个查询码的诉求。"}


def test_the_loop_through_the_api(file, pingshan, helper, second_helper, login):
    wish = file()
    review = post(login(pingshan.manager), f"/api/v1/wishes/{wish.pk}/review",
                  {"decision": "accept"})  # fmt: skip
    assert review.json()["status"] == Status.ACCEPTED
    board = login(helper).get("/api/v1/wishes/?view=board").json()
    assert [(i["code"], i["colour"]) for i in board["items"]] == [(wish.code, "green")]
    assert post(login(helper), f"/api/v1/wishes/{wish.pk}/claim").status_code == 200
    again = post(login(second_helper), f"/api/v1/wishes/{wish.pk}/claim")
    assert (again.status_code, again.json()["code"]) == (409, "already_claimed")
    outsider = post(login(second_helper), f"/api/v1/wishes/{wish.pk}/progress", {"note": "我来"})
    assert (outsider.status_code, outsider.json()["code"]) == (403, "not_assignee")
    post(login(helper), f"/api/v1/wishes/{wish.pk}/progress", {"note": "已联系"})
    hours = [{"minutes": 40}, {"volunteer_number": second_helper.volunteer.number, "minutes": 20}]
    closed = post(login(helper), f"/api/v1/wishes/{wish.pk}/close",
                  {"note": "修好了", "hours": hours})  # fmt: skip
    assert closed.json()["status"] == Status.RESOLVED
    assert sorted(Claim.objects.values_list("minutes", flat=True)) == [20, 40]
    rated = post(login(pingshan.volunteer), f"/api/v1/wishes/track/{wish.code}/rate",
                 {"stars": 4, "comment": "好"})  # fmt: skip
    assert rated.json()["status"] == Status.CONFIRMED


def test_claiming_a_declined_wish_is_a_bad_transition(file, pingshan, helper, login):
    wish = file()
    post(login(pingshan.manager), f"/api/v1/wishes/{wish.pk}/review",
         {"decision": "decline", "reason": "不属实"})  # fmt: skip
    response = post(login(helper), f"/api/v1/wishes/{wish.pk}/claim")
    assert response.status_code == 409
    assert response.json()["code"] == "bad_transition"


def test_the_staff_list_is_refused_to_a_volunteer_and_scoped(file, pingshan, login, helper):
    file()
    assert login(helper).get("/api/v1/wishes/?view=staff").status_code == 403
    assert login(pingshan.township_office).get("/api/v1/wishes/?view=staff").json()["count"] == 1
    other = login(pingshan.other_township_office).get("/api/v1/wishes/?view=staff")
    assert other.json()["count"] == 0


@pytest.mark.parametrize("who", ["other_township_office", "other_manager"])
def test_review_and_assign_are_refused_outside_the_scope(file, pingshan, login, who, helper):
    wish = file()
    client = login(getattr(pingshan, who))
    response = post(client, f"/api/v1/wishes/{wish.pk}/review", {"decision": "accept"})
    assert (response.status_code, response.json()["code"]) == (403, "not_allowed")
    wish_accept(wish=wish, actor=pingshan.manager)
    response = post(client, f"/api/v1/wishes/{wish.pk}/assign",
                    {"volunteer_number": helper.volunteer.number})  # fmt: skip
    assert response.status_code == 403


def test_anonymous_filing_through_the_api_is_rate_limited(client, station, settings):
    settings.HONGYI_RATE_WISH_IP = "1/h"
    body = {"kind": "wish", "title": "x", "phone": PHONE, "station": station.pk}
    assert client.post("/api/v1/wishes/", body).status_code == 201
    response = client.post("/api/v1/wishes/", body)
    assert (response.status_code, response.json()["code"]) == (429, "rate_limited")


def test_a_logged_in_filer_needs_the_csrf_token(station, helper):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(helper)
    body = {"kind": "wish", "title": "x", "phone": PHONE, "station": station.pk}
    assert client.post("/api/v1/wishes/", body).status_code == 403
    assert not Wish.objects.exists()


def test_the_follow_link_a_filer_keeps_uses_the_public_url(client, station, kinds, settings):
    settings.HONGYI_PUBLIC_URL = "https://hongyi.example.cn"
    response = client.post("/api/v1/wishes/", {"kind": "wish", "title": "想要一台收音机",
                                               "phone": PHONE, "station": station.pk})  # fmt: skip
    code = response.json()["code"]
    assert response.json()["follow_url"] == f"https://hongyi.example.cn/wishes/t/{code}/"
