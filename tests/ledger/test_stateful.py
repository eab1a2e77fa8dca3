"""Random claims, approvals, adjustments, reversals and disputes; after every step the
ledger's invariants hold."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from ledger.errors import LedgerError
from ledger.models import Balance, Claim, Dispute, Entry
from ledger.services import (
    claim_approve,
    claim_reject,
    dispute_accept,
    dispute_open,
    dispute_reject,
    entry_correct,
    entry_reverse,
)
from tests.ledger.helpers import (
    rebuilt_balances,
    rebuilt_summaries,
    stored_balances,
    stored_summaries,
    verify,
)

pytestmark = pytest.mark.django_db

minutes = st.integers(min_value=0, max_value=900)
days = st.integers(min_value=0, max_value=60)
picks = st.integers(min_value=0, max_value=10_000)


class LedgerMachine(RuleBasedStateMachine):
    world = None  # set by the test: the pingshan fixture, the units and submit

    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.volunteers = [self.world.pingshan.volunteer, self.world.pingshan.leader]
        self.source = 0

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def _pick(self, queryset, index):
        rows = list(queryset.order_by("pk"))
        return rows[index % len(rows)] if rows else None

    @rule(who=picks, amount=minutes, day=days, where=picks)
    def submit(self, who, amount, day, where):
        self.source += 1
        self.world.submit(
            amount,
            volunteer=self.volunteers[who % 2],
            on=date(2026, 9, 1) + timedelta(days=day),
            unit=self.world.units[where % 2],
            source_key=f"machine:{self.source}",
        )

    @precondition(lambda self: Claim.objects.filter(status="pending").exists())
    @rule(index=picks, adjust=st.none() | st.integers(min_value=1, max_value=900))
    def approve(self, index, adjust):
        claim = self._pick(Claim.objects.filter(status="pending"), index)
        manager = claim.unit.managers.get()
        claim_approve(claim=claim, actor=manager, minutes=adjust, reason="核定")

    @precondition(lambda self: Claim.objects.filter(status="pending").exists())
    @rule(index=picks)
    def reject(self, index):
        claim = self._pick(Claim.objects.filter(status="pending"), index)
        claim_reject(claim=claim, actor=self.world.pingshan.county_office, reason="不符")

    @precondition(lambda self: Entry.objects.exists())
    @rule(index=picks, amount=st.none() | minutes)
    def reverse_or_correct(self, index, amount):
        entry = self._pick(Entry.objects.all(), index)
        actor = self.world.pingshan.county_office
        try:
            if amount is None:
                entry_reverse(entry=entry, actor=actor, reason="撤销")
            else:
                entry_correct(entry=entry, actor=actor, minutes=amount, reason="更正")
        except LedgerError as error:
            expected = error.code in {"already_reversed", "is_reversal"}
            assert expected, error.code  # noqa: PT017 - a rule may meet a refusal it expects

    @precondition(lambda self: Entry.objects.filter(reverses=None).exists())
    @rule(index=picks, amount=minutes, accept=st.booleans())
    def dispute(self, index, amount, accept):
        entry = self._pick(Entry.objects.filter(reverses=None), index)
        volunteer = entry.volunteer
        try:
            dispute = dispute_open(
                volunteer=volunteer,
                kind=Dispute.Kind.ERROR,
                entry=entry,
                minutes=amount,
                description="时长记错了",
            )
        except LedgerError as error:
            expected = error.code == "already_reversed"
            assert expected, error.code  # noqa: PT017 - a rule may meet a refusal it expects
            return
        answer = dispute_accept if accept else dispute_reject
        answer(dispute=dispute, actor=self.world.pingshan.county_office, reason="已核实")

    @invariant()
    def balances_equal_their_entries(self):
        assert stored_balances() == rebuilt_balances()

    @invariant()
    def summaries_equal_a_rebuild(self):
        assert stored_summaries() == rebuilt_summaries()

    @invariant()
    def no_balance_is_negative(self):
        assert not Balance.objects.filter(service_minutes__lt=0).exists()

    @invariant()
    def the_chain_verifies(self):
        code, said = verify()
        assert code == 0, said


def test_the_ledger_keeps_its_invariants_under_random_operations(
    pingshan, unit, other_unit, submit
):
    other_unit.managers.set([pingshan.other_manager])
    LedgerMachine.world = type(
        "World", (), {"pingshan": pingshan, "units": [unit, other_unit], "submit": submit}
    )
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=25,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
