"""Posting entries one at a time. With ``imports`` (historic records in bulk), the only code
that inserts into ``ledger_entry``.

Every posting locks the single ``LedgerHead`` row first. That serializes writers on
PostgreSQL (SQLite's IMMEDIATE transactions already do), so each entry links to the one
before it and the chain never forks; ``Entry.prev_hash`` being unique backs this up.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import audit_log
from ledger.chain import hash_of
from ledger.errors import LedgerError
from ledger.models import Entry, Kind, LedgerHead
from ledger.selectors import require_decider
from ledger.services.summaries import apply_entry

ACTIVITY_FIELDS = (
    "kind", "service_date", "activity", "place", "content", "person_in_charge", "township",
    "program_key", "program_name", "station_key", "station_name", "team_key", "team_name",
    "event_key",
)  # fmt: skip


def activity_of(record) -> dict:
    """The Art.7 fields of a claim or entry, to copy onto a new entry."""
    return {name: getattr(record, name) for name in ACTIVITY_FIELDS}


def _lock_head() -> LedgerHead:
    return LedgerHead.objects.select_for_update().get(pk=1)


def _link(entry: Entry, head: LedgerHead) -> Entry:
    entry.seq, entry.prev_hash = head.seq + 1, head.hash
    entry.hash = hash_of(entry)
    head.seq, head.hash = entry.seq, entry.hash
    return entry


def entry_post(*, approved_by, now, **fields) -> Entry:
    """Append one entry and update balances and summaries, in the caller's transaction."""
    head = _lock_head()
    entry = _link(Entry(approved_by=approved_by, approved_at=now, created_at=now, **fields), head)
    entry.save()
    head.save(update_fields=["seq", "hash"])
    apply_entry(entry)
    return entry


def _check_reversible(entry: Entry) -> None:
    if entry.reverses_id:
        raise LedgerError(_("A reversing entry cannot itself be reversed."), "is_reversal")
    if Entry.objects.filter(reverses=entry).exists():
        raise LedgerError(_("This entry has already been reversed."), "already_reversed")


def _reason_required(reason: str) -> str:
    if not reason or not reason.strip():
        raise LedgerError(_("Please give a reason."), "reason_required")
    return reason.strip()


@transaction.atomic
def entry_reverse(*, entry: Entry, actor, reason: str, now=None) -> Entry:
    """Cancel ``entry`` with a negative entry linked to it. The original stays as it was."""
    now = now or timezone.now()
    reason = _reason_required(reason)
    require_decider(actor, entry.unit)
    _lock_head()
    _check_reversible(entry)
    reversal = entry_post(
        approved_by=actor,
        now=now,
        **{**activity_of(entry), "kind": Kind.CORRECTION},
        volunteer_id=entry.volunteer_id,
        unit=entry.unit,
        minutes=-entry.minutes,
        source_key=f"reversal:{entry.seq}",
        reverses=entry,
        reason=reason,
    )
    audit_log(actor=actor, action="entry.reverse", target=entry, data={"reason": reason})
    return reversal


@transaction.atomic
def entry_correct(*, entry: Entry, actor, minutes: int, reason: str, now=None):
    """Reverse ``entry`` and post its corrected minutes. Returns (reversal, replacement)."""
    now = now or timezone.now()
    if minutes < 0:
        raise LedgerError(_("Minutes cannot be negative."), "minutes_invalid")
    reversal = entry_reverse(entry=entry, actor=actor, reason=reason, now=now)
    if minutes == 0:
        return reversal, None
    replacement = entry_post(
        approved_by=actor,
        now=now,
        **{**activity_of(entry), "kind": Kind.CORRECTION},
        volunteer_id=entry.volunteer_id,
        unit=entry.unit,
        minutes=minutes,
        source_key=f"correction:{entry.seq}",
        corrects=entry,
        reason=reversal.reason,
    )
    return reversal, replacement
