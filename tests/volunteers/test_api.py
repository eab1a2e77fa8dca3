import json

import pytest
from django.test import Client

from core.models import AuditEntry
from tests.factories import VillageFactory, township
from tests.volunteers.factories import VolunteerFactory, id_number, join, years_ago
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

URL = "/api/v1/volunteers/"


@pytest.fixture
def village(db):
    return VillageFactory(parent=township("130131110"), code="130131110201", name="西柏坡村")


def payload(**changes):
    body = {
        "name": "赵小红",
        "id_number": id_number(years_ago(25), male=False),
        "mobile": "13600001111",
        "password": "hongse-2026-yi",
        "township": "130131110",
        "village": "130131110201",
        "service_categories": ["red_guide"],
        "availability": ["weekend", "holidays"],
        "emergency_contact_name": "赵大山",
        "emergency_contact_mobile": "13600002222",
        "consent": True,
    }
    body.update(changes)
    return body


def post(body):
    return Client().post(f"{URL}register", json.dumps(body), content_type="application/json")


def test_register_creates_a_pending_volunteer(village):
    response = post(payload())
    assert response.status_code == 201
    assert response.json() == {
        "status": "pending",
        "status_label": "待审核",
        "message": "感谢您的注册！文明办将尽快审核。",
    }
    assert Volunteer.objects.get().user.mobile == "13600001111"


def test_register_names_each_broken_rule_in_chinese(village):
    VolunteerFactory(user__mobile="13600001111")
    body = payload(id_number="130131199003070014", village="130131102201")
    response = post(body)
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert response.status_code == 422
    assert errors["id_number"] == "校验位不符，有数字填错了，请逐位核对。"
    assert errors["mobile"] == "该手机号已注册，请直接登录。"
    assert errors["village"] == "此项必填。"
    assert "130131199003070014" not in response.content.decode()


def test_schema_errors_are_chinese_name_the_field_and_echo_nothing(village):
    body = payload(service_categories=["dancing"], name="长" * 60)
    del body["mobile"]
    response = post(body)
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert response.status_code == 422
    assert errors == {
        "mobile": "此项必填。",
        "service_categories": "请从列出的值中选择。",
        "name": "太长了：最多 50 个字。",
    }
    assert body["id_number"] not in response.content.decode()


def test_a_minor_without_guardian_gets_422_on_the_guardian_fields(village):
    response = post(payload(id_number=id_number(years_ago(12))))
    fields = {e["field"] for e in response.json()["errors"]}
    assert response.status_code == 422
    assert {
        "guardian_name",
        "guardian_mobile",
        "guardian_relationship",
        "guardian_consent",
    } <= fields


def test_me_returns_my_record_masked(login):
    volunteer = VolunteerFactory(id_text=id_number(years_ago(33), seq=77))
    body = login(volunteer.user).get(f"{URL}me").json()
    assert body["number"] == volunteer.number
    assert body["status_label"] == "已通过"
    assert body["id_number_masked"] == volunteer.id_number_masked
    assert "*" in body["id_number_masked"]


def test_me_without_a_record_is_404_in_chinese(pingshan, login):
    response = login(pingshan.county_office).get(f"{URL}me")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。"}


def test_me_needs_a_login(client):
    assert client.get(f"{URL}me").status_code == 401


@pytest.fixture
def two_townships(pingshan):
    here = VolunteerFactory(township=pingshan.xibaipo)
    there = VolunteerFactory(township=pingshan.wentang)
    join(here, pingshan.team)
    return here, there


@pytest.mark.parametrize(
    ("who", "status", "seen"),
    [
        ("township_office", 200, {"here"}),
        ("other_township_office", 200, {"there"}),
        ("county_office", 200, {"here", "there"}),
        ("leader", 200, {"here"}),
        ("volunteer", 403, set()),
        ("manager", 403, set()),
    ],
)
def test_the_staff_list_is_scoped(two_townships, pingshan, login, who, status, seen):
    numbers = {"here": two_townships[0].number, "there": two_townships[1].number}
    response = login(getattr(pingshan, who)).get(URL)
    listed = {item["number"] for item in response.json().get("items", [])}
    assert response.status_code == status
    assert {name for name, number in numbers.items() if number in listed} == seen


def test_the_staff_list_masks_and_counts(two_townships, pingshan, login):
    here, _there = two_townships
    body = login(pingshan.township_office).get(URL).json()
    item = body["items"][0]
    assert body["count"] == 1
    assert item["teams"] == ["平山红第二合唱队"]
    assert item["mobile_masked"].count("*") == 4
    assert item["id_number_masked"] == here.id_number_masked


def test_staff_detail_by_number_is_scoped(two_townships, pingshan, login):
    here, there = two_townships
    client = login(pingshan.township_office)
    assert client.get(f"{URL}{here.number}").json()["name"] == here.user.name
    response = client.get(f"{URL}{there.number}")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。"}


def test_the_staff_list_does_not_query_per_row(pingshan, login, django_assert_num_queries):
    client = login(pingshan.county_office)
    join(VolunteerFactory(), pingshan.team)
    client.get(URL)
    with django_assert_num_queries(5) as one:
        client.get(URL)
    for _ in range(2):
        join(VolunteerFactory(), pingshan.team)
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(URL).json()["count"] == 3


def test_registering_through_the_api_is_audited(village):
    post(payload())
    assert AuditEntry.objects.filter(action="volunteer.register").count() == 1


def test_a_body_that_is_not_json_is_answered_in_chinese(client):
    response = client.post(f"{URL}register", "name=x", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "请求内容不是有效的 JSON。"}
