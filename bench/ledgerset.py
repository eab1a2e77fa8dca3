"""Ledger data sets for the statistics benchmarks, built once per backend and kept.

A set is ``seed_demo``'s world (``pingshan10`` from 2,000,000 entries up, ``pingshan``
from 200,000, else ``small``) topped up with historic entries to the size asked for, at
the scale's yearly rate (Pingshan: about 200,000 entries a year; ten times that for
``pingshan10``), ending where the demo's hours end. Everything goes in through the
ledger's own bulk import (``entries_import``), so the hash chain verifies and balances and
summaries equal the entries: a benchmark measures valid data.

Building 10,000,000 entries takes minutes, so a built set is kept and reused:

- SQLite: the file ``<HONGYI_BENCH_CACHE>/<name>.sqlite3`` (default ``data/bench-cache``);
- PostgreSQL: the database ``<name>`` on the server DATABASE_URL names.

``<name>`` is ``hongyi_ledgerset_<entries>_<VERSION>``: a change to ``VERSION`` (bump it
when the content built here changes) builds a fresh set and removes the older one of the
same size. A new migration does not: a kept set is migrated forward when it is opened, as
a county's own database would be, so a schema change costs a migration, not a rebuild.
Only a complete build is reused; an interrupted one is started again.

Build a set ahead of a timed run (it takes about 40 minutes for 10,000,000 entries):

    .venv/bin/python bench/ledgerset.py 10000000            # SQLite
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/ledgerset.py 10000000        # PostgreSQL

With ``HONGYI_BENCH_LOCK=/tmp/hongyi-bench.lock`` each building step takes that lock and
releases it after, so a long build lets other measurements in between its steps. Leave it
unset when the whole run already holds the lock.
"""

import fcntl
import os
import random
import sys
import time
from contextlib import contextmanager, nullcontext
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

VERSION = "2"
CHUNK = 1_000_000  # entries per building step
YEARLY = {"small": 20_000, "pingshan": 200_000, "pingshan10": 2_000_000}


@contextmanager
def ledger_set(entries: int):
    """Point the default database at the set of ``entries`` entries (built if missing).

    Yields (seconds the build took, whether this run reused a kept set).
    """
    name = set_name(entries)
    original = dict(connection.settings_dict)
    connection.close()
    try:
        took = _open(name)
        if took is not None:
            call_command("migrate", verbosity=0)  # a kept set follows newer migrations
        yield (took, True) if took is not None else (_build(entries), False)
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)


def set_name(entries: int) -> str:
    return f"hongyi_ledgerset_{entries}_{VERSION}"


def scale_for(entries: int) -> str:
    if entries >= 2_000_000:
        return "pingshan10"
    return "pingshan" if entries >= 200_000 else "small"


# --- Where a set lives ---------------------------------------------------------------------


def _open(name: str) -> float | None:
    """Switch to the set's database, creating it empty if needed.

    Returns how long the set took to build if it is complete, else None.
    """
    if connection.vendor == "postgresql":
        _pg_create(name)
        connection.settings_dict["NAME"] = name
    else:
        folder = Path(
            os.environ.get("HONGYI_BENCH_CACHE") or settings.BASE_DIR / "data/bench-cache"
        )
        folder.mkdir(parents=True, exist_ok=True)
        for older in folder.glob(f"{_family(name)}*"):
            if not older.name.startswith(name):
                older.unlink()
        connection.settings_dict["NAME"] = str(folder / f"{name}.sqlite3")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS hongyi_ledgerset (built_in REAL NOT NULL)")
        cursor.execute("SELECT built_in FROM hongyi_ledgerset")
        row = cursor.fetchone()
    return row[0] if row else None


def _family(name: str) -> str:
    """Sets of the same size share this prefix: a newer one replaces the older."""
    return name.rsplit("_", 1)[0] + "_"


def _pg_create(name: str) -> None:
    """Create the set's database beside the configured one, and drop older sets."""
    import psycopg

    given = connection.settings_dict
    params = {key: given[key.upper()] for key in ("host", "port", "user", "password")}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        rows = admin.execute("SELECT datname FROM pg_database").fetchall()
        existing = {row[0] for row in rows if row[0].startswith(_family(name))}
        for older in existing - {name}:
            admin.execute(f'DROP DATABASE "{older}"')
        if name not in existing:
            admin.execute(f'CREATE DATABASE "{name}"')


_held = []  # seconds each step of the current build took, waits for the lock excluded


@contextmanager
def _step(label: str):
    """One building step: under the shared benchmark lock if HONGYI_BENCH_LOCK names it."""
    path = os.environ.get("HONGYI_BENCH_LOCK")
    with Path(path).open("a") if path else nullcontext() as lock:
        if lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
        started = time.perf_counter()
        try:
            yield
        finally:
            _held.append(time.perf_counter() - started)
            if lock:
                fcntl.flock(lock, fcntl.LOCK_UN)
                time.sleep(1)  # let a waiting measurement in before the next step
    print(f"    {label}: {_held[-1]:.0f} s", flush=True)


# --- Building ------------------------------------------------------------------------------


def _build(entries: int) -> float:
    """Build the set; returns the seconds its steps took (not counting waits for the lock)."""
    _held.clear()
    print(f"  building a ledger set of {entries:,} entries ({connection.vendor})…", flush=True)
    with _step("schema"):
        _empty_schema()
        call_command("migrate", verbosity=0)
    with _fast_loading():
        _seed(scale_for(entries))
        _top_up(entries, scale_for(entries))
    with _step("planner statistics"):
        _analyze()
    took = sum(_held)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO hongyi_ledgerset (built_in) VALUES (%s)", [took])
    return took


