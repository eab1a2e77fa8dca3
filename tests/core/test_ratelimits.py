"""Rate limits count per caller in fixed windows and answer 429 in Chinese."""

import pytest

from core.ratelimits import over_limit, parse_rate

pytestmark = pytest.mark.django_db


def test_rates_read_as_count_per_period():
    assert parse_rate("30/m") == (30, 60)
    assert parse_rate("5/10m") == (5, 600)
    assert parse_rate("100/d") == (100, 86_400)
    with pytest.raises(ValueError, match="30/m"):
        parse_rate("thirty a minute")


def test_a_key_is_counted_apart_from_others_and_from_other_doors():
    assert [over_limit("scan", "u1", "2/m") for _ in range(3)] == [False, False, True]
    assert not over_limit("scan", "u2", "2/m")
    assert not over_limit("login", "u1", "2/m")
