"""Posting to the points ledger: the only code that inserts into ``exchange_pointsentry``.

Every writer locks the single ``PointsHead`` row first (``lock_head``), so entries link one
after another and the chain never forks; ``PointsEntry.prev_hash`` being unique backs this
up. Balances and monthly figures change in the same transaction, from the same entries, and
``points_rebuild`` recomputes them from the entries alone (a test holds the two together).
"""

from collections import defaultdict

from django.db import transaction

from exchange.chain import CHAIN
from exchange.models import (
    ISSUED_KINDS,
    PointsBalance,
    PointsEntry,
    PointsHead,
    PointsMonth,
)

CHUNK = 5000


def lock_head() -> PointsHead:
    return PointsHead.objects.select_for_update().get(pk=1)


class Poster:
    """Entries linked into the chain in memory, written together by ``flush``.

    One posting is a poster of one entry; accrual adds thousands, then flushes.
    """

    def __init__(self, head: PointsHead, now):
        self.head, self.now, self.pending = head, now, []

    def add(self, **fields) -> PointsEntry:
        entry = PointsEntry(created_at=self.now, **fields)
        entry.seq, entry.prev_hash = self.head.seq + 1, self.head.hash
        entry.hash = CHAIN.hash_of(entry)
        self.head.seq, self.head.hash = entry.seq, entry.hash
        self.pending.append(entry)
        return entry

    def flush(self) -> None:
        if self.pending:
            PointsEntry.objects.bulk_create(self.pending, batch_size=2000)
            apply_entries(self.pending)
            self.pending = []
        self.head.save(update_fields=["seq", "hash", "hours_seq"])


def post_one(*, now, **fields) -> PointsEntry:
    """Append one entry (the caller holds the head lock, inside its transaction)."""
    poster = Poster(lock_head(), now)
    entry = poster.add(**fields)
    poster.flush()
    return entry


def _deltas(entries):
    balances, months = defaultdict(lambda: [0, 0, 0]), defaultdict(lambda: [0, 0])
    for entry in entries:
        issued = entry.points if entry.kind in ISSUED_KINDS else 0
        redeemed = 0 if entry.kind in ISSUED_KINDS else -entry.points
        balance = balances[entry.volunteer_id]
        balance[0] += entry.points
        balance[1] += issued
        balance[2] += redeemed
        month = months[entry.township_id, entry.on.replace(day=1)]
        month[0] += issued
        month[1] += redeemed
    return balances, months


def apply_entries(entries) -> None:
    """Add ``entries`` to the stored balances and monthly figures."""
    balances, months = _deltas(entries)
    _add_balances(balances)
    _add_months(months)


def _add_balances(deltas: dict) -> None:
    ids = list(deltas)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        stored = {b.volunteer_id: b for b in PointsBalance.objects.filter(volunteer_id__in=chunk)}
        for pk in chunk:
            points, issued, redeemed = deltas[pk]
            row = stored.setdefault(pk, PointsBalance(volunteer_id=pk))
            row.points, row.issued, row.redeemed = (
                row.points + points,
                row.issued + issued,
                row.redeemed + redeemed,
            )
        _save(PointsBalance, stored.values(), ["points", "issued", "redeemed"])


def _add_months(deltas: dict) -> None:
    townships = {township for township, _month in deltas}
    stored = {
        (m.township_id, m.month): m
        for m in PointsMonth.objects.filter(
            township_id__in=townships, month__in={month for _t, month in deltas}
        )
    }
    for (township, month), (issued, redeemed) in deltas.items():
        row = stored.setdefault((township, month), PointsMonth(township_id=township, month=month))
        row.issued, row.redeemed = row.issued + issued, row.redeemed + redeemed
    _save(PointsMonth, stored.values(), ["issued", "redeemed"])


def _save(model, rows, fields) -> None:
    rows = list(rows)
    model.objects.bulk_update([r for r in rows if r.pk], fields, batch_size=1000)
    model.objects.bulk_create([r for r in rows if not r.pk], batch_size=1000)


@transaction.atomic
def points_rebuild() -> tuple[int, int]:
    """Recompute balances and monthly figures from the entries. Returns (balances, months)."""
    lock_head()
    PointsBalance.objects.all().delete()
    PointsMonth.objects.all().delete()
    entries = PointsEntry.objects.order_by("seq").only(
        "volunteer_id", "kind", "points", "township_id", "on"
    )
    balances, months = _deltas(entries.iterator(chunk_size=CHUNK))
    _add_balances(balances)
    _add_months(months)
    return len(balances), len(months)
