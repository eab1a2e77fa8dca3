"""The rewards catalogue, redemptions with pick-up codes, cancelling, collecting, expiry."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from exchange import selectors
from exchange.errors import ExchangeError
from exchange.models import PointsEntry, PointsKind, PointsMonth, Redemption
from exchange.services import (
    points_grant,
    redemption_cancel,
    redemption_collect,
    redemptions_expire,
    reward_create,
    reward_redeem,
    reward_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich(member, pingshan):
    """The 西柏坡 member with 250 points (a bonus)."""
    points_grant(volunteer=member.user, points=250, reason="测试", actor=pingshan.county_office)
    return member.user


def test_redeeming_spends_the_points_takes_one_from_stock_and_gives_a_code(rich, reward):
    redemption = reward_redeem(reward=reward, volunteer=rich)
    reward.refresh_from_db()
    assert reward.stock == 1
    assert selectors.points_of(rich) == 150
    assert redemption.status == Redemption.Status.RESERVED
    assert len(redemption.code) == 10
    assert not set(redemption.code) & set("01ilo")  # pretix's unambiguous alphabet
    spend = PointsEntry.objects.get(kind=PointsKind.SPEND)
    assert (spend.points, spend.redemption) == (-100, redemption)


def test_more_than_the_balance_is_refused_with_its_code(member, reward):
    with pytest.raises(ExchangeError) as refused:
        reward_redeem(reward=reward, volunteer=member.user)
    assert refused.value.code == "insufficient_points"
    assert "需要 100 积分，您有 0 积分" in str(refused.value.message)
    reward.refresh_from_db()
    assert reward.stock == 2
    assert not Redemption.objects.exists()


def test_more_than_the_stock_is_refused_with_its_code(rich, reward, pingshan):
    reward_update(reward=reward, actor=pingshan.township_office, stock=0)
    with pytest.raises(ExchangeError) as refused:
        reward_redeem(reward=reward, volunteer=rich)
    assert refused.value.code == "out_of_stock"
    assert selectors.points_of(rich) == 250


def test_a_reward_of_another_township_cannot_be_redeemed(rich, pingshan):
    elsewhere = reward_create(
        actor=pingshan.other_township_office,
        township=pingshan.wentang,
        name="温塘茶叶",
        points=10,
        stock=5,
        place="温塘镇文明实践所",
    )
    with pytest.raises(ExchangeError) as refused:
        reward_redeem(reward=elsewhere, volunteer=rich)
    assert refused.value.code == "not_offered"


def test_the_county_catalogue_is_offered_to_every_volunteer(rich, county_reward):
    assert county_reward in selectors.rewards_for(rich)
    reward_redeem(reward=county_reward, volunteer=rich)
    assert selectors.points_of(rich) == 200


def test_a_township_office_manages_only_its_own_catalogue(pingshan, reward):
    with pytest.raises(PermissionDenied):
        reward_update(reward=reward, actor=pingshan.other_township_office, stock=50)
    with pytest.raises(PermissionDenied):
        reward_create(
            actor=pingshan.township_office,
            township=pingshan.wentang,
            name="x",
            points=1,
            stock=1,
            place="x",
        )
    assert list(selectors.rewards_managed_by(pingshan.township_office)) == [reward]
    assert list(selectors.rewards_managed_by(pingshan.other_township_office)) == []


def test_the_station_manager_scans_the_code_and_hands_the_item_over(rich, reward, pingshan):
    redemption = reward_redeem(reward=reward, volunteer=rich)
    code = f"  {redemption.code[:5].upper()}-{redemption.code[5:]} "  # typed as read aloud
    collected = redemption_collect(code=code, actor=pingshan.manager)
    assert (collected.status, collected.collected_by) == ("collected", pingshan.manager)
    with pytest.raises(ExchangeError) as again:
        redemption_collect(code=redemption.code, actor=pingshan.manager)
    assert again.value.code == "not_reserved"


def test_another_station_manager_cannot_collect(rich, reward, pingshan):
    redemption = reward_redeem(reward=reward, volunteer=rich)
    with pytest.raises(ExchangeError) as refused:
        redemption_collect(code=redemption.code, actor=pingshan.other_manager)
    assert refused.value.code == "not_allowed"
    assert "西柏坡纪念馆红色驿站服务台" in str(refused.value.message)


def test_an_unknown_code_is_refused(pingshan):
    with pytest.raises(ExchangeError) as refused:
        redemption_collect(code="zzzzzzzzzz", actor=pingshan.manager)
    assert refused.value.code == "unknown_code"


def test_cancelling_returns_points_and_stock(rich, reward):
    redemption = reward_redeem(reward=reward, volunteer=rich)
    redemption_cancel(redemption=redemption, actor=rich)
    reward.refresh_from_db()
    assert (reward.stock, selectors.points_of(rich)) == (2, 250)
    assert PointsEntry.objects.filter(kind=PointsKind.REFUND, points=100).exists()
    month = PointsMonth.objects.get()
    assert (month.issued, month.redeemed) == (250, 0)


def test_someone_else_cannot_cancel_a_volunteers_redemption(rich, reward, pingshan):
    redemption = reward_redeem(reward=reward, volunteer=rich)
    with pytest.raises(PermissionDenied):
        redemption_cancel(redemption=redemption, actor=pingshan.volunteer)
    redemption_cancel(redemption=redemption, actor=pingshan.township_office, reason="停发")
    assert Redemption.objects.get().cancel_reason == "停发"


def test_an_uncollected_redemption_expires_with_its_points_back(rich, reward, pingshan):
    redemption = reward_redeem(reward=reward, volunteer=rich)
    later = timezone.now() + timedelta(days=31)
    with pytest.raises(ExchangeError) as refused:
        redemption_collect(code=redemption.code, actor=pingshan.manager, now=later)
    assert refused.value.code == "expired"
    assert redemptions_expire(now=later) == 1
    assert selectors.points_of(rich) == 250
    assert Redemption.objects.get().status == "cancelled"


def test_points_issued_and_redeemed_are_counted_by_township_and_month(rich, reward):
    reward_redeem(reward=reward, volunteer=rich)
    month = PointsMonth.objects.get()
    assert (month.township_id, month.issued, month.redeemed) == (reward.township_id, 250, 100)
    assert selectors.points_totals() == {"issued": 250, "redeemed": 100}
