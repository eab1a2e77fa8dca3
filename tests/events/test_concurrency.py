"""The last seat, with real threads and connections, on SQLite (WAL) and PostgreSQL."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from events.errors import EventError
from events.models import SignUp
from events.services import shift_cancel, shift_sign_up

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def in_parallel(tasks) -> list:
    barrier = threading.Barrier(len(tasks))

    def run(task):
        barrier.wait()
        try:
            return task()
        except EventError as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(tasks)) as pool:
        return list(pool.map(run, tasks))


def test_the_last_seat_goes_to_exactly_one_of_many_at_once(event, make_shift, make_volunteer):
    shift = make_shift(event, needed=3)
    first = make_volunteer()
    shift_sign_up(shift=shift, user=first)
    shift_sign_up(shift=shift, user=make_volunteer())
    racers = [make_volunteer() for _ in range(8)]
    results = in_parallel(
        [lambda user=user: shift_sign_up(shift=shift, user=user) for user in racers]
    )
    assert not [r for r in results if isinstance(r, Exception)]
    statuses = [r.status for r in results]
    assert statuses.count(SignUp.Status.CONFIRMED) == 1
    assert statuses.count(SignUp.Status.WAITLISTED) == 7
    assert SignUp.objects.filter(status=SignUp.Status.CONFIRMED).count() == 3


def test_cancellations_at_once_promote_exactly_as_many_as_left(event, make_shift, make_volunteer):
    shift = make_shift(event, needed=2)
    seated = [make_volunteer() for _ in range(2)]
    waiting = [make_volunteer() for _ in range(4)]
    for user in seated + waiting:
        shift_sign_up(shift=shift, user=user)
    signups = {s.volunteer_id: s for s in SignUp.objects.all()}
    in_parallel([lambda u=u: shift_cancel(signup=signups[u.pk], user=u) for u in seated])
    confirmed = SignUp.objects.filter(status=SignUp.Status.CONFIRMED)
    assert sorted(confirmed.values_list("volunteer_id", flat=True)) == [u.pk for u in waiting[:2]]


def test_the_same_volunteer_twice_at_once_gets_one_seat(event, shift, volunteer):
    results = in_parallel([lambda: shift_sign_up(shift=shift, user=volunteer)] * 4)
    refused = [r for r in results if isinstance(r, EventError)]
    assert {e.code for e in refused} == {"already_signed_up"}
    assert len(refused) == 3
    assert SignUp.objects.count() == 1