def _empty_schema() -> None:
    """An interrupted build left rows behind: start from an empty database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
            cursor.execute("CREATE TABLE hongyi_ledgerset (built_in REAL NOT NULL)")
            return
    path = Path(connection.settings_dict["NAME"])
    connection.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE hongyi_ledgerset (built_in REAL NOT NULL)")


@contextmanager
def _fast_loading():
    """Build as fast as the backend allows; the set is a cache, so durability is not needed."""
    with connection.cursor() as cursor:
        # Foreign keys are not checked row by row (every key the build writes exists);
        # the append-only triggers refuse only UPDATE and DELETE, which a build never does.
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA foreign_keys=OFF")
            cursor.execute("PRAGMA cache_size=-8000000")  # 8 GB: the hash indexes stay in memory
        else:
            cursor.execute("SET synchronous_commit = off")
            cursor.execute("SET maintenance_work_mem = '1GB'")
            cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        connection.close()  # the next connection is an ordinary one (WAL, defaults)


def _seed(scale: str) -> None:
    from core.management.commands.seed_demo import SeedContext, demo_modules

    ctx = SeedContext(scale=scale, write=lambda text: None)
    for module in demo_modules():
        with _step(f"seed_demo {scale}: {module.__name__}"), transaction.atomic():
            module.seed(ctx)


def _top_up(entries: int, scale: str) -> None:
    """Historic entries up to ``entries``, a chunk per step; continues where a step ended."""
    from ledger.models import Entry
    from ledger.services import entries_import

    world = _world()
    years = max(entries / YEARLY[scale], 1)
    start, end = _last_day() - timedelta(days=round(365 * years)), _last_day()
    with _without_secondary_indexes():
        while (have := Entry.objects.count()) < entries:
            first = Entry.objects.filter(source_key__startswith="history:").count()
            rng = random.Random(first)  # noqa: S311 - benchmark data
            count = min(CHUNK, entries - have)
            rows = (_row(rng, first + n, world, start, end) for n in range(count))
            with _step(f"entries {have + count:,}/{entries:,}"):
                entries_import(rows=rows)


_PLAIN_INDEXES = {
    "sqlite": "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
    "AND tbl_name = 'ledger_entry' AND sql NOT LIKE 'CREATE UNIQUE%'",
    "postgresql": "SELECT indexname, indexdef FROM pg_indexes "
    "WHERE tablename = 'ledger_entry' AND indexdef NOT LIKE 'CREATE UNIQUE%'",
}


@contextmanager
def _without_secondary_indexes():
    """Drop the entry table's plain indexes for the load and build them again after:
    sorting once is far cheaper than millions of random inserts. Unique ones stay."""
    with connection.cursor() as cursor:
        cursor.execute(_PLAIN_INDEXES[connection.vendor])
        indexes = [(name, sql) for name, sql in cursor.fetchall() if sql]
        for name, _sql in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with _step("entry indexes"), connection.cursor() as cursor:
        for _name, sql in indexes:
            cursor.execute(sql)


def _last_day():
    from stations.demo import DAYS, FIRST_DAY

    return FIRST_DAY + timedelta(days=DAYS)


def _world() -> dict:
    from core.models import User
    from core.roles import Role
    from ledger.models import RecordingUnit
    from stations.demo import PROGRAMS
    from stations.models import Station
    from volunteers.models import Team

    units = dict(RecordingUnit.objects.filter(key__startswith="station:").values_list("key", "pk"))
    return {
        "volunteers": list(
            User.objects.filter(role_grants__role=Role.VOLUNTEER).values_list("pk", flat=True)
        ),
        "stations": [
            (f"station:{s.pk}", units[f"station:{s.pk}"], s.name, s.site, s.region_id)
            for s in Station.objects.order_by("pk")
        ],
        "programs": PROGRAMS,
        "teams": [(f"team:{t.pk}", t.name) for t in Team.objects.filter(kind=Team.Kind.CHORUS)],
    }


def _row(rng, n: int, world: dict, start, end) -> dict:
    """One historic entry. Volunteers are picked with a skew: a few serve much more often."""
    volunteers = world["volunteers"]
    key, unit, station_name, site, township = rng.choice(world["stations"])
    program_key, program_name = rng.choice(world["programs"])
    team = rng.choice(world["teams"]) if rng.random() < 0.1 else ("", "")
    return {
        "source_key": f"history:{n}",
        "volunteer_id": volunteers[int(len(volunteers) * rng.random() ** 2)],
        "unit_id": unit,
        "minutes": rng.randint(60, 250),
        "kind": "performance" if team[0] else "station",
        "service_date": start + timedelta(days=rng.randrange((end - start).days)),
        "activity": f"平山红合唱·{team[1]}" if team[0] else program_name,
        "place": site,
        "content": "合唱演出" if team[0] else f"{program_name}志愿服务",
        "township_id": township,
        "station_key": key,
        "station_name": station_name,
        "program_key": "" if team[0] else program_key,
        "program_name": "" if team[0] else program_name,
        "team_key": team[0],
        "team_name": team[1],
    }


def _analyze() -> None:
    """Statistics and visibility maps as a running PostgreSQL's autovacuum keeps them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def main() -> None:
    """Build (or migrate) the set of ``sys.argv[1]`` entries on the configured database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    django.setup()
    entries = int(sys.argv[1])
    with ledger_set(entries) as (took, reused):
        state = "kept" if reused else "built"
        print(f"{set_name(entries)} ({connection.vendor}): {state}, {took:.0f} s of building")


if __name__ == "__main__":
    main()
