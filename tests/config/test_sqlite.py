import threading

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite-specific settings",
)


def _file_connection(path, alias="probe"):
    """A connection configured exactly as the app's, but to a file of the test's own."""
    config = {**settings.DATABASES["default"], "NAME": str(path)}
    return DatabaseWrapper(config, alias=alias)


@pytest.fixture(autouse=True)
def _own_files_only(django_db_blocker):
    """These tests open their own database files, never the test database."""
    with django_db_blocker.unblock():
        yield


def test_sqlite_opens_in_wal_with_normal_sync(tmp_path):
    connection = _file_connection(tmp_path / "probe.sqlite3")
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert cursor.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    connection.close()


def test_concurrent_sqlite_writers_queue_instead_of_failing(tmp_path):
    path = tmp_path / "race.sqlite3"
    setup = _file_connection(path)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (n INTEGER)")
        cursor.execute("INSERT INTO counter VALUES (0)")
    setup.close()
    errors = []

    def bump():
        # Connections are per thread, so each thread registers its own under one alias.
        connections["probe"] = _file_connection(path)
        try:
            for _ in range(20):
                with transaction.atomic(using="probe"), connections["probe"].cursor() as cursor:
                    value = cursor.execute("SELECT n FROM counter").fetchone()[0]
                    cursor.execute("UPDATE counter SET n = %s", [value + 1])
        except Exception as exc:  # noqa: BLE001 - the test reports whatever went wrong
            errors.append(exc)
        finally:
            connections["probe"].close()

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check = _file_connection(path)
    with check.cursor() as cursor:
        total = cursor.execute("SELECT n FROM counter").fetchone()[0]
    check.close()
    assert errors == []
    assert total == 80  # no lost update: each read-modify-write held the write lock
