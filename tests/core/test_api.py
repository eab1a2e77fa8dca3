import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_openapi_document_loads_and_lists_v1_routes(client):
    response = client.get("/api/openapi.json")
    document = response.json()
    assert response.status_code == 200
    assert document["info"]["title"] == "红驿 Hongyi API"
    assert "/api/v1/me" in document["paths"]
    assert "/api/v1/regions" in document["paths"]


def test_the_api_docs_use_vendored_assets_not_a_cdn(client):
    page = client.get("/api/docs").content.decode()
    assert "swagger-ui" in page
    assert "cdn." not in page
    assert "https://" not in page


def test_me_needs_a_login_and_says_so_in_chinese(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {"detail": "请先登录。"}


def test_me_returns_roles_and_a_masked_mobile(pingshan, login):
    client = login(pingshan.township_office)
    body = client.get("/api/v1/me").json()
    assert body["roles"] == ["township_office"]
    assert (
        body["mobile_masked"]
        == pingshan.township_office.mobile[:3] + "****" + (pingshan.township_office.mobile[-4:])
    )
    assert pingshan.township_office.mobile not in str(body)


def test_regions_returns_the_tree():
    body = Client().get("/api/v1/regions").json()
    assert body[0]["code"] == "130131"
    assert len(body[0]["children"]) == 23


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"start": "0484-07-29T01:24:34Z"}, 422),
        ({"end": "0107-08-12T01:42:44.826705+16:28"}, 422),
        ({"start": "2026-01-01T00:00:00+23:59"}, 200),  # PostgreSQL refuses the offset itself
    ],
)
def test_odd_dates_are_refused_by_field_not_a_500(client, query, status):
    response = client.get("/api/v1/events/", query)
    assert response.status_code == status
    if status == 422:
        assert response.json()["errors"][0]["message"] == "请输入2000年至2100年之间的日期。"
