"""Points earned from confirmed hours, bonuses, reversals, the chain and the figures."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from exchange import selectors
from exchange.chain import CHAIN
from exchange.errors import ExchangeError
from exchange.models import PointsBalance, PointsEntry, PointsKind, PointsMonth
from exchange.services import points_accrue, points_grant, points_rebuild, points_reverse
from ledger.models import Kind
from ledger.services import entry_correct, entry_reverse

pytestmark = pytest.mark.django_db


def figures():
    balances = set(
        PointsBalance.objects.values_list("volunteer_id", "points", "issued", "redeemed")
    )
    months = set(PointsMonth.objects.values_list("township_id", "month", "issued", "redeemed"))
    return balances, months


def test_two_hours_of_service_earn_twenty_points_at_the_default_rate(serve, member):
    serve(120, user=member.user)
    entry = PointsEntry.objects.get()
    assert (entry.kind, entry.points, entry.rate) == (PointsKind.EARN, 20, 10)
    assert selectors.points_of(member.user) == 20
    assert entry.note == "驿站讲解服务"
    assert entry.on == date(2026, 10, 8)


def test_accrual_twice_earns_once(serve, member):
    serve(120, user=member.user)
    assert points_accrue() == 0
    assert PointsEntry.objects.count() == 1


def test_a_program_rate_and_the_wish_rate_come_from_the_settings(serve, member, settings):
    settings.HONGYI_POINTS_PROGRAM_RATES = {"program:guide": 30}
    settings.HONGYI_POINTS_WISH_RATE = 60
    serve(60, user=member.user)
    serve(60, user=member.user, kind=Kind.WISH)
    rates = sorted(PointsEntry.objects.values_list("rate", "points"))
    assert rates == [(30, 30), (60, 60)]


def test_minutes_round_down_and_nothing_is_posted_for_zero_points(serve, member):
    serve(95, user=member.user)  # 15.8 points
    assert selectors.points_of(member.user) == 15
    serve(5, user=member.user, kind="award")  # 0.8 points: nothing
    assert PointsEntry.objects.count() == 1


def test_an_hours_reversal_posts_the_counter_entry(serve, member, pingshan):
    entry = serve(120, user=member.user)
    entry_reverse(entry=entry, actor=pingshan.manager, reason="重复记录")
    points_accrue()
    kinds = list(PointsEntry.objects.order_by("seq").values_list("kind", "points"))
    assert kinds == [(PointsKind.EARN, 20), (PointsKind.REVERSAL, -20)]
    assert selectors.points_of(member.user) == 0


def test_a_correction_earns_at_the_rate_of_the_entry_it_corrects(serve, member, pingshan, settings):
    settings.HONGYI_POINTS_PROGRAM_RATES = {"program:guide": 30}
    entry = serve(120, user=member.user)
    settings.HONGYI_POINTS_PROGRAM_RATES = {}
    entry_correct(entry=entry, actor=pingshan.manager, minutes=60, reason="实际一小时")
    points_accrue()
    assert selectors.points_of(member.user) == 30
    assert PointsEntry.objects.order_by("seq").last().rate == 30


def test_an_entry_and_its_reversal_in_one_chunk_net_to_nothing(serve, member, pingshan):
    entry = serve(120, user=member.user, accrue=False)
    entry_reverse(entry=entry, actor=pingshan.manager, reason="误录")
    points_accrue()
    assert selectors.points_of(member.user) == 0
    assert PointsEntry.objects.count() == 2


def test_hours_before_the_start_date_earn_nothing(serve, member, settings):
    settings.HONGYI_POINTS_SINCE = date(2026, 10, 9)
    serve(120, user=member.user, on=date(2026, 10, 8))
    serve(120, user=member.user, on=date(2026, 10, 9))
    assert selectors.points_of(member.user) == 20


def test_the_county_grants_a_bonus_with_a_reason(member, pingshan):
    entry = points_grant(
        volunteer=member.user, points=50, reason="年度优秀志愿者", actor=pingshan.county_office
    )
    assert (entry.kind, entry.points, entry.reason) == (PointsKind.BONUS, 50, "年度优秀志愿者")
    assert entry.township == pingshan.xibaipo


@pytest.mark.parametrize("who", ["township_office", "manager", "admin"])
def test_only_the_county_office_grants_bonuses(member, pingshan, who):
    with pytest.raises(PermissionDenied):
        points_grant(volunteer=member.user, points=5, reason="x", actor=getattr(pingshan, who))
    assert not PointsEntry.objects.exists()


def test_a_bonus_needs_a_reason_and_sensible_points(member, pingshan):
    with pytest.raises(ExchangeError) as refused:
        points_grant(volunteer=member.user, points=5, reason=" ", actor=pingshan.county_office)
    assert refused.value.code == "reason_required"
    with pytest.raises(ExchangeError) as refused:
        points_grant(volunteer=member.user, points=0, reason="x", actor=pingshan.county_office)
    assert refused.value.code == "points_invalid"


def test_a_bonus_is_reversed_once_by_a_counter_entry(member, pingshan):
    bonus = points_grant(
        volunteer=member.user, points=50, reason="表彰", actor=pingshan.county_office
    )
    points_reverse(entry=bonus, reason="发错人", actor=pingshan.county_office)
    with pytest.raises(ExchangeError) as refused:
        points_reverse(entry=bonus, reason="再来", actor=pingshan.county_office)
    assert refused.value.code == "already_reversed"
    assert selectors.points_of(member.user) == 0
    bonus.refresh_from_db()
    assert bonus.points == 50  # the entry itself never changes


def test_the_chain_verifies_and_figures_rebuild_the_same(serve, member, pingshan):
    entry = serve(120, user=member.user)
    serve(200, user=pingshan.volunteer)
    entry_reverse(entry=entry, actor=pingshan.manager, reason="误录")
    points_accrue()
    points_grant(volunteer=member.user, points=7, reason="x", actor=pingshan.county_office)
    assert CHAIN.first_break(PointsEntry.objects.order_by("seq")) is None
    before = figures()
    points_rebuild()
    assert figures() == before


def test_a_changed_points_entry_breaks_the_chain(serve, member):
    serve(120, user=member.user)
    entry = PointsEntry.objects.get()
    entry.points = 2000
    assert CHAIN.first_break([entry]) == (1, "its content does not match its hash")


def test_points_entries_cannot_be_changed_even_with_raw_sql(serve, member):
    from django.db import DatabaseError, connection, transaction

    serve(120, user=member.user)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE exchange_pointsentry SET points = 999")
    assert PointsEntry.objects.get().points == 20
