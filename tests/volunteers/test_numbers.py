import threading

import pytest
from django.conf import settings
from django.db import connection, transaction

from volunteers.services import volunteer_numbers_allocate

ON_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


@pytest.mark.django_db
def test_a_block_of_numbers_is_contiguous_and_zero_padded():
    with transaction.atomic():
        first = volunteer_numbers_allocate(year=2026, count=2)
        second = volunteer_numbers_allocate(year=2026, count=3)
    assert first == ["130131-2026-000001", "130131-2026-000002"]
    assert second[0] == "130131-2026-000003"
    assert volunteer_numbers_allocate(year=2027, count=1) == ["130131-2027-000001"]


@pytest.mark.skipif(
    ON_SQLITE,
    reason="the in-memory test database shares one cache between threads; SQLite writers "
    "queue on BEGIN IMMEDIATE, which tests/config/test_sqlite.py proves",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_activations_never_share_a_number():
    numbers, errors = [], []

    def take():
        try:
            for _ in range(10):
                with transaction.atomic():
                    numbers.extend(volunteer_numbers_allocate(year=2026, count=1))
        except Exception as exc:  # noqa: BLE001 - the test reports whatever went wrong
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == [f"130131-2026-{n:06d}" for n in range(1, 61)]
