"""Two volunteers claiming at the same moment, with real threads and connections, on
SQLite (file, WAL) and PostgreSQL: exactly one becomes the assignee."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from tests.volunteers.factories import VolunteerFactory
from wishes.errors import WishError
from wishes.models import Status, Wish, WishEvent
from wishes.services import wish_accept, wish_claim

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def race(wish, people) -> list:
    barrier = threading.Barrier(len(people))

    def claim(person):
        barrier.wait()
        try:
            return wish_claim(wish=wish, user=person)
        except WishError as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(people)) as pool:
        return list(pool.map(claim, people))


@pytest.mark.parametrize("claimants", [2, 12])
def test_simultaneous_claims_give_exactly_one_assignee(file, pingshan, claimants):
    wish = file()
    wish_accept(wish=wish, actor=pingshan.manager)
    people = [VolunteerFactory(township=pingshan.xibaipo).user for _ in range(claimants)]
    outcomes = race(wish, people)
    winners = [o for o in outcomes if isinstance(o, Wish)]
    refused = [o for o in outcomes if isinstance(o, WishError)]
    assert len(winners) == 1
    assert {error.code for error in refused} == {"already_claimed"}
    wish.refresh_from_db()
    assert wish.status == Status.ASSIGNED
    assert wish.assignee == winners[0].assignee
    assert WishEvent.objects.filter(wish=wish, action="claimed").count() == 1
