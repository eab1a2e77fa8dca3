"""Races, with real threads and real connections, on SQLite (file, WAL) and PostgreSQL."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from ledger.errors import LedgerError
from ledger.models import Claim, Entry
from ledger.services import claim_approve
from tests.ledger.helpers import verify

# serialized_rollback brings back the regions the migrations seeded, which a flush removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def in_parallel(task, times: int) -> list:
    """Run ``task`` from ``times`` threads released together; return results or errors."""
    barrier = threading.Barrier(times)

    def run(_):
        barrier.wait()
        try:
            return task()
        except LedgerError as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=times) as pool:
        return list(pool.map(run, range(times)))


def test_the_same_source_posted_50_times_at_once_is_one_claim_and_one_entry(submit, pingshan):
    claims = in_parallel(lambda: submit(120, source_key="station-session:42"), 50)
    assert {claim.pk for claim in claims} == {Claim.objects.get().pk}
    claim = Claim.objects.get()
    outcomes = in_parallel(lambda: claim_approve(claim=claim, actor=pingshan.manager), 50)
    refused = [o for o in outcomes if isinstance(o, LedgerError)]
    assert len(refused) == 49
    assert {error.code for error in refused} == {"not_pending"}
    assert Entry.objects.count() == 1
    assert verify()[0] == 0


def test_concurrent_postings_never_fork_the_chain(submit, pingshan):
    counter = iter(range(1000))
    lock = threading.Lock()

    def post():
        with lock:
            number = next(counter)
        claim = submit(30 + number, source_key=f"race:{number}")
        return claim_approve(claim=claim, actor=pingshan.manager)

    entries = in_parallel(post, 20)
    assert not [e for e in entries if isinstance(e, Exception)]
    assert sorted(Entry.objects.values_list("seq", flat=True)) == list(range(1, 21))
    code, said = verify()
    assert code == 0, said
