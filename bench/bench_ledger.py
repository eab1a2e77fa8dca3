"""Ledger: posting throughput through the service path, and a balance lookup at 1M entries."""

import os
import statistics
import time
from datetime import date, timedelta

from core.models import AuditEntry, Region, User
from core.services import role_grant
from ledger.models import Entry, Kind
from ledger.selectors import volunteer_balance
from ledger.services import Activity, claim_approve, claim_submit, entries_bulk_post, unit_ensure

POSTS = 500
LOOKUPS = 2000
ENTRIES = int(os.environ.get("BENCH_LEDGER_ENTRIES", "1000000"))


def _setup():
    township = Region.objects.get(code="130131110")
    manager = User.objects.create(mobile="13600000000", name="站长")
    role_grant(user=manager, role="county_office", region=township.parent)
    volunteers = User.objects.bulk_create(
        User(mobile=f"136{n:08d}", name=f"志愿者{n}") for n in range(1, 2001)
    )
    unit = unit_ensure(key="station:bench", name="基准驿站", region=township, managers=[manager])
    return manager, volunteers, unit, township


def _post_rate(manager, volunteers, unit, township) -> float:
    started = time.perf_counter()
    for n in range(POSTS):
        day = date(2026, 1, 1) + timedelta(days=n % 300)
        activity = Activity(kind=Kind.STATION, service_date=day, activity="驿站服务",
                            township=township, station_key="station:bench")  # fmt: skip
        claim = claim_submit(source_key=f"bench:{n}", volunteer=volunteers[n % 2000],
                             unit=unit, activity=activity, minutes=120)  # fmt: skip
        claim_approve(claim=claim, actor=manager)
    return POSTS / (time.perf_counter() - started)


def _insert_rate() -> float:
    """Baseline: one audited row inserted through the ORM, the floor of any write."""
    started = time.perf_counter()
    for n in range(POSTS):
        AuditEntry.objects.create(action="bench", target_id=str(n))
    return POSTS / (time.perf_counter() - started)


def _fill(volunteers, unit, township) -> None:
    missing = ENTRIES - Entry.objects.count()
    start = date(2024, 1, 1)
    rows = (
        {"source_key": f"fill:{n}", "volunteer_id": volunteers[n % 2000].pk, "unit": unit,
         "minutes": 90, "kind": Kind.STATION, "service_date": start + timedelta(days=n % 900),
         "activity": "驿站服务", "township": township, "station_key": "station:bench"}
        for n in range(missing)
    )  # fmt: skip
    entries_bulk_post(rows)


def _median_ms(call) -> float:
    samples = []
    for n in range(LOOKUPS):
        started = time.perf_counter()
        call(n)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def run(report) -> None:
    manager, volunteers, unit, township = _setup()
    report("ledger posting (submit+approve)", _post_rate(manager, volunteers, unit, township),
           "entries/s", _insert_rate())  # fmt: skip
    started = time.perf_counter()
    _fill(volunteers, unit, township)
    took = time.perf_counter() - started
    print(f"  (filled the ledger to {Entry.objects.count():,} entries in {took:.0f} s)")
    lookup = _median_ms(lambda n: volunteer_balance(volunteers[n % 2000]))
    baseline = _median_ms(lambda n: User.objects.get(pk=volunteers[n % 2000].pk))
    report(f"balance lookup at {ENTRIES:,} entries", lookup, "ms", baseline, goal="< 5 ms")
