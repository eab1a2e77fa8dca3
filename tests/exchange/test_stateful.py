"""Random earning, bonuses, reversals, redemptions, cancellations and pick-ups: after every
step each balance is the sum of its entries, no stock is below zero, every item is either
in stock or redeemed, and the points chain verifies."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from exchange.chain import CHAIN
from exchange.errors import ExchangeError
from exchange.models import PointsBalance, PointsEntry, PointsKind, PointsMonth, Redemption, Reward
from exchange.services import (
    points_accrue,
    points_grant,
    points_rebuild,
    points_reverse,
    redemption_cancel,
    redemption_collect,
    reward_redeem,
)
from ledger.errors import LedgerError
from ledger.models import Entry
from ledger.services import claim_approve, entry_reverse

pytestmark = pytest.mark.django_db
picks = st.integers(min_value=0, max_value=10_000)
STOCK = {"帆布袋": 3, "徽章": 1}


class PointsMachine(RuleBasedStateMachine):
    world = None  # set by the test

    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.people = [m.user for m in self.world.members]
        self.rewards = [
            Reward.objects.create(
                township=self.world.township,
                name=name,
                points=price,
                stock=stock,
                station=self.world.station,
                place="服务台",
            )
            for (name, stock), price in zip(STOCK.items(), (60, 150), strict=True)
        ]
        self.source = 0

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def _pick(self, queryset, index):
        rows = list(queryset.order_by("pk"))
        return rows[index % len(rows)] if rows else None

    @rule(
        who=picks,
        minutes=st.integers(min_value=0, max_value=900),
        day=st.integers(min_value=0, max_value=90),
    )
    def earn(self, who, minutes, day):
        self.source += 1
        claim = self.world.submit(
            minutes,
            volunteer=self.people[who % 2],
            on=date(2026, 8, 1) + timedelta(days=day),
            source_key=f"machine:{self.source}",
        )
        if claim.status == "pending":
            claim_approve(claim=claim, actor=self.world.pingshan.manager)
        points_accrue()

    @rule(who=picks, points=st.integers(min_value=1, max_value=300))
    def bonus(self, who, points):
        points_grant(
            volunteer=self.people[who % 2],
            points=points,
            reason="表彰",
            actor=self.world.pingshan.county_office,
        )

    @precondition(lambda self: PointsEntry.objects.filter(kind__in=["earn", "bonus"]).exists())
    @rule(index=picks)
    def reverse_points(self, index):
        entry = self._pick(PointsEntry.objects.filter(kind__in=["earn", "bonus"]), index)
        try:
            points_reverse(entry=entry, reason="撤销", actor=self.world.pingshan.county_office)
        except ExchangeError as error:
            assert error.code == "already_reversed"  # noqa: PT017 - an expected refusal

    @precondition(lambda self: Entry.objects.filter(reverses=None).exists())
    @rule(index=picks)
    def reverse_hours(self, index):
        entry = self._pick(Entry.objects.filter(reverses=None), index)
        try:
            entry_reverse(entry=entry, actor=self.world.pingshan.manager, reason="撤销")
        except LedgerError as error:
            assert error.code == "already_reversed"  # noqa: PT017 - an expected refusal
        points_accrue()

    @rule(who=picks, which=picks)
    def redeem(self, who, which):
        try:
            reward_redeem(reward=self.rewards[which % 2], volunteer=self.people[who % 2])
        except ExchangeError as error:
            assert error.code in {"insufficient_points", "out_of_stock"}  # noqa: PT017

    @precondition(lambda self: Redemption.objects.filter(status="reserved").exists())
    @rule(index=picks, collect=st.booleans())
    def settle(self, index, collect):
        redemption = self._pick(Redemption.objects.filter(status="reserved"), index)
        if collect:
            redemption_collect(code=redemption.code, actor=self.world.pingshan.manager)
        else:
            redemption_cancel(redemption=redemption, actor=redemption.volunteer)

    @invariant()
    def each_balance_is_the_sum_of_its_entries(self):
        sums = dict(
            PointsEntry.objects.values("volunteer")
            .annotate(total=Sum("points"))
            .values_list("volunteer", "total")
        )
        stored = dict(PointsBalance.objects.values_list("volunteer", "points"))
        assert stored == sums

    @invariant()
    def stock_never_goes_negative_and_items_are_accounted_for(self):
        for reward in Reward.objects.all():
            assert reward.stock >= 0
            taken = reward.redemptions.exclude(status="cancelled").count()
            assert reward.stock + taken == STOCK[reward.name]

    @invariant()
    def no_spend_exceeded_the_balance_before_it(self):
        for entry in PointsEntry.objects.filter(kind=PointsKind.SPEND):
            before = PointsEntry.objects.filter(volunteer=entry.volunteer, seq__lt=entry.seq)
            assert (before.aggregate(total=Sum("points"))["total"] or 0) >= -entry.points

    @invariant()
    def the_chain_verifies_and_the_figures_rebuild(self):
        assert CHAIN.first_break(PointsEntry.objects.order_by("seq")) is None
        months = set(PointsMonth.objects.values_list("township", "month", "issued", "redeemed"))
        points_rebuild()
        assert (
            set(PointsMonth.objects.values_list("township", "month", "issued", "redeemed"))
            == months
        )


def test_points_keep_their_invariants_under_random_operations(pingshan, submit):
    from hypothesis.stateful import run_state_machine_as_test

    from tests.volunteers.factories import VolunteerFactory

    members = [VolunteerFactory(township=pingshan.xibaipo) for _ in range(2)]
    PointsMachine.world = type(
        "World",
        (),
        {
            "pingshan": pingshan,
            "submit": submit,
            "members": members,
            "township": pingshan.xibaipo,
            "station": pingshan.station,
        },
    )
    run_state_machine_as_test(
        PointsMachine,
        settings=settings(
            max_examples=25,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
