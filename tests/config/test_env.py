import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_database, env_int, env_list, env_secret_key, env_str

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("ON", True), ("0", False)])
def test_env_bool_reads_the_usual_words(monkeypatch, raw, expected):
    monkeypatch.setenv("DEBUG", raw)
    assert env_bool("DEBUG", default=not expected) is expected


def test_env_bool_refuses_maybe_and_names_the_variable(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe' is not a boolean"):
        env_bool("DEBUG", default=False)


def test_env_bool_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("DEBUG", raising=False)
    assert env_bool("DEBUG", default=False) is False


@pytest.mark.parametrize("url", ["nonsense", "mysql//broken", "postgresql://a:b@h:notaport/x"])
def test_env_database_refuses_an_unparsable_url(monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env_database("DATABASE_URL", default="sqlite:///x.sqlite3")


def test_env_database_refuses_an_unsupported_engine(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mysql://root@127.0.0.1/test")
    with pytest.raises(ImproperlyConfigured, match="only sqlite"):
        env_database("DATABASE_URL", default="sqlite:///x.sqlite3")


def test_env_database_reads_postgresql_with_persistent_connections(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    config = env_database("DATABASE_URL", default="sqlite:///x.sqlite3")
    assert config["ENGINE"] == "core.postgresql"
    assert config["NAME"] == "test"
    assert config["CONN_MAX_AGE"] == 600
    assert config["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 5}


def test_env_database_leaves_sqlite_options_to_the_settings(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///x.sqlite3")
    config = env_database("DATABASE_URL", default="sqlite:///x.sqlite3")
    assert "server_side_binding" not in config.get("OPTIONS", {})


def test_env_int_refuses_words_and_out_of_range(monkeypatch):
    monkeypatch.setenv("SECURE_HSTS_SECONDS", "a year")
    with pytest.raises(ImproperlyConfigured, match="SECURE_HSTS_SECONDS"):
        env_int("SECURE_HSTS_SECONDS", default=0)
    monkeypatch.setenv("SECURE_HSTS_SECONDS", "-5")
    with pytest.raises(ImproperlyConfigured, match="outside"):
        env_int("SECURE_HSTS_SECONDS", default=0)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " a.example , b.example,, ")
    assert env_list("ALLOWED_HOSTS") == ["a.example", "b.example"]


def test_a_secret_can_come_from_a_file(monkeypatch, tmp_path):
    secret_file = tmp_path / "key"
    secret_file.write_text("from-a-file\n")
    monkeypatch.setenv("SECRET_KEY_FILE", str(secret_file))
    assert env_str("SECRET_KEY") == "from-a-file"


def test_an_unreadable_secret_file_names_the_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY_FILE"):
        env_str("SECRET_KEY")


def test_the_secret_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY_FILE", raising=False)
    path = tmp_path / "data" / "secret_key"
    first = env_secret_key("SECRET_KEY", fallback_file=path)
    assert len(first) >= 50
    assert env_secret_key("SECRET_KEY", fallback_file=path) == first
    assert path.stat().st_mode & 0o077 == 0


def _manage_check(tmp_path, **env):
    environment = {**os.environ, "HONGYI_DATA_DIR": str(tmp_path), **env}
    environment.pop("DATABASE_URL", None) if "DATABASE_URL" not in env else None
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value"), [("DEBUG", "maybe"), ("DATABASE_URL", "nonsense"), ("HTTPS", "2")]
)
def test_start_up_stops_on_a_bad_value_naming_the_variable(tmp_path, variable, value):
    result = _manage_check(tmp_path, **{variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr.strip().splitlines()[-1]


def test_a_replica_is_configured_only_when_its_url_is_set(monkeypatch):
    from config.env import env_replica_database

    primary = env_database("NO_SUCH_URL", default="postgresql://hongyi@db1:5432/hongyi")
    monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)
    assert env_replica_database("DATABASE_REPLICA_URL", primary=primary) is None
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgresql://hongyi@db2:5432/hongyi")
    replica = env_replica_database("DATABASE_REPLICA_URL", primary=primary)
    assert (replica["HOST"], replica["TEST"]) == ("db2", {"MIRROR": "default"})


def test_a_replica_of_another_kind_of_database_stops_start_up(monkeypatch):
    from config.env import env_replica_database

    primary = env_database("NO_SUCH_URL", default="postgresql://hongyi@db1:5432/hongyi")
    monkeypatch.setenv("DATABASE_REPLICA_URL", "sqlite:///replica.sqlite3")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_REPLICA_URL must be the same kind"):
        env_replica_database("DATABASE_REPLICA_URL", primary=primary)


def test_a_public_url_is_read_without_its_trailing_slash(monkeypatch):
    from config.env import env_url

    monkeypatch.setenv("HONGYI_PUBLIC_URL", "https://hongyi.example.cn/pingshan/")
    assert env_url("HONGYI_PUBLIC_URL") == "https://hongyi.example.cn/pingshan"
    monkeypatch.delenv("HONGYI_PUBLIC_URL")
    assert env_url("HONGYI_PUBLIC_URL") == ""
    assert env_url("HONGYI_PUBLIC_URL", fallback="http://old.example.cn") == "http://old.example.cn"


@pytest.mark.parametrize("value", ["hongyi.example.cn", "ftp://example.cn", "https://x.cn/?a=1"])
def test_a_public_url_that_is_not_a_base_url_stops_start_up(monkeypatch, value):
    from config.env import env_url

    monkeypatch.setenv("HONGYI_PUBLIC_URL", value)
    with pytest.raises(ImproperlyConfigured, match="HONGYI_PUBLIC_URL"):
        env_url("HONGYI_PUBLIC_URL")
