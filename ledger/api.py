"""Ledger API: a volunteer's own record, the approval queue, the ledger browser, disputes.

Every write calls the same services as the web pages; refusals come back as
``{"code": ..., "detail": ...}`` with a Chinese message (see config/api.py).
"""

from datetime import date
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import django_auth

from core.api_bounds import Day, Pages, RowId
from core.quantities import format_hours
from ledger import selectors, services
from ledger.errors import LedgerError
from ledger.models import Claim, Dispute, Entry, RecordingUnit

router = Router(tags=["ledger"], auth=django_auth)


class BalanceOut(Schema):
    service_minutes: int
    hours: str
    star_level: int
    entry_count: int
    training_hours: str
    first_service_date: date | None
    last_service_date: date | None
    next_star_level: int | None
    next_star_missing_hours: str | None


class EntryOut(Schema):
    seq: int
    service_date: date
    kind: str
    activity: str
    place: str
    content: str
    unit: str = Field(alias="unit.name")
    person_in_charge: str
    minutes: int
    hours: str
    reason: str
    volunteer: str = Field(alias="volunteer.name")

    @staticmethod
    def resolve_hours(entry):
        return format_hours(entry.minutes)


class ClaimOut(Schema):
    id: int
    volunteer: str = Field(alias="volunteer.name")
    unit: str = Field(alias="unit.name")
    service_date: date
    kind: str
    activity: str
    minutes: int
    hours: str
    flags: list[str]
    overdue: bool
    status: str

    @staticmethod
    def resolve_hours(claim):
        return format_hours(claim.minutes)

    @staticmethod
    def resolve_overdue(claim, context):
        request = context["request"]
        if not hasattr(request, "overdue_ids"):  # once per response, not once per claim
            pending = selectors.pending_claims_for(request.auth)
            request.overdue_ids = selectors.overdue_ids(pending, timezone.localdate())
        return claim.pk in request.overdue_ids


class ApproveIn(Schema):
    minutes: int | None = Field(None, ge=1, le=1440, description="Credited minutes, if changed")
    reason: str = Field("", max_length=500, description="Required when minutes change")


class RejectIn(Schema):
    reason: str = Field(..., min_length=1, max_length=500)


class BulkApproveIn(Schema):
    claim_ids: list[RowId] = Field(..., min_length=1, max_length=500)


class BulkApproveOut(Schema):
    approved: list[int]
    skipped: list[int]


class DisputeIn(Schema):
    kind: Literal["error", "omission"]
    entry_seq: RowId | None = None
    unit_key: str | None = Field(None, max_length=100)
    service_date: Day | None = None
    minutes: int = Field(..., ge=0, le=1440)
    description: str = Field(..., min_length=1, max_length=500)


class DisputeOut(Schema):
    id: int
    kind: str
    status: str
    minutes: int
    decision_reason: str


@router.get("/me", response=BalanceOut, summary="My service hours and star level")
def my_balance(request):
    balance = selectors.volunteer_balance(request.auth)
    following = balance.next_star
    return {
        "service_minutes": balance.service_minutes,
        "hours": balance.hours,
        "star_level": balance.star_level,
        "entry_count": balance.entry_count,
        "training_hours": balance.training_hours,
        "first_service_date": balance.first_service_date,
        "last_service_date": balance.last_service_date,
        "next_star_level": following.level if following else None,
        "next_star_missing_hours": following.missing_hours if following else None,
    }


@router.get("/me/entries", response=list[EntryOut], summary="My ledger entries")
@paginate(Pages)
def my_entries(request, date_from: Day | None = None, date_to: Day | None = None):
    entries = selectors.volunteer_entries(request.auth).select_related("volunteer")
    return _between(entries, date_from, date_to)


def _between(entries, date_from, date_to):
    if date_from:
        entries = entries.filter(service_date__gte=date_from)
    if date_to:
        entries = entries.filter(service_date__lte=date_to)
    return entries


@router.get("/claims/pending", response=list[ClaimOut], summary="Claims waiting for me")
@paginate(Pages)
def pending_claims(request):
    return selectors.pending_claims_for(request.auth)


@router.post("/claims/approve", response=BulkApproveOut, summary="Approve claims as claimed")
def approve_many(request, payload: BulkApproveIn):
    allowed = selectors.pending_claims_for(request.auth).filter(pk__in=payload.claim_ids)
    approved, _skipped = services.claims_approve(
        claim_ids=list(allowed.values_list("pk", flat=True)), actor=request.auth
    )
    done = {claim.pk for claim in approved}
    return {"approved": sorted(done), "skipped": sorted(set(payload.claim_ids) - done)}


@router.post("/claims/{claim_id}/approve", response=EntryOut, summary="Approve one claim")
def approve_one(request, claim_id: int, payload: ApproveIn):
    claim = get_object_or_404(Claim, pk=claim_id)
    return services.claim_approve(
        claim=claim, actor=request.auth, minutes=payload.minutes, reason=payload.reason
    )


@router.post("/claims/{claim_id}/reject", response=ClaimOut, summary="Reject one claim")
def reject_one(request, claim_id: int, payload: RejectIn):
    claim = get_object_or_404(Claim, pk=claim_id)
    return services.claim_reject(claim=claim, actor=request.auth, reason=payload.reason)


@router.get("/entries", response=list[EntryOut], summary="The ledger, as far as I may see it")
@paginate(Pages)
def entries(request, date_from: Day | None = None, date_to: Day | None = None):
    return _between(selectors.entries_visible_to(request.auth), date_from, date_to)


@router.post("/disputes", response={201: DisputeOut}, summary="Report an error or omission")
def open_dispute(request, payload: DisputeIn):
    entry = unit = None
    if payload.entry_seq:
        entry = Entry.objects.filter(seq=payload.entry_seq, volunteer=request.auth).first()
    if payload.unit_key:
        unit = RecordingUnit.objects.filter(key=payload.unit_key).first()
        if unit is None:
            raise LedgerError(_("unit_key: there is no such recording unit."), "unit_unknown")
    dispute = services.dispute_open(
        volunteer=request.auth,
        kind=payload.kind,
        entry=entry,
        unit=unit,
        service_date=payload.service_date,
        minutes=payload.minutes,
        description=payload.description,
    )
    return Status(201, dispute)


@router.get("/disputes/mine", response=list[DisputeOut], summary="My reports and their outcome")
def my_disputes(request):
    return list(Dispute.objects.filter(volunteer=request.auth))
