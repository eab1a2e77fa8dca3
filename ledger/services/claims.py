"""Claims: hours a feed reports, decided by the recording unit that organized the work.

``claim_submit`` is the one way into the ledger for every feed. It is idempotent on the
feed's ``source_key``: submitting the same record twice, even from two racing requests,
leaves one claim.
"""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import audit_log
from ledger import policies
from ledger.errors import LedgerError
from ledger.models import SESSION_KINDS, Claim, Entry, Kind, RecordingUnit
from ledger.selectors import require_decider
from ledger.services.posting import activity_of, entry_post

MAX_MINUTES_PER_RECORD = 24 * 60


@dataclass(frozen=True, kw_only=True)
class Activity:
    """What was done, where and for whom: the Art.7 fields of a service record."""

    kind: Kind
    service_date: date
    activity: str
    place: str = ""
    content: str = ""
    person_in_charge: str = ""
    township: object = None
    program_key: str = ""
    program_name: str = ""
    station_key: str = ""
    station_name: str = ""
    team_key: str = ""
    team_name: str = ""
    event_key: str = ""


@transaction.atomic
def claim_submit(
    *,
    source_key: str,
    volunteer,
    unit: RecordingUnit,
    activity: Activity,
    minutes: int,
    started_at=None,
    ended_at=None,
    travel_minutes: int = 0,
    flags: tuple[str, ...] = (),
    now=None,
) -> Claim:
    """Record hours a feed reports. Returns the claim, the existing one on a repeat."""
    existing = Claim.objects.filter(source_key=source_key).first()
    if existing:
        return existing
    if not 0 <= minutes <= MAX_MINUTES_PER_RECORD:
        raise LedgerError(_("Minutes must be between 0 and 1440."), "minutes_invalid")
    claim = Claim(
        source_key=source_key,
        volunteer=volunteer,
        unit=unit,
        minutes=minutes,
        travel_minutes=travel_minutes,
        started_at=started_at,
        ended_at=ended_at,
        submitted_at=now or timezone.now(),
        **_activity_fields(activity, unit),
    )
    claim.flags = sorted({*flags, *_policy_flags(claim)})
    _apply_minimum(claim)
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:
        return Claim.objects.get(source_key=source_key)
    return claim


def _activity_fields(activity: Activity, unit: RecordingUnit) -> dict:
    fields = {name: getattr(activity, name) for name in Activity.__dataclass_fields__}
    fields["person_in_charge"] = fields["person_in_charge"] or unit.person_in_charge
    fields["township"] = fields["township"] or unit.region
    return fields


def _policy_flags(claim: Claim) -> list[str]:
    day_total = _minutes_on(claim.volunteer, claim.service_date) + claim.minutes
    return ["over_daily_cap"] if day_total > policies.daily_cap_minutes() else []


def _minutes_on(volunteer, day: date) -> int:
    """Minutes already posted or waiting for ``volunteer`` on ``day``."""
    posted = Entry.objects.filter(volunteer=volunteer, service_date=day).aggregate(
        total=Sum("minutes")
    )["total"]
    pending = Claim.objects.filter(
        volunteer=volunteer, service_date=day, status=Claim.Status.PENDING
    ).aggregate(total=Sum("minutes"))["total"]
    return (posted or 0) + (pending or 0)


def _apply_minimum(claim: Claim) -> None:
    """Sessions under the minimum are recorded, but credit nothing (not an error)."""
    if claim.kind in SESSION_KINDS and claim.minutes < policies.minimum_session_minutes():
        claim.status = Claim.Status.NOT_CREDITED
        claim.credited_minutes = 0
        claim.decided_at = claim.submitted_at
        claim.decision_reason = _("Shorter than the minimum of %(minutes)s minutes.") % {
            "minutes": policies.minimum_session_minutes()
        }


def _locked_pending(claim_id: int, actor) -> Claim:
    """The claim, locked, once ``actor`` may decide it: who may not is refused before
    learning whether it is still pending (403 before 409)."""
    claims = Claim.objects.select_for_update(of=("self",)).select_related("unit", "township")
    claim = claims.get(pk=claim_id)
    require_decider(actor, claim.unit)
    if claim.status != Claim.Status.PENDING:
        raise LedgerError(_("This claim has already been decided."), "not_pending")
    return claim


@transaction.atomic
def claim_approve(*, claim: Claim, actor, minutes: int | None = None, reason: str = "", now=None):
    """Approve a claim, optionally with adjusted minutes (a reason is then required).

    Approval posts the entry; the claim keeps what was claimed, the entry what counts.
    """
    now = now or timezone.now()
    claim = _locked_pending(claim.pk, actor)
    credited = claim.minutes if minutes is None else minutes
    _check_adjustment(claim, credited, reason)
    entry = entry_post(
        approved_by=actor,
        now=now,
        **activity_of(claim),
        volunteer_id=claim.volunteer_id,
        unit=claim.unit,
        minutes=credited,
        source_key=claim.source_key,
        claim=claim,
        reason=reason.strip(),
    )
    _decide(
        claim, status=Claim.Status.APPROVED, actor=actor, now=now, reason=reason, credited=credited
    )
    if credited != claim.minutes:
        audit_log(
            actor=actor,
            action="claim.adjust",
            target=claim,
            data={"claimed": claim.minutes, "credited": credited, "reason": reason},
        )
    return entry


def _check_adjustment(claim: Claim, credited: int, reason: str) -> None:
    if not 1 <= credited <= MAX_MINUTES_PER_RECORD:
        raise LedgerError(
            _("Credited minutes must be between 1 and 1440; reject the claim to credit none."),
            "minutes_invalid",
        )
    if credited != claim.minutes and not reason.strip():
        raise LedgerError(_("Changing the minutes needs a reason."), "reason_required")


def _decide(claim: Claim, *, status, actor, now, reason: str, credited: int | None) -> None:
    claim.status, claim.decided_by, claim.decided_at = status, actor, now
    claim.decision_reason, claim.credited_minutes = reason.strip(), credited
    claim.save(
        update_fields=["status", "decided_by", "decided_at", "decision_reason", "credited_minutes"]
    )


@transaction.atomic
def claims_approve(*, claim_ids, actor, now=None) -> tuple[list[Claim], list[int]]:
    """Approve many claims as claimed. Returns (approved, skipped ids): a claim someone
    else decided meanwhile is skipped, not an error; all the rest post together."""
    now = now or timezone.now()
    approved, skipped = [], []
    for claim in Claim.objects.filter(pk__in=claim_ids).order_by("pk"):
        if claim.status != Claim.Status.PENDING:
            skipped.append(claim.pk)
            continue
        claim_approve(claim=claim, actor=actor, now=now)
        approved.append(claim)
    return approved, skipped


@transaction.atomic
def claim_reject(*, claim: Claim, actor, reason: str, now=None) -> Claim:
    now = now or timezone.now()
    claim = _locked_pending(claim.pk, actor)
    if not reason.strip():
        raise LedgerError(_("Rejecting a claim needs a reason."), "reason_required")
    _decide(claim, status=Claim.Status.REJECTED, actor=actor, now=now, reason=reason, credited=0)
    audit_log(actor=actor, action="claim.reject", target=claim, data={"reason": reason})
    return claim
