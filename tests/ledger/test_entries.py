import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from core.models import AppendOnlyError
from ledger.errors import LedgerError
from ledger.models import Entry, Kind
from ledger.selectors import volunteer_balance
from ledger.services import claim_approve, entry_correct, entry_reverse, summaries_rebuild
from tests.ledger.helpers import (
    rebuilt_balances,
    rebuilt_summaries,
    stored_balances,
    stored_summaries,
    tamper,
    verify,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(submit, pingshan):
    return claim_approve(claim=submit(150), actor=pingshan.manager)


def test_reversal_cancels_an_entry_and_links_to_it(entry, pingshan):
    reversal = entry_reverse(entry=entry, actor=pingshan.manager, reason="扫错了人")
    assert reversal.minutes == -150
    assert reversal.reverses == entry
    assert reversal.kind == Kind.CORRECTION
    assert reversal.station_key == entry.station_key
    entry.refresh_from_db()
    assert entry.minutes == 150  # the original stays as it was
    balance = volunteer_balance(pingshan.volunteer)
    assert (balance.service_minutes, balance.entry_count) == (0, 0)


def test_an_entry_is_reversed_only_once(entry, pingshan):
    reversal = entry_reverse(entry=entry, actor=pingshan.manager, reason="扫错了人")
    with pytest.raises(LedgerError) as twice:
        entry_reverse(entry=entry, actor=pingshan.manager, reason="again")
    assert twice.value.code == "already_reversed"
    with pytest.raises(LedgerError) as of_reversal:
        entry_reverse(entry=reversal, actor=pingshan.manager, reason="undo")
    assert of_reversal.value.code == "is_reversal"
    assert volunteer_balance(pingshan.volunteer).service_minutes == 0


def test_a_correction_is_a_reversal_plus_a_new_entry(entry, pingshan):
    reversal, replacement = entry_correct(
        entry=entry, actor=pingshan.manager, minutes=100, reason="实际服务100分钟"
    )
    assert (reversal.minutes, replacement.minutes) == (-150, 100)
    assert replacement.corrects == entry
    assert replacement.reason == "实际服务100分钟"
    balance = volunteer_balance(pingshan.volunteer)
    assert (balance.service_minutes, balance.entry_count) == (100, 1)


def test_a_reversal_needs_a_reason_and_the_right_person(entry, pingshan):
    with pytest.raises(LedgerError) as no_reason:
        entry_reverse(entry=entry, actor=pingshan.manager, reason="")
    assert no_reason.value.code == "reason_required"
    with pytest.raises(LedgerError) as outsider:
        entry_reverse(entry=entry, actor=pingshan.other_manager, reason="x")
    assert outsider.value.code == "not_allowed"
    assert Entry.objects.count() == 1


def test_the_model_refuses_to_change_an_entry(entry):
    entry.minutes = 999
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        Entry.objects.update(minutes=1)
    assert Entry.objects.get().minutes == 150


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE ledger_entry SET minutes = 999 WHERE id = %s",
        "DELETE FROM ledger_entry WHERE id = %s",
    ],
)
def test_the_database_refuses_raw_update_and_delete(entry, sql):
    with (
        pytest.raises((IntegrityError, DatabaseError), match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])
    assert Entry.objects.get().minutes == 150


def test_an_intact_chain_verifies(submit, pingshan):
    for minutes in (60, 90, 120):
        claim_approve(claim=submit(minutes), actor=pingshan.manager)
    code, said = verify()
    assert code == 0
    assert "Ledger intact: 3 entries" in said
    seqs = list(Entry.objects.order_by("seq").values_list("seq", "prev_hash", "hash"))
    assert [s for s, _p, _h in seqs] == [1, 2, 3]
    assert seqs[1][1] == seqs[0][2]
    assert seqs[2][1] == seqs[1][2]


def test_one_changed_byte_of_minutes_is_named_by_verify(submit, pingshan):
    entries = [claim_approve(claim=submit(m), actor=pingshan.manager) for m in (60, 90, 120)]
    tamper("UPDATE ledger_entry SET minutes = %s WHERE id = %s", [91, entries[1].pk])
    code, said = verify()
    assert code == 1
    assert "entry #2" in said
    assert "content does not match its hash" in said


def test_a_forged_link_is_named_by_verify(submit, pingshan):
    entries = [claim_approve(claim=submit(m), actor=pingshan.manager) for m in (60, 90)]
    tamper("UPDATE ledger_entry SET prev_hash = %s WHERE id = %s", ["f" * 64, entries[1].pk])
    code, said = verify()
    assert (code, "entry #2" in said) == (1, True)


def test_incremental_summaries_equal_a_rebuild(submit, pingshan, other_unit):
    claim_approve(claim=submit(60), actor=pingshan.manager)
    claim_approve(claim=submit(45, volunteer=pingshan.leader), actor=pingshan.manager)
    entry = claim_approve(claim=submit(200), actor=pingshan.manager)
    entry_correct(entry=entry, actor=pingshan.manager, minutes=180, reason="核减")
    assert stored_summaries() == rebuilt_summaries()
    assert stored_balances() == rebuilt_balances()
    before = (stored_summaries(), stored_balances())
    summaries_rebuild()
    assert (stored_summaries(), stored_balances()) == before
    assert ("station", f"station:{pingshan.station.pk}") in {(d, k) for d, k, *_ in before[0]}
