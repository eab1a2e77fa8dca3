"""Balances and monthly summaries: derived from entries, kept in step, rebuildable.

``apply_entry`` runs inside the posting transaction, under the ledger head lock, so
increments never race. ``summaries_rebuild`` replays every entry through the same
``cells_of`` and must arrive at the same figures (a test holds the two together).
"""

from collections import defaultdict

from django.db import connection, transaction

from ledger.models import Balance, Entry, LedgerHead, MonthlySummary

Dimension = MonthlySummary.Dimension


def cells_of(entry) -> list[tuple[str, str, str]]:
    """The (dimension, key, label) cells one entry adds its minutes to."""
    cells = [(Dimension.VOLUNTEER, str(entry.volunteer_id), "")]
    if entry.township_id:
        cells.append((Dimension.TOWNSHIP, str(entry.township_id), entry.township.name))
    for dimension, key, label in (
        (Dimension.STATION, entry.station_key, entry.station_name),
        (Dimension.PROGRAM, entry.program_key, entry.program_name),
        (Dimension.TEAM, entry.team_key, entry.team_name),
    ):
        if key:
            cells.append((dimension, key, label))
    return cells


def count_of(entry) -> int:
    """A reversing entry takes a record away; any other entry adds one."""
    return -1 if entry.reverses_id else 1


# One upsert per table instead of a read and a write per cell: the increments happen in
# the database, under the ledger head lock the caller holds. Same SQL on SQLite and PostgreSQL.
_BALANCE_UPSERT = """
INSERT INTO ledger_balance (volunteer_id, service_minutes, entry_count) VALUES (%s, %s, %s)
ON CONFLICT (volunteer_id) DO UPDATE SET
  service_minutes = ledger_balance.service_minutes + excluded.service_minutes,
  entry_count = ledger_balance.entry_count + excluded.entry_count
"""
_SUMMARY_UPSERT = """
INSERT INTO ledger_monthlysummary (dimension, "key", month, label, minutes, entry_count)
VALUES {rows}
ON CONFLICT (dimension, "key", month) DO UPDATE SET
  minutes = ledger_monthlysummary.minutes + excluded.minutes,
  entry_count = ledger_monthlysummary.entry_count + excluded.entry_count,
  label = CASE WHEN excluded.label <> '' THEN excluded.label ELSE ledger_monthlysummary.label END
"""


def apply_entry(entry) -> None:
    count = count_of(entry)
    month = entry.service_date.replace(day=1)
    cells = cells_of(entry)
    params = []
    for dimension, key, label in cells:
        params += [str(dimension), key, month, label, entry.minutes, count]
    rows = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(cells))
    with connection.cursor() as cursor:
        cursor.execute(_BALANCE_UPSERT, [entry.volunteer_id, entry.minutes, count])
        cursor.execute(_SUMMARY_UPSERT.format(rows=rows), params)


@transaction.atomic
def summaries_rebuild() -> tuple[int, int]:
    """Recompute balances and summaries from the entries. Returns (balances, cells)."""
    LedgerHead.objects.select_for_update().get(pk=1)
    balances, cells = _replay(Entry.objects.select_related("township").order_by("seq"))
    Balance.objects.all().delete()
    MonthlySummary.objects.all().delete()
    Balance.objects.bulk_create(balances, batch_size=5000)
    MonthlySummary.objects.bulk_create(cells, batch_size=5000)
    return len(balances), len(cells)


def _replay(entries):
    minutes, counts = defaultdict(int), defaultdict(int)
    cell_totals, labels = defaultdict(lambda: [0, 0]), {}
    for entry in entries.iterator(chunk_size=5000):
        minutes[entry.volunteer_id] += entry.minutes
        counts[entry.volunteer_id] += count_of(entry)
        month = entry.service_date.replace(day=1)
        for dimension, key, label in cells_of(entry):
            total = cell_totals[dimension, key, month]
            total[0] += entry.minutes
            total[1] += count_of(entry)
            if label or (dimension, key, month) not in labels:
                labels[dimension, key, month] = label
    balances = [
        Balance(volunteer_id=pk, service_minutes=minutes[pk], entry_count=counts[pk])
        for pk in minutes
    ]
    cells = [
        MonthlySummary(
            dimension=d, key=k, month=m, label=labels[d, k, m], minutes=t[0], entry_count=t[1]
        )
        for (d, k, m), t in cell_totals.items()
    ]
    return balances, cells
