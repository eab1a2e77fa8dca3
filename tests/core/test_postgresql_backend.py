"""The PostgreSQL backend's health check: no round trip while the connection is quiet, and
a connection the server closed is still replaced before a request uses it."""

import select

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's backend"),
    # Real connections, closed and reopened: outside a test transaction. serialized_rollback
    # brings back the regions the migrations seeded, which the flush afterwards removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _from_elsewhere(sql: str, params: list):
    other = connection.copy()
    try:
        with other.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()
    finally:
        other.close()


def _new_request() -> None:
    """What Django does when a request starts (the request_started signal)."""
    connection.close_if_unusable_or_obsolete()


def test_the_backend_is_ours_and_health_checks_are_on():
    assert connection.settings_dict["ENGINE"] == "core.postgresql"
    assert connection.health_check_enabled


def test_a_quiet_connection_is_trusted_without_a_query():
    pid = _pid()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'the last statement'")
    _new_request()
    connection.close_if_health_check_failed()
    (last,) = _from_elsewhere("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
    assert last == "SELECT 'the last statement'"  # no SELECT 1 went out
    assert _pid() == pid  # and the same connection serves the request


def test_a_connection_the_server_closed_is_replaced_before_the_request_uses_it():
    pid = _pid()
    _from_elsewhere("SELECT pg_terminate_backend(%s)", [pid])
    readable, _, _ = select.select([connection.connection.pgconn.socket], [], [], 5)
    assert readable  # PostgreSQL said goodbye on the socket
    _new_request()
    assert _pid() != pid  # a new connection, not an error


def test_after_a_database_error_the_check_asks_the_server():
    pid = _pid()
    connection.errors_occurred = True
    _new_request()  # Django checks at once when the last request met an error
    (last,) = _from_elsewhere("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
    assert last == "SELECT 1"
    assert _pid() == pid
