"""Statistics and reports at Pingshan scale: the dashboard, stats/summary and the monthly
county report PDF, against a primary-key page request measured in the same run."""

import os
import statistics
import time
from datetime import date, timedelta

from django.test import Client

from core.models import Region, User
from core.services import role_grant
from ledger.models import Entry, Kind
from ledger.services import entries_bulk_post, unit_ensure

ENTRIES = int(os.environ.get("BENCH_REPORT_ENTRIES", "200000"))
VOLUNTEERS = 17_000
ROUNDS = 30


def _fill() -> User:
    county = Region.objects.get(code="130131")
    townships = list(Region.objects.filter(level=Region.Level.TOWNSHIP))
    office = User.objects.create(mobile="13400000000", name="县文明办")
    role_grant(user=office, role="county_office", region=county)
    people = User.objects.bulk_create(User(mobile=f"134{n + 1:08d}", name=f"志愿者{n}")
                                      for n in range(VOLUNTEERS))  # fmt: skip
    units = [unit_ensure(key=f"station:r{n}", name=f"驿站{n}", region=townships[n % 23])
             for n in range(22)]  # fmt: skip
    first = date(2024, 1, 1)
    rows = (
        {"source_key": f"report-bench:{n}", "volunteer_id": people[n % VOLUNTEERS].pk,
         "unit": units[n % 22], "minutes": 60 + n % 190, "kind": Kind.STATION,
         "service_date": first + timedelta(days=n % 1000), "activity": "驿站服务",
         "township": units[n % 22].region, "station_key": units[n % 22].key,
         "station_name": units[n % 22].name, "program_key": f"program:{n % 4}",
         "program_name": ["红色微心愿", "我为游客办实事", "小小红色讲解员", "理论宣讲"][n % 4]}
        for n in range(ENTRIES - Entry.objects.count())
    )  # fmt: skip
    entries_bulk_post(rows)
    return office


def _median_ms(call) -> float:
    call()
    samples = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def run(report) -> None:
    started = time.perf_counter()
    office = _fill()
    print(f"  ({Entry.objects.count():,} entries posted in {time.perf_counter() - started:.0f} s)")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(office)
    baseline = _median_ms(lambda: client.get("/i18n/setlang/"))
    dashboard = _median_ms(lambda: client.get("/reports/dashboard/"))
    report(f"dashboard at {ENTRIES:,} entries", dashboard, "ms", baseline, goal="< 100 ms")
    summary = _median_ms(lambda: client.get("/api/v1/stats/summary"))
    report(f"stats/summary at {ENTRIES:,} entries", summary, "ms", baseline, goal="< 100 ms")
    query = {"kind": "month", "year": 2026, "number": 3, "format": "pdf"}
    started = time.perf_counter()
    response = client.get("/reports/county/", query)
    took = time.perf_counter() - started
    assert response.status_code == 200, response.status_code  # noqa: S101 - a bench sanity check
    report("monthly county report PDF", took * 1000, "ms", baseline, goal="< 5000 ms")
