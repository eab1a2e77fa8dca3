"""Load: 5,000 volunteers check in within 2 minutes at 20 stations under gunicorn while the
county office reads the dashboard; then check-outs, bulk approvals and ledger_verify.

The scans arrive at a steady pace over the window, a few volunteers double-tap (a second
scan a moment later, which must be refused as already checked in), and two county-office
readers each load the dashboard once a second throughout. Afterwards every open session
is moved three hours back (the afternoon of service passing), everybody checks out, the
20 station managers approve their queues through the API, and the run checks what a
county would ask: one session per volunteer, one ledger entry per session, the same
minutes on both sides, and an intact hash chain. Any miss raises, so the benchmark fails
rather than reporting a figure for a wrong result. ``HONGYI_LOAD_VOLUNTEERS`` and
``HONGYI_LOAD_SECONDS`` shrink it for a quick run.
"""

import json
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from statistics import median

from servers import Client, gunicorn, logged_in_cookies, percentile

VOLUNTEERS = int(os.environ.get("HONGYI_LOAD_VOLUNTEERS", "5000"))
SECONDS = float(os.environ.get("HONGYI_LOAD_SECONDS", "120"))
STATIONS = 20
WARMUP = 100
DOUBLE_TAP_EVERY = 20  # one volunteer in twenty scans twice
THREADS = 48
UNUSABLE = "!"  # Django's mark for an unusable password: nobody logs in by form here
SERVER_ENV = {"HONGYI_SCANS_PER_MINUTE_LIMIT": "1000"}  # a mass event, announced in advance


def run(report) -> None:
    world = _world()
    with gunicorn(workers=4, env=SERVER_ENV) as port:
        client = Client(port)
        warm, alone = world["warmup"][:20], world["warmup"][20:]
        _check_in_all(client, warm, world["tokens"], pace=0, threads=4, label="warm-up")
        _check_in_all(client, alone, world["tokens"], pace=0, threads=1,
                      label="scan, one at a time")  # fmt: skip
        readers = _DashboardReaders(client, world["office"])
        readers.read_for(10)  # the unloaded dashboard: the baseline
        started = time.perf_counter()
        with readers.reading():
            _check_in_all(client, world["volunteers"], world["tokens"], pace=SECONDS / VOLUNTEERS,
                          threads=THREADS, label="scan")  # fmt: skip
        window = time.perf_counter() - started
        _pass_the_afternoon()
        alone = _check_out_all(client, world["warmup"], threads=1, label="check-out, alone")
        together = _check_out_all(client, world["volunteers"], threads=THREADS, label="check-out")
        _approve_all(client, world["managers"])
    _report(report, client, window, (together, alone))
    _verify(len(world["volunteers"]) + len(world["warmup"]))


def _world() -> dict:
    from core.models import Region, User
    from core.roles import Role
    from core.services import role_grant
    from stations.models import ServiceProgram, Station
    from stations.services import poster_ensure

    county = Region.objects.get(code="130131")
    townships = list(Region.objects.filter(parent=county))
    program = ServiceProgram.objects.order_by("pk").first()
    stations, managers = [], []
    for n in range(STATIONS):
        station = Station.objects.create(
            name=f"负载驿站{n}", region=townships[n % len(townships)], default_program=program,
            latitude=Decimal("38.2") + Decimal(n) / 100, longitude=Decimal("114.0"),
        )  # fmt: skip
        station.programs.add(program)
        manager = User.objects.create(mobile=f"1370000{n:04d}", name=f"站长{n}", password=UNUSABLE)
        station.managers.add(manager)
        stations.append(station)
        managers.append(manager)
    office = User.objects.create(mobile="13700009999", name="县文明办", password=UNUSABLE)
    role_grant(user=office, role=Role.COUNTY_OFFICE, region=county)
    users = User.objects.bulk_create(
        User(mobile=f"138{n:08d}", name=f"负载志愿者{n}", password=UNUSABLE)
        for n in range(VOLUNTEERS + WARMUP)
    )
    cookies = logged_in_cookies(users)
    tokens = [(poster_ensure(station=s).secret, s) for s in stations]
    return {"volunteers": cookies[WARMUP:], "warmup": cookies[:WARMUP], "tokens": tokens,
            "managers": logged_in_cookies(managers),
            "office": logged_in_cookies([office])[0]}  # fmt: skip


def _scan_body(token: tuple) -> str:
    secret, station = token
    return json.dumps({"token": secret, "latitude": float(station.latitude),
                       "longitude": float(station.longitude), "accuracy": 30})  # fmt: skip


def _check_in_all(client: Client, cookies, tokens, *, pace: float, threads: int, label: str):
    """Volunteer ``n`` scans at ``n * pace`` seconds, at station ``n mod 20``."""
    start = time.perf_counter()

    def scan(n: int) -> None:
        delay = start + n * pace - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        body = _scan_body(tokens[n % len(tokens)])
        client.request(label, "POST", "/api/v1/stations/scan", cookies[n], body)
        if n % DOUBLE_TAP_EVERY == 0:
            client.request(f"{label} again", "POST", "/api/v1/stations/scan", cookies[n], body)

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(scan, range(len(cookies))))


