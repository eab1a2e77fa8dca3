"""The exchange's settings fail loudly: rates, dates and the signing key."""

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_date, env_ed25519_key, env_rates


def test_rates_are_read_as_key_number_pairs(monkeypatch):
    monkeypatch.setenv("RATES", "program:3=12, program:7=15")
    assert env_rates("RATES") == {"program:3": 12, "program:7": 15}


@pytest.mark.parametrize("raw", ["program:3", "program:3=-1", "=4", "program:3=1.5"])
def test_a_rate_that_is_not_key_equals_whole_number_stops_start_up(monkeypatch, raw):
    monkeypatch.setenv("RATES", raw)
    with pytest.raises(ImproperlyConfigured, match="RATES"):
        env_rates("RATES")


def test_a_start_date_is_read_or_refused(monkeypatch):
    monkeypatch.setenv("SINCE", "2026-01-01")
    assert env_date("SINCE") == date(2026, 1, 1)
    monkeypatch.setenv("SINCE", "2026-13-01")
    with pytest.raises(ImproperlyConfigured, match="SINCE"):
        env_date("SINCE")


def test_a_missing_signing_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("KEY", raising=False)
    first = env_ed25519_key("KEY", fallback_file=tmp_path / "key.pem")
    assert first == env_ed25519_key("KEY", fallback_file=tmp_path / "key.pem")
    assert first.startswith("-----BEGIN PRIVATE KEY-----")


def test_a_signing_key_that_is_not_ed25519_stops_start_up(monkeypatch, tmp_path):
    monkeypatch.setenv("KEY", "-----BEGIN PRIVATE KEY-----\nnonsense\n-----END PRIVATE KEY-----")
    with pytest.raises(ImproperlyConfigured, match="KEY is not an unencrypted Ed25519"):
        env_ed25519_key("KEY", fallback_file=tmp_path / "key.pem")
