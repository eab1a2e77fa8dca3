"""Balances and monthly summaries: derived from entries, kept in step, rebuildable.

``apply_entry`` runs inside the posting transaction, under the ledger head lock, so
increments never race. ``summaries_rebuild`` replays every entry through the same
``cells_from`` and must arrive at the same figures (a test holds the two together); the
bulk import adds its entries' ``Totals`` to the stored figures the same way.
"""

from collections import defaultdict

from django.db import connection, transaction

from core.models import Region
from ledger.models import Balance, Entry, LedgerHead, MonthlySummary

Dimension = MonthlySummary.Dimension

# What the cells of an entry depend on, by attribute name.
CELL_FIELDS = (
    "volunteer_id", "township_id", "station_key", "station_name", "program_key",
    "program_name", "team_key", "team_name", "service_date", "minutes", "reverses_id",
)  # fmt: skip


def cells_from(values, township_name: str) -> list[tuple[str, str, str]]:
    """The (dimension, key, label) cells a record adds its minutes to.

    ``values`` maps attribute names to values: an entry's ``vars()`` or an import row.
    """
    cells = [(Dimension.VOLUNTEER, str(values["volunteer_id"]), "")]
    if values["township_id"]:
        cells.append((Dimension.TOWNSHIP, str(values["township_id"]), township_name))
    for dimension, key, label in (
        (Dimension.STATION, values["station_key"], values["station_name"]),
        (Dimension.PROGRAM, values["program_key"], values["program_name"]),
        (Dimension.TEAM, values["team_key"], values["team_name"]),
    ):
        if key:
            cells.append((dimension, key, label))
    return cells


class Totals:
    """Balances and summary cells added up over many records, in memory.

    The label of a cell is the last non-empty one seen, as the upsert keeps it.
    """

    def __init__(self):
        self.minutes, self.counts, self.last = defaultdict(int), defaultdict(int), {}
        self.cells = defaultdict(lambda: [0, 0])
        self.labels = {}

    def add(self, values, township_name: str) -> None:
        minutes, count = values["minutes"], -1 if values["reverses_id"] else 1
        volunteer, day = values["volunteer_id"], values["service_date"]
        self.minutes[volunteer] += minutes
        self.counts[volunteer] += count
        if volunteer not in self.last or day > self.last[volunteer]:
            self.last[volunteer] = day
        month = day.replace(day=1)
        for dimension, key, label in cells_from(values, township_name):
            total = self.cells[dimension, key, month]
            total[0] += minutes
            total[1] += count
            if label or (dimension, key, month) not in self.labels:
                self.labels[dimension, key, month] = label

    def balance_rows(self) -> list[tuple]:
        return [(pk, self.minutes[pk], self.counts[pk], self.last[pk]) for pk in self.minutes]

    def cell_rows(self) -> list[tuple]:
        return [(str(d), k, m, self.labels[d, k, m], t[0], t[1])
                for (d, k, m), t in self.cells.items()]  # fmt: skip


# Increments are added in the database, one upsert per table, under the ledger head lock
# the caller holds. Same SQL on SQLite and PostgreSQL; only how the rows get there differs.
_BALANCES = ("ledger_balance",
             ("volunteer_id", "service_minutes", "entry_count", "last_service_date"), """
ON CONFLICT (volunteer_id) DO UPDATE SET
  service_minutes = ledger_balance.service_minutes + excluded.service_minutes,
  entry_count = ledger_balance.entry_count + excluded.entry_count,
  last_service_date = CASE
    WHEN ledger_balance.last_service_date IS NULL
      OR excluded.last_service_date > ledger_balance.last_service_date
    THEN excluded.last_service_date ELSE ledger_balance.last_service_date END
""")  # fmt: skip
_CELLS = ("ledger_monthlysummary",
          ("dimension", "key", "month", "label", "minutes", "entry_count"), """
ON CONFLICT (dimension, "key", month) DO UPDATE SET
  minutes = ledger_monthlysummary.minutes + excluded.minutes,
  entry_count = ledger_monthlysummary.entry_count + excluded.entry_count,
  label = CASE WHEN excluded.label <> '' THEN excluded.label ELSE ledger_monthlysummary.label END
""")  # fmt: skip
_MANY = 500


def _upsert(target, rows: list[tuple]) -> None:
    """Add ``rows`` to the stored figures of ``target``."""
    if not rows:
        return
    table, columns, conflict = target
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    insert = f"INSERT INTO {table} ({names}) {{source}} {conflict}"
    marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(insert.format(source=f"VALUES {marks}"), rows)
        elif len(rows) <= _MANY:
            params = [value for row in rows for value in row]
            cursor.execute(insert.format(source="VALUES " + ", ".join([marks] * len(rows))), params)
        else:
            _upsert_copied(cursor, insert, table, names, rows)


def _upsert_copied(cursor, insert: str, table: str, names: str, rows: list[tuple]) -> None:
    """PostgreSQL, many rows (a bulk import): COPY them to a scratch table, upsert from it."""
    scratch = f"hongyi_scratch_{table}"
    shape = f"SELECT {names} FROM {table} WITH NO DATA"  # noqa: S608 - constants only
    cursor.execute(f"CREATE TEMP TABLE {scratch} AS {shape}")
    with connection.wrap_database_errors, cursor.copy(f"COPY {scratch} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    cursor.execute(insert.format(source=f"SELECT * FROM {scratch}"))  # noqa: S608 - constants
    cursor.execute(f"DROP TABLE {scratch}")


def apply_entry(entry) -> None:
    totals = Totals()
    totals.add(vars(entry), entry.township.name if entry.township_id else "")
    totals_apply(totals)


def totals_apply(totals: Totals) -> None:
    """Add ``totals`` to the stored balances and summaries (caller holds the head lock)."""
    _upsert(_BALANCES, totals.balance_rows())
    _upsert(_CELLS, totals.cell_rows())


@transaction.atomic
def summaries_rebuild() -> tuple[int, int]:
    """Recompute balances and summaries from the entries. Returns (balances, cells)."""
    LedgerHead.objects.select_for_update().get(pk=1)
    balances, cells = _replay(Entry.objects.order_by("seq"))
    Balance.objects.all().delete()
    MonthlySummary.objects.all().delete()
    Balance.objects.bulk_create(balances, batch_size=5000)
    MonthlySummary.objects.bulk_create(cells, batch_size=5000)
    return len(balances), len(cells)


def _replay(entries):
    """Add up ``entries`` (read as plain values, which is several times faster than models)."""
    names = dict(Region.objects.values_list("pk", "name"))
    totals = Totals()
    for values in entries.values(*CELL_FIELDS).iterator(chunk_size=5000):
        totals.add(values, names.get(values["township_id"], ""))
    balances = [Balance(volunteer_id=pk, service_minutes=minutes, entry_count=count,
                        last_service_date=last)
                for pk, minutes, count, last in totals.balance_rows()]  # fmt: skip
    cells = [MonthlySummary(dimension=d, key=k, month=m, label=label, minutes=mins, entry_count=n)
             for d, k, m, label, mins, n in totals.cell_rows()]  # fmt: skip
    return balances, cells
