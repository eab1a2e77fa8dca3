"""Simultaneous redemptions with real threads and connections, on SQLite and PostgreSQL."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from exchange import selectors
from exchange.errors import ExchangeError
from exchange.models import PointsEntry, Redemption, Reward
from exchange.services import points_grant, reward_redeem
from tests.volunteers.factories import VolunteerFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
THREADS = 20


def at_once(tasks) -> list:
    """Run each task from its own thread, all released together; results or refusals."""
    barrier = threading.Barrier(len(tasks))

    def run(task):
        barrier.wait()
        try:
            return task()
        except ExchangeError as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(tasks)) as pool:
        return list(pool.map(run, tasks))


def test_twenty_volunteers_redeeming_five_items_at_once_get_five(pingshan):
    reward = Reward.objects.create(
        township=pingshan.xibaipo, name="纪念徽章", points=10, stock=5, place="驿站服务台"
    )
    people = [VolunteerFactory(township=pingshan.xibaipo).user for _ in range(THREADS)]
    for person in people:
        points_grant(volunteer=person, points=10, reason="测试", actor=pingshan.county_office)
    outcomes = at_once([lambda p=p: reward_redeem(reward=reward, volunteer=p) for p in people])
    won = [o for o in outcomes if isinstance(o, Redemption)]
    refused = [o for o in outcomes if isinstance(o, ExchangeError)]
    assert len(won) == 5
    assert {error.code for error in refused} == {"out_of_stock"}
    reward.refresh_from_db()
    assert reward.stock == 0
    assert Redemption.objects.count() == 5
    assert sum(selectors.points_of(p) for p in people) == 150


def test_one_volunteer_redeeming_twenty_times_at_once_never_overspends(pingshan):
    reward = Reward.objects.create(
        township=pingshan.xibaipo, name="帆布袋", points=30, stock=100, place="驿站服务台"
    )
    person = VolunteerFactory(township=pingshan.xibaipo).user
    points_grant(volunteer=person, points=100, reason="测试", actor=pingshan.county_office)
    outcomes = at_once([lambda: reward_redeem(reward=reward, volunteer=person)] * THREADS)
    assert len([o for o in outcomes if isinstance(o, Redemption)]) == 3
    assert {o.code for o in outcomes if isinstance(o, ExchangeError)} == {"insufficient_points"}
    assert selectors.points_of(person) == 10
    reward.refresh_from_db()
    assert reward.stock == 97
    assert PointsEntry.objects.filter(kind="spend").count() == 3