class _DashboardReaders:
    """Two county-office readers, each loading the dashboard page once a second."""

    def __init__(self, client: Client, cookie: str):
        self.client, self.cookie = client, cookie
        self.stop = threading.Event()

    def read_for(self, seconds: float) -> None:
        until = time.perf_counter() + seconds
        while time.perf_counter() < until:
            self._read("dashboard, unloaded")

    @contextmanager
    def reading(self):
        threads = [threading.Thread(target=self._loop) for _ in range(2)]
        for thread in threads:
            thread.start()
        try:
            yield
        finally:
            self.stop.set()
            for thread in threads:
                thread.join()

    def _loop(self) -> None:
        while not self.stop.wait(timeout=1.0):
            self._read("dashboard, under load")

    def _read(self, label: str) -> None:
        self.client.request(label, "GET", "/reports/dashboard/", self.cookie)


def _pass_the_afternoon() -> None:
    """Three hours of service pass: open sessions started three hours earlier."""
    from django.db.models import F

    from stations.models import Session

    Session.objects.filter(status=Session.Status.OPEN).update(
        started_at=F("started_at") - timedelta(hours=3)
    )


def _check_out_all(client: Client, cookies: list[str], *, threads: int, label: str) -> float:
    """Everybody checks out as fast as ``threads`` clients can: check-outs per second."""

    def check_out(cookie: str) -> None:
        client.request(label, "POST", "/api/v1/stations/checkout", cookie)

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(check_out, cookies))
    return len(cookies) / (time.perf_counter() - started)


def _approve_all(client: Client, managers: list[str]) -> None:
    """Each manager approves the whole queue, a page of 500 at a time, all at once."""

    def approve(cookie: str) -> None:
        while True:
            status, body = client.request(
                "pending", "GET", "/api/v1/ledger/claims/pending?limit=500", cookie
            )
            ids = [claim["id"] for claim in json.loads(body)["items"]] if status == 200 else []
            if not ids:
                return
            client.request("approve 500", "POST", "/api/v1/ledger/claims/approve", cookie,
                           json.dumps({"claim_ids": ids}))  # fmt: skip

    with ThreadPoolExecutor(len(managers)) as pool:
        list(pool.map(approve, managers))


def _report(report, client: Client, window: float, check_out_rates: tuple) -> None:
    lat, st = client.latencies, client.statuses
    print(f"  statuses: {st}")
    print(f"  {len(lat['scan']):,} scans in {window:.0f} s; dashboard loaded "
          f"{len(lat['dashboard, under load'])} times while scanning")  # fmt: skip
    report(f"load: {VOLUNTEERS:,} check-ins in {SECONDS:.0f} s, p99", percentile(lat["scan"], 0.99),
           "ms", percentile(lat["scan, one at a time"], 0.99), "< 500 ms")  # fmt: skip
    report("load: dashboard median while scanning", median(lat["dashboard, under load"]), "ms",
           median(lat["dashboard, unloaded"]), "< 500 ms")  # fmt: skip
    together, alone = check_out_rates
    report(f"load: check-outs, {THREADS} at a time", together, "per s", alone)
    _require(st["scan"] == {201: VOLUNTEERS}, f"scans answered {st['scan']}")
    _require(set(st.get("scan again", {409: 0})) == {409}, f"double taps: {st['scan again']}")
    for label in ("check-out", "check-out, alone", "dashboard, under load", "dashboard, unloaded"):
        _require(set(st[label]) == {200}, f"{label} answered {st[label]}")


def _verify(people: int) -> None:
    """One closed session per volunteer, one entry per session, equal minutes, chain intact."""
    from django.core.management import call_command
    from django.db.models import Count, Sum

    from ledger.models import Entry
    from stations.models import Session

    per_person = Session.objects.values("volunteer").annotate(n=Count("pk"))
    _require(per_person.count() == people, f"{per_person.count()} volunteers have sessions")
    _require(not per_person.exclude(n=1).exists(), "someone has more than one session")
    _require(not Session.objects.exclude(status=Session.Status.CLOSED).exists(), "open sessions")
    minutes = Session.objects.aggregate(total=Sum("minutes"))["total"]
    credited = Entry.objects.aggregate(total=Sum("minutes"), n=Count("pk"))
    _require(credited["n"] == people, f"{credited['n']} ledger entries for {people} sessions")
    _require(credited["total"] == minutes, f"ledger {credited['total']} min, sessions {minutes}")
    call_command("ledger_verify")  # raises CommandError on a broken chain
    print(f"  verified: {people:,} sessions, {people:,} entries, {minutes:,} minutes, chain intact")


def _require(condition: bool, problem: str) -> None:
    if not condition:
        raise RuntimeError(f"load test: {problem}")
