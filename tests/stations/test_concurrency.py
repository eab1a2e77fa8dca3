"""Races with real threads and connections, on SQLite (file, WAL) and PostgreSQL."""

import random
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from core.roles import Role
from stations.errors import StationError
from stations.models import OfflineScan, Session
from stations.services import batch_sync, kiosk_create, kiosk_pair, session_check_in
from stations.services.kiosks import ScanItem
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREADS = 40  # connections; PostgreSQL's default limit is 100


def fire(task, times: int) -> list:
    """Run ``task`` ``times`` times from THREADS threads released together."""
    barrier = threading.Barrier(THREADS)
    per_thread = times // THREADS

    def run(_):
        barrier.wait()
        outcomes = []
        try:
            for _n in range(per_thread):
                try:
                    outcomes.append(task())
                except StationError as error:
                    outcomes.append(error)
        finally:
            connection.close()
        return outcomes

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return [o for chunk in pool.map(run, range(THREADS)) for o in chunk]


def test_200_simultaneous_scans_leave_one_open_session(station, pingshan):
    def scan():
        return session_check_in(volunteer=pingshan.volunteer, station_id=station.pk, via="poster")

    outcomes = fire(scan, 200)
    assert len(outcomes) == 200
    opened = [o for o in outcomes if isinstance(o, Session)]
    refused = [o for o in outcomes if isinstance(o, StationError)]
    assert len(opened) == 1
    assert {error.code for error in refused} == {"already_checked_in"}
    assert Session.objects.filter(status="open").count() == 1


def test_200_simultaneous_scans_of_a_remembered_poster_leave_one_open_session(
    station, poster, pingshan
):
    """The same race through the INSERT that checks the poster again (API scans)."""

    def scan():
        return session_check_in(
            volunteer=pingshan.volunteer, station_id=station.pk, via="poster", poster=poster.pk
        )

    outcomes = fire(scan, 200)
    assert len([o for o in outcomes if isinstance(o, Session)]) == 1
    assert {o.code for o in outcomes if isinstance(o, StationError)} == {"already_checked_in"}
    assert Session.objects.filter(status="open").count() == 1


def sessions_snapshot() -> list:
    return sorted(
        Session.objects.values_list(
            "volunteer__mobile", "status", "started_at", "ended_at", "minutes"
        )
    )


def test_replaying_an_offline_batch_three_times_shuffled_gives_the_same_sessions(
    station, pingshan, cards
):
    kiosk, code = kiosk_create(station=station, name="平板", actor=pingshan.manager)
    kiosk, _token = kiosk_pair(code=code)
    people = [UserFactory.with_role(Role.VOLUNTEER) for _ in range(20)]
    secrets = [cards.issue(person) for person in people]
    start = timezone.now() - timedelta(days=3)
    rng = random.Random(5)  # noqa: S311 - a repeatable test order, not a secret
    items = [
        ScanItem(
            uuid=uuid.UUID(int=rng.getrandbits(128)),
            card=secrets[n % 20] if n % 97 else "unknown-card",
            scanned_at=start + timedelta(minutes=7 * n + rng.randint(0, 5)),
        )
        for n in range(1000)
    ]
    first = batch_sync(kiosk=kiosk, items=items)
    assert {r.status for r in first} == {"applied", "rejected"}
    snapshot = sessions_snapshot()
    assert len(snapshot) > 400
    for _replay in range(3):
        rng.shuffle(items)
        again = batch_sync(kiosk=kiosk, items=items)
        assert {r.status for r in again} == {"duplicate"}
        assert sessions_snapshot() == snapshot
    assert OfflineScan.objects.count() == 1000
