"""The scan's guards: a forged cross-site request is refused, and a volunteer scanning
too often is told to wait, in Chinese, while other volunteers are not."""

import pytest
from django.test import Client

from core.roles import Role
from stations.models import Session
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_volunteer_scanning_too_often_gets_429_and_others_can_still_scan(poster, login, settings):
    settings.HONGYI_RATE_SCAN = "2/m"
    flooder, other = (login(UserFactory.with_role(Role.VOLUNTEER)) for _ in range(2))
    body = {"token": poster.secret}
    statuses = [
        flooder.post("/api/v1/stations/scan", body, content_type="application/json").status_code
        for _ in range(3)
    ]
    assert statuses == [201, 409, 429]
    refused = flooder.post("/api/v1/stations/scan", body, content_type="application/json")
    assert refused.json()["code"] == "rate_limited"
    assert flooder.get(f"/s/{poster.secret}/").status_code == 429  # the page shares the count
    response = other.post("/api/v1/stations/scan", body, content_type="application/json")
    assert response.status_code == 201


def test_switched_off_limits_count_nothing(poster, login, settings):
    settings.HONGYI_RATE_SCAN = "1/m"
    settings.RATELIMIT_ENABLE = False
    client = login(UserFactory.with_role(Role.VOLUNTEER))
    for _ in range(3):
        assert client.get(f"/s/{poster.secret}/").status_code == 200


def test_a_scan_without_the_csrf_token_is_refused(poster):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory.with_role(Role.VOLUNTEER))
    body = {"token": poster.secret}
    response = client.post("/api/v1/stations/scan", body, content_type="application/json")
    assert response.status_code == 403
    assert not Session.objects.exists()
    token = "csrfcsrfcsrfcsrfcsrfcsrfcsrfcsrf"
    client.cookies["csrftoken"] = token
    response = client.post(
        "/api/v1/stations/scan", body, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201
