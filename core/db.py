"""Database-level guards that the ORM alone cannot give.

Append-only tables get triggers that refuse UPDATE and DELETE on both SQLite and
PostgreSQL, so a raw SQL statement or a careless script is held to the same rule as the
model. Use ``append_only_operations(table)`` in a migration.
"""

from contextlib import contextmanager

from django.db import connections, migrations

UNLOCK_TABLE = "hongyi_flush_unlock"
_NOT_UNLOCKED = f"WHEN NOT EXISTS (SELECT 1 FROM {UNLOCK_TABLE})"  # noqa: S608 - constants only

_CREATE = {
    "sqlite": [
        f"CREATE TABLE IF NOT EXISTS {UNLOCK_TABLE} (reason TEXT NOT NULL)",
        (
            "CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            "BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        ),
        (
            "CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"{_NOT_UNLOCKED} "
            "BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        ),
    ],
    # PostgreSQL's flush uses TRUNCATE, which row triggers do not see: no unlock needed.
    "postgresql": [
        (
            "CREATE OR REPLACE FUNCTION hongyi_append_only() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME "
            "USING ERRCODE = 'restrict_violation'; END $$"
        ),
        (
            "CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION hongyi_append_only()"
        ),
    ],
}
_DROP = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS {table}_no_update",
        "DROP TRIGGER IF EXISTS {table}_no_delete",
    ],
    "postgresql": ["DROP TRIGGER IF EXISTS {table}_append_only ON {table}"],
}


def _runner(statements, table):
    def run(apps, schema_editor):
        for statement in statements[schema_editor.connection.vendor]:
            # No parameters: psycopg must not read the "%" in RAISE as a placeholder.
            schema_editor.execute(statement.replace("{table}", table), params=None)

    return run


def append_only_operations(table: str) -> list:
    """Migration operations that make ``table`` refuse UPDATE and DELETE."""
    return [migrations.RunPython(_runner(_CREATE, table), _runner(_DROP, table))]


@contextmanager
def flush_unlocked(using: str = "default"):
    """Let ``manage.py flush`` empty append-only tables on SQLite.

    SQLite empties a table with DELETE, which the triggers refuse; the unlock row
    lives in a table Django does not manage, so the flush itself leaves it alone.
    Only the flush command (and the test runner, through it) uses this.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {UNLOCK_TABLE} (reason) VALUES ('flush')")  # noqa: S608
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {UNLOCK_TABLE}")  # noqa: S608
