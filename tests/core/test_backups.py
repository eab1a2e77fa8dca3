"""manage.py backup and restore: a copy taken while claims are being posted keeps every
claim committed before it began, and a restore that breaks the ledger says so loudly."""

import sqlite3
import threading
import time
from contextlib import closing

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from ledger.models import Claim, Entry
from ledger.services import claim_approve

# serialized_rollback brings back the regions the migrations seeded, which a flush removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's backup API")


def wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the writer thread stopped posting"
        time.sleep(0.01)


class Writer(threading.Thread):
    """Posts and approves claims, one after another, until stopped."""

    def __init__(self, submit, manager):
        super().__init__()
        self.submit, self.manager = submit, manager
        self.posted, self.stop, self.error = [], threading.Event(), None

    def run(self):
        try:
            while not self.stop.is_set():
                claim = self.submit(30, source_key=f"during:{len(self.posted)}")
                claim_approve(claim=claim, actor=self.manager)
                self.posted.append(claim.source_key)
        except Exception as error:  # noqa: BLE001 - reported by the test
            self.error = error
        finally:
            connection.close()


@sqlite_only
def test_a_backup_taken_during_writes_keeps_all_committed_before_it(submit, pingshan, tmp_path):
    for n in range(3):
        claim_approve(claim=submit(60, source_key=f"before:{n}"), actor=pingshan.manager)
    writer = Writer(submit, pingshan.manager)
    writer.start()
    try:
        wait_for(lambda: len(writer.posted) >= 3)
        committed = set(Claim.objects.values_list("source_key", flat=True))
        call_command("backup", str(tmp_path / "hongyi.sqlite3"))
        during = len(writer.posted)
        wait_for(lambda: len(writer.posted) >= during + 3)
    finally:
        writer.stop.set()
        writer.join()
    assert writer.error is None
    everything = set(Claim.objects.values_list("source_key", flat=True))
    connection.close()

    call_command("restore", str(tmp_path / "hongyi.sqlite3"), "--yes")

    restored = set(Claim.objects.values_list("source_key", flat=True))
    assert committed <= restored <= everything
    assert restored != everything  # the claims posted after the copy are not in it
    assert Entry.objects.count() == Claim.objects.filter(status=Claim.Status.APPROVED).count()


@sqlite_only
def test_restoring_a_tampered_backup_fails_loudly(submit, pingshan, tmp_path):
    claim_approve(claim=submit(60), actor=pingshan.manager)
    backup = tmp_path / "hongyi.sqlite3"
    call_command("backup", str(backup))
    with closing(sqlite3.connect(backup)) as db:
        db.execute("DROP TRIGGER ledger_entry_no_update")
        db.execute("UPDATE ledger_entry SET minutes = 600")
        db.commit()
    with pytest.raises(CommandError, match="RESTORED DATA FAILS THE LEDGER CHECK"):
        call_command("restore", str(backup), "--yes")


@sqlite_only
def test_backup_never_overwrites_and_restore_needs_a_yes(tmp_path):
    existing = tmp_path / "old.sqlite3"
    existing.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(existing))
    assert existing.read_bytes() == b"an older backup"
    with pytest.raises(CommandError, match="add --yes"):
        call_command("restore", str(existing))
    with pytest.raises(CommandError, match="not a SQLite database"):
        call_command("restore", str(existing), "--yes")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL refusal")
def test_backup_of_postgresql_points_to_pg_dump(tmp_path):
    with pytest.raises(CommandError, match="pg_dump"):
        call_command("backup", str(tmp_path / "x"))
    assert not (tmp_path / "x").exists()
