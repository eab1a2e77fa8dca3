"""Statistics and reports: the dashboard and stats/summary on a ledger of 10,000,000 entries,
and the monthly county report PDF at Pingshan scale, each against a baseline in the same run.

The ledgers are built by ``bench/ledgerset.py`` and kept between runs (see there).
``HONGYI_BENCH_ENTRIES`` shrinks the large one for a quick run. The baselines:

- dashboard and stats/summary: the same headline figures computed by walking the raw
  entries with aggregate queries, which is what the summary tables spare every page;
- the PDF: the same report as an HTML page (same figures, no PDF rendering).
"""

import os
import statistics
import time
from datetime import timedelta

from django.db.models import Sum
from django.test import Client
from django.utils import timezone

from bench.ledgerset import ledger_set
from core.models import User
from ledger.models import Entry

ENTRIES = int(os.environ.get("HONGYI_BENCH_ENTRIES", "10000000"))
PINGSHAN = 600_000  # 17,000 volunteers and about 200,000 entries a year, for three years
ROUNDS = 30
RAW_ROUNDS = 3
COUNTY_OFFICE = "13900000002"  # the demo's 县文明办 login: the whole county in scope
MONTH = {"kind": "month", "year": 2026, "number": 3}


def _median_ms(call, rounds: int = ROUNDS) -> float:
    call()
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _client() -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(mobile=COUNTY_OFFICE))
    return client


def _get(client: Client, path: str, query=None):
    response = client.get(path, query or {})
    assert response.status_code == 200, (path, response.status_code)  # noqa: S101 - sanity
    return response


def _built(entries: int, took: float, reused: bool) -> None:
    count = Entry.objects.count()
    how = "kept from an earlier run, built" if reused else "built"
    print(f"  ({count:,} entries, {how} in {took:.0f} s: {count / took:,.0f} entries/s)")


def _raw_figures() -> dict:
    """The dashboard's ledger figures straight from the entries (the baseline)."""
    today = timezone.localdate()
    entries = Entry.objects.all()
    active = entries.filter(service_date__gte=(today - timedelta(days=90)).replace(day=1))
    return {
        "total": entries.aggregate(total=Sum("minutes"))["total"],
        "month": entries.filter(service_date__gte=today.replace(day=1)).aggregate(
            total=Sum("minutes")
        )["total"],
        "active": active.values("volunteer").distinct().count(),
        "townships": list(entries.values("township").annotate(total=Sum("minutes"))),
        "stations": list(entries.values("station_key").annotate(total=Sum("minutes"))),
    }


def _county_report_pdf(report, label: str, client: Client) -> None:
    page = _median_ms(lambda: _get(client, "/reports/county/", MONTH), rounds=5)
    pdf = _median_ms(lambda: _get(client, "/reports/county/", {**MONTH, "format": "pdf"}),
                     rounds=3)  # fmt: skip
    report(label, pdf, "ms", page, goal="< 5000 ms")


def _county_report_at_pingshan_scale(report) -> None:
    with ledger_set(PINGSHAN) as (took, reused):
        _built(PINGSHAN, took, reused)
        _county_report_pdf(report, "monthly county report PDF (Pingshan)", _client())


def _statistics_at_scale(report) -> None:
    with ledger_set(ENTRIES) as (took, reused):
        _built(ENTRIES, took, reused)
        client = _client()
        raw = _median_ms(_raw_figures, rounds=RAW_ROUNDS)
        dashboard = _median_ms(lambda: _get(client, "/reports/dashboard/"))
        report(f"dashboard at {ENTRIES:,} entries", dashboard, "ms", raw, goal="< 100 ms")
        summary = _median_ms(lambda: _get(client, "/api/v1/stats/summary"))
        report(f"stats/summary at {ENTRIES:,} entries", summary, "ms", raw, goal="< 100 ms")
        _county_report_pdf(report, f"monthly county report PDF at {ENTRIES:,}", client)


def run(report) -> None:
    _county_report_at_pingshan_scale(report)
    _statistics_at_scale(report)
