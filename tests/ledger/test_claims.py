from datetime import date

import pytest

from core.models import AuditEntry
from ledger.errors import LedgerError
from ledger.models import Balance, Claim, Entry
from ledger.selectors import volunteer_balance
from ledger.services import claim_approve, claim_reject, claims_approve

pytestmark = pytest.mark.django_db


def test_a_submitted_claim_waits_and_credits_nothing_yet(submit, pingshan):
    claim = submit(150)
    assert claim.status == Claim.Status.PENDING
    assert claim.person_in_charge == "赵站长"  # from the unit, when the feed gives none
    assert claim.township == pingshan.xibaipo
    assert volunteer_balance(pingshan.volunteer).service_minutes == 0


def test_the_same_source_twice_is_one_claim(submit):
    first = submit(90, source_key="station-session:7")
    second = submit(600, source_key="station-session:7")
    assert second.pk == first.pk
    assert Claim.objects.get().minutes == 90


def test_approval_posts_the_entry_and_grows_the_balance(submit, pingshan):
    claim = submit(150)
    entry = claim_approve(claim=claim, actor=pingshan.manager)
    assert entry.minutes == 150
    assert entry.approved_by == pingshan.manager
    assert entry.source_key == claim.source_key
    assert (entry.activity, entry.place, entry.person_in_charge) == (
        "驿站讲解服务", "西柏坡纪念馆", "赵站长",
    )  # fmt: skip
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED
    balance = volunteer_balance(pingshan.volunteer)
    assert (balance.service_minutes, balance.hours, balance.entry_count) == (150, "2.5", 1)


def test_adjusting_minutes_needs_a_reason_and_is_audited(submit, pingshan):
    claim = submit(150)
    with pytest.raises(LedgerError) as refused:
        claim_approve(claim=claim, actor=pingshan.manager, minutes=100)
    assert refused.value.code == "reason_required"
    assert not Entry.objects.exists()
    claim_approve(claim=claim, actor=pingshan.manager, minutes=100, reason="含路途时间50分钟")
    assert Entry.objects.get().minutes == 100
    assert Claim.objects.get().minutes == 150  # the claim keeps what was claimed
    audit = AuditEntry.objects.get(action="claim.adjust")
    assert audit.data["credited"] == 100


def test_a_claim_is_decided_once(submit, pingshan):
    claim = submit()
    claim_approve(claim=claim, actor=pingshan.manager)
    with pytest.raises(LedgerError) as refused:
        claim_approve(claim=claim, actor=pingshan.manager)
    assert refused.value.code == "not_pending"
    assert Entry.objects.count() == 1


@pytest.mark.parametrize("who", ["other_manager", "other_township_office", "volunteer", "leader"])
def test_only_the_responsible_may_approve(submit, pingshan, who):
    with pytest.raises(LedgerError) as refused:
        claim_approve(claim=submit(), actor=getattr(pingshan, who))
    assert refused.value.code == "not_allowed"
    assert not Entry.objects.exists()


@pytest.mark.parametrize("who", ["manager", "township_office", "county_office", "admin"])
def test_the_unit_and_its_offices_may_approve(submit, pingshan, who):
    claim_approve(claim=submit(), actor=getattr(pingshan, who))
    assert Entry.objects.count() == 1


def test_rejection_needs_a_reason_the_volunteer_sees(submit, pingshan):
    claim = submit()
    with pytest.raises(LedgerError):
        claim_reject(claim=claim, actor=pingshan.manager, reason="  ")
    claim_reject(claim=claim, actor=pingshan.manager, reason="当天未在岗")
    claim.refresh_from_db()
    assert (claim.status, claim.decision_reason) == (Claim.Status.REJECTED, "当天未在岗")
    assert not Entry.objects.exists()


def test_a_session_under_the_minimum_is_recorded_but_not_credited(submit, pingshan):
    claim = submit(9)
    assert claim.status == Claim.Status.NOT_CREDITED
    assert claim.credited_minutes == 0
    assert "10" in claim.decision_reason
    assert submit(10).status == Claim.Status.PENDING


def test_over_the_daily_cap_is_flagged_not_cut(submit, pingshan):
    claim_approve(claim=submit(600), actor=pingshan.manager)
    second = submit(180)
    assert second.flags == ["over_daily_cap"]
    assert second.minutes == 180
    assert submit(100, on=date(2026, 11, 21)).flags == []


def test_travel_time_is_recorded_but_never_credited(submit, pingshan):
    claim = submit(120, travel_minutes=60)
    claim_approve(claim=claim, actor=pingshan.manager)
    assert volunteer_balance(pingshan.volunteer).service_minutes == 120


def test_minutes_outside_a_day_are_refused(submit):
    with pytest.raises(LedgerError) as refused:
        submit(1441)
    assert refused.value.code == "minutes_invalid"


def test_bulk_approval_skips_what_someone_else_decided(submit, pingshan):
    claims = [submit(60), submit(90), submit(30)]
    claim_reject(claim=claims[1], actor=pingshan.manager, reason="重复")
    approved, skipped = claims_approve(claim_ids=[c.pk for c in claims], actor=pingshan.manager)
    assert [c.pk for c in approved] == [claims[0].pk, claims[2].pk]
    assert skipped == [claims[1].pk]
    assert Balance.objects.get(volunteer=pingshan.volunteer).service_minutes == 90
