"""Copies of a SQLite database taken while it is in use, and put back.

SQLite's online backup API (``sqlite3.Connection.backup``) copies a consistent snapshot:
every transaction committed before the copy began is in it, none half-written. PostgreSQL
has its own tools (``pg_dump``/``pg_restore``); see docs/operations.md.
"""

import sqlite3
from contextlib import closing
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    pass


def sqlite_path(alias: str = "default") -> Path:
    """The database file, or a BackupError naming what to use instead."""
    settings = connections[alias].settings_dict
    if connections[alias].vendor != "sqlite":
        raise BackupError(
            "This database is PostgreSQL: back it up with pg_dump and restore it with "
            "pg_restore, as docs/operations.md describes."
        )
    return Path(settings["NAME"])


def _copy(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)  # pages=-1: the whole database as of one moment, in one step


def sqlite_backup(*, source: Path, target: Path) -> None:
    """Copy the live ``source`` to a new file ``target``, through a temporary file, so a
    failed copy never leaves a half-written backup."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    _copy(source, partial)
    sqlite_check(partial)
    partial.replace(target)


def sqlite_restore(*, backup: Path, target: Path) -> None:
    """Write ``backup`` into the database ``target`` through the backup API, which replaces
    its pages in one transaction and keeps its write-ahead log consistent (renaming a file
    over a database in WAL mode would not)."""
    sqlite_check(backup)
    _copy(backup, target)


def sqlite_check(path: Path) -> None:
    """Refuse a file that is not a sound SQLite database."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            result = db.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite database: {error}") from error
    if result != "ok":
        raise BackupError(f"{path} is damaged: {result}")
