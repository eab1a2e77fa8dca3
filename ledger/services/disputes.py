"""A volunteer's report of an error or omission, and the recording unit's answer (Art.12–13)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import audit_log
from ledger.errors import LedgerError
from ledger.models import Dispute, Entry, Kind
from ledger.selectors import require_decider
from ledger.services.claims import Activity, claim_approve, claim_submit
from ledger.services.posting import entry_correct


@transaction.atomic
def dispute_open(
    *, volunteer, kind, description, minutes, service_date=None, entry=None, unit=None, now=None
) -> Dispute:
    """An error names the entry it disputes; an omission names the unit that should record."""
    if not description.strip():
        raise LedgerError(_("Please describe what is wrong or missing."), "description_required")
    if kind == Dispute.Kind.ERROR:
        _check_disputable(entry, volunteer)
        unit, service_date = entry.unit, entry.service_date
    elif unit is None or service_date is None:
        raise LedgerError(
            _("Say which unit and which day the missing service was."), "unit_required"
        )
    dispute = Dispute.objects.create(
        volunteer=volunteer,
        kind=kind,
        entry=entry,
        unit=unit,
        service_date=service_date,
        minutes=minutes,
        description=description.strip(),
        opened_at=now or timezone.now(),
    )
    audit_log(actor=volunteer, action="dispute.open", target=dispute, data={"kind": kind})
    return dispute


def _check_disputable(entry: Entry | None, volunteer) -> None:
    if entry is None or entry.volunteer_id != volunteer.pk:
        raise LedgerError(_("Choose one of your own records."), "entry_required")
    if entry.reverses_id or Entry.objects.filter(reverses=entry).exists():
        raise LedgerError(_("This record has already been corrected."), "already_reversed")


def _locked_open(dispute: Dispute, actor) -> Dispute:
    """The report, locked, once ``actor`` may answer it (403 before 409)."""
    dispute = (
        Dispute.objects.select_for_update(of=("self",))
        .select_related("unit", "entry")
        .get(pk=dispute.pk)
    )
    require_decider(actor, dispute.unit)
    if dispute.status != Dispute.Status.OPEN:
        raise LedgerError(_("This report has already been answered."), "not_open")
    return dispute


@transaction.atomic
def dispute_accept(*, dispute: Dispute, actor, reason: str, minutes: int | None = None, now=None):
    """Accept: an error is corrected (reverse + new entry); an omission is recorded."""
    now = now or timezone.now()
    dispute = _locked_open(dispute, actor)
    if not reason.strip():
        raise LedgerError(_("Please give a reason."), "reason_required")
    minutes = dispute.minutes if minutes is None else minutes
    if dispute.kind == Dispute.Kind.ERROR:
        entry_correct(entry=dispute.entry, actor=actor, minutes=minutes, reason=reason, now=now)
    else:
        _record_omission(dispute, actor, minutes, reason, now)
    return _answer(dispute, Dispute.Status.ACCEPTED, actor, reason, now)


def _record_omission(dispute: Dispute, actor, minutes: int, reason: str, now) -> None:
    activity = Activity(
        kind=Kind.CORRECTION,
        service_date=dispute.service_date,
        activity=_("Omitted record: %(text)s") % {"text": dispute.description[:150]},
        content=dispute.description,
    )
    claim = claim_submit(
        source_key=f"dispute:{dispute.pk}",
        volunteer=dispute.volunteer,
        unit=dispute.unit,
        activity=activity,
        minutes=dispute.minutes,
        now=now,
    )
    claim_approve(claim=claim, actor=actor, minutes=minutes, reason=reason, now=now)


@transaction.atomic
def dispute_reject(*, dispute: Dispute, actor, reason: str, now=None) -> Dispute:
    dispute = _locked_open(dispute, actor)
    if not reason.strip():
        raise LedgerError(_("Please tell the volunteer why."), "reason_required")
    return _answer(dispute, Dispute.Status.REJECTED, actor, reason, now or timezone.now())


def _answer(dispute: Dispute, status, actor, reason: str, now) -> Dispute:
    dispute.status, dispute.decided_by, dispute.decided_at = status, actor, now
    dispute.decision_reason = reason.strip()
    dispute.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    audit_log(actor=actor, action=f"dispute.{status}", target=dispute, data={"reason": reason})
    return dispute
