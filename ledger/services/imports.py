"""Importing already-approved historic records in bulk: paper archives, demo and stress data.

Why a second way in: ``entry_post`` locks the head, inserts through the ORM and runs two
upserts for every entry (about 280 entries/s), which is right for live approvals and far
too slow for the two million lines of a county ten times Pingshan's size. This path
writes the same rows — the same canonical content, hash and chain as ``entry_post``, so
``ledger_verify`` walks them alike — with COPY on PostgreSQL and ``executemany`` on
SQLite, and adds their minutes to balances and summaries in one pass at the end, which
gives the figures a rebuild would (tested).

It only inserts, so the append-only triggers stay in force. It holds the ledger head
lock for the whole import: the import is all or nothing, and no live posting interleaves.
"""

from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.db import connection, transaction
from django.utils import timezone

from core.models import Region
from core.services import audit_log
from ledger.chain import hash_of_values
from ledger.models import Entry, LedgerHead
from ledger.services.summaries import Totals, totals_apply

BATCH = 20_000
# Foreign keys a row may give as an object (``unit=``) instead of a key (``unit_id=``).
RELATED = ("volunteer", "unit", "township", "claim", "reverses", "corrects")
# Set by the import itself, never by a row.
COMPUTED = ("seq", "prev_hash", "hash", "approved_by_id", "approved_at", "created_at")


@transaction.atomic
def entries_import(
    *,
    rows: Iterable[dict],
    approved_by=None,
    now=None,
    progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH,
) -> int:
    """Append ``rows`` (Entry field values) as approved entries. Returns how many.

    ``progress(done)`` is called after each batch of ``batch_size`` rows is written, and
    last once balances and summaries are too. A row with an unknown field raises
    ``TypeError``; a repeated ``source_key`` raises ``IntegrityError`` and imports nothing.
    """
    report = progress or (lambda done: None)
    head = LedgerHead.objects.select_for_update().get(pk=1)
    first = head.seq + 1
    importer = _Importer(head, approved_by, now or timezone.now())
    with _page_cache():
        for row in rows:
            if len(importer.batch) >= batch_size:  # written once more rows follow
                importer.flush()
                report(importer.done)
            importer.add(row)
        importer.flush()
        totals_apply(importer.totals)
    head.save(update_fields=["seq", "hash"])
    span = {"entries": importer.done, "first_seq": first, "last_seq": head.seq}
    audit_log(actor=approved_by, action="entries.import", data=span)
    report(importer.done)
    return importer.done


@contextmanager
def _page_cache(kib: int = 1_048_576):
    """SQLite: a page cache of at least 1 GB for this connection while the import runs.

    The default (2 MB) is far smaller than the indexes on ``hash`` and ``prev_hash`` of a
    large ledger; random inserts into them then read a page from disk for nearly every row
    (about 3,000 entries/s instead of 17,000). The cache grows only as pages are used.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]  # negative: KiB; positive: pages of 4 KiB
        cursor.execute(f"PRAGMA cache_size = -{max(int(kib), -before, before * 4)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def entries_bulk_post(rows, *, approved_by=None, now=None) -> int:
    """The older name of ``entries_import`` (rows given positionally), kept for its callers."""
    return entries_import(rows=rows, approved_by=approved_by, now=now)


def _fields() -> list:
    return [f for f in Entry._meta.concrete_fields if not f.primary_key]


class _Importer:
    """Links rows into the chain, adds them up, and writes them a batch at a time."""

    def __init__(self, head: LedgerHead, approved_by, now):
        self.head, self.batch, self.done, self.totals = head, [], 0, Totals()
        self.fields = _fields()
        self.blank = {f.attname: f.get_default() for f in self.fields}
        self.blank.update(approved_by_id=approved_by.pk if approved_by else None,
                          approved_at=now, created_at=now)  # fmt: skip
        self.allowed = set(self.blank) - set(COMPUTED) | set(RELATED)
        self.townships = dict(Region.objects.values_list("pk", "name"))
        self.write = _copy if connection.vendor == "postgresql" else _executemany

    def add(self, row: dict) -> None:
        values = self._values(row)
        values["seq"], values["prev_hash"] = self.head.seq + 1, self.head.hash
        values["hash"] = hash_of_values(values)
        self.head.seq, self.head.hash = values["seq"], values["hash"]
        self.totals.add(values, self.townships.get(values["township_id"], ""))
        self.batch.append(values)

    def _values(self, row: dict) -> dict:
        unknown = row.keys() - self.allowed
        if unknown:
            raise TypeError(f"entries_import: unknown fields {sorted(unknown)}")
        values = {**self.blank, **row}
        for name in RELATED:
            if name in values:
                related = values.pop(name)
                values[f"{name}_id"] = related.pk if related is not None else None
        return values

    def flush(self) -> None:
        if self.batch:
            self.write(self.fields, self.batch)
            self.done += len(self.batch)
            self.batch = []


def _copy(fields, batch: list[dict]) -> None:
    """PostgreSQL: one COPY per batch, the fastest way in."""
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    names = [f.attname for f in fields]
    statement = f"COPY ledger_entry ({columns}) FROM STDIN"
    # Django's cursor wrapper leaves COPY alone: map psycopg's errors to Django's here.
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.copy(statement) as copy,
    ):
        for values in batch:
            copy.write_row([values[name] for name in names])


def _executemany(fields, batch: list[dict]) -> None:
    """SQLite: one prepared INSERT run over the batch, with values as the ORM would store them."""
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO ledger_entry ({columns}) VALUES ({marks})"  # noqa: S608 - model columns
    names = [f.attname for f in fields]
    params = [[values[name] for name in names] for values in batch]
    for index, field in enumerate(fields):
        if field.get_internal_type() in ("DateField", "DateTimeField"):
            _adapt_column(params, index, field)
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _adapt_column(params: list[list], index: int, field) -> None:
    """Dates and datetimes as the ORM stores them; the same few values recur, so adapt each once."""
    adapted = {None: None}
    for row in params:
        value = row[index]
        if value not in adapted:
            adapted[value] = field.get_db_prep_save(value, connection)
        row[index] = adapted[value]
