"""Hostile input on the main forms and APIs: markup in names, giant fields, bytes that are
not UTF-8, dates out of range. Each gets a Chinese refusal, or is stored and shown escaped;
never a server error, never half a record."""

import pytest
from django.urls import reverse

from core.models import User
from ledger.models import Dispute
from stations.models import Session
from tests.factories import VillageFactory, township
from tests.volunteers.test_register import form_data

pytestmark = pytest.mark.django_db
JSON = "application/json"
SCRIPT = '<script>alert("红驿")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;红驿&quot;)&lt;/script&gt;"
GIANT = "长" * 200_000
DISPUTE = '{"kind": "omission", "unit_key": "u", "minutes": 1, '


@pytest.fixture
def village(db):
    return VillageFactory(parent=township("130131110"), code="130131110201", name="西柏坡村")


def test_a_name_with_markup_is_stored_and_shown_escaped(client, village, county, login):
    response = client.post(reverse("volunteers:register"), form_data(village, name=f"李{SCRIPT}"))
    assert response.status_code == 302
    registered = User.objects.get(name=f"李{SCRIPT}")
    for page in (
        client.get(reverse("volunteers:me")),
        login(county.pingshan.township_office).get(reverse("volunteers:review")),
        login(county.pingshan.township_office).get(
            reverse("volunteers:detail", args=[registered.volunteer.pk])
        ),
    ):
        html = page.content.decode()
        assert page.status_code == 200
        assert SCRIPT not in html
        assert ESCAPED in html


def test_a_giant_registration_is_refused_in_chinese_and_nothing_is_saved(client, village):
    users = User.objects.count()
    response = client.post(reverse("volunteers:register"), form_data(village, residence=GIANT))
    assert response.status_code == 200
    assert "居住地：确保该变量包含不超过 200 字符" in response.content.decode()
    assert User.objects.count() == users


def test_a_registration_body_that_is_not_utf8_gets_a_chinese_400(client):
    users = User.objects.count()
    response = client.post(
        "/api/v1/volunteers/register", b'{"name": "\xff\xfe"}', content_type=JSON
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "请求内容不是有效的 JSON。"
    assert User.objects.count() == users


def test_a_dispute_with_markup_is_shown_escaped_to_the_unit(county, login):
    volunteer = login(county.volunteer.user)
    response = volunteer.post(reverse("ledger:dispute_new"), {
        "kind": "omission", "unit": county.claim.unit.pk, "service_date": "2026-11-02",
        "minutes": 30, "description": SCRIPT,
    })  # fmt: skip
    assert response.status_code == 302
    dispute = Dispute.objects.get(description=SCRIPT)
    page = login(county.pingshan.county_office).get(reverse("ledger:dispute", args=[dispute.pk]))
    assert SCRIPT not in page.content.decode()
    assert ESCAPED in page.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"description": GIANT}, "情况说明：确保该变量包含不超过 500 字符"),
        ({"service_date": "99999-01-01"}, "输入一个有效的日期"),
        ({"service_date": "0000-00-00"}, "输入一个有效的日期"),
        ({"minutes": "9" * 400}, "确保该值小于或等于1440"),
    ],
)
def test_a_hostile_dispute_form_is_refused_in_chinese_and_nothing_is_saved(
    county, login, changes, message
):
    disputes = Dispute.objects.count()
    data = {"kind": "omission", "unit": county.claim.unit.pk, "service_date": "2026-11-02",
            "minutes": 30, "description": "漏记", **changes}  # fmt: skip
    response = login(county.volunteer.user).post(reverse("ledger:dispute_new"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Dispute.objects.count() == disputes


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (DISPUTE + '"service_date": "10000-01-01", "description": "漏记"}', 422),
        (DISPUTE + f'"service_date": "2026-11-02", "description": "{GIANT}"}}', 422),
        ('{"kind": "omission", "minutes": 1e999, "description": "漏记"}', 422),
        (b'{"kind": "omission", "description": "\xff"}', 400),
    ],
)  # fmt: skip
def test_a_hostile_dispute_api_call_is_refused_and_nothing_is_saved(county, login, body, status):
    disputes = Dispute.objects.count()
    response = login(county.volunteer.user).post("/api/v1/ledger/disputes", body, content_type=JSON)
    assert response.status_code == status
    assert response.json()["detail"] in ("请修改列出的各项。", "请求内容不是有效的 JSON。")
    assert Dispute.objects.count() == disputes


@pytest.mark.parametrize("mobile", [SCRIPT, GIANT, "1" * 11 + "\x00", "１３６１２３４５６７８"])
def test_a_hostile_certificate_issue_is_refused_in_chinese(county, login, mobile):
    staff = login(county.pingshan.county_office)
    before = county.written()
    response = staff.post(
        reverse("reports:staff"), {"issue-kind": "service", "issue-mobile": mobile}
    )
    assert response.status_code == 200
    assert "志愿者手机号：请输入以13至19开头的11位手机号。" in response.content.decode()
    assert SCRIPT not in response.content.decode()
    assert county.written() == before


@pytest.mark.parametrize(
    "body",
    [
        f'{{"token": "{SCRIPT}"}}',
        f'{{"token": "{GIANT}"}}',
        '{"token": "abcdefgh", "latitude": NaN, "longitude": 114}',
        '{"token": "abcdefgh", "latitude": 1e308, "longitude": 114}',
        '{"token": "{poster}", "program": 99999999999999999999999}',
        '{"token": "{poster}", "station": 99999999999999999999999}',
        b'{"token": "\xff\xfe\xfa\xfb"}',
        "[" * 100_000,
    ],
)
def test_a_hostile_scan_is_refused_and_opens_no_session(county, login, body):
    sessions = Session.objects.count()
    if isinstance(body, str):
        body = body.replace("{poster}", county.poster.secret)
    response = login(county.other_volunteer.user).post(
        "/api/v1/stations/scan", body, content_type=JSON
    )
    assert response.status_code in (400, 422)
    assert response.json()["detail"] in ("请修改列出的各项。", "请求内容不是有效的 JSON。")
    assert SCRIPT not in response.content.decode()
    assert Session.objects.count() == sessions


def test_a_body_with_a_nul_character_is_refused_not_a_server_error(client, db):
    response = client.post(
        "/api/v1/volunteers/register", '{"name": "张\\u0000三"}', content_type=JSON
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "请求内容不是有效的 JSON。"
