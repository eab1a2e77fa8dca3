import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_pages_carry_a_csp_without_inline_scripts(client):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"


def test_json_answers_carry_a_policy_that_allows_nothing(client):
    """The API's answers are data: nothing may load in them, nothing may frame them."""
    response = client.get("/api/v1/regions")
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    docs = client.get("/api/docs")  # a page, with the pages' policy
    assert "script-src 'self'" in docs["Content-Security-Policy"]


def test_login_floods_get_429_in_chinese(client, settings, make_user):
    from core.roles import Role

    settings.HONGYI_RATE_LOGIN = "3/m"
    user = make_user(Role.VOLUNTEER)
    for _ in range(3):
        assert (
            client.post(reverse("login"), {"username": user.mobile, "password": "x"}).status_code
            == 200
        )
    response = client.post(reverse("login"), {"username": user.mobile, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "请求过于频繁" in response.content.decode()


def test_verification_lookups_are_limited_in_the_api(client, settings):
    settings.HONGYI_RATE_VERIFY = "2/m"
    for _ in range(2):
        assert client.get("/api/v1/certificates/2026-000001-AAAA").status_code == 404
    response = client.get("/api/v1/certificates/2026-000001-AAAA")
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert "请稍等" in response.json()["detail"]


def test_registration_floods_are_limited(client, settings):
    settings.HONGYI_RATE_REGISTER = "1/m"
    client.post(reverse("volunteers:register"), {"name": "张三"})
    assert client.post(reverse("volunteers:register"), {"name": "张三"}).status_code == 429
