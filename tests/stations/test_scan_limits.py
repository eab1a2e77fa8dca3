"""A volunteer scanning too often is told to wait, in Chinese; other volunteers are not."""

import pytest

from core.roles import Role
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
