"""Kiosks: paired tablets that show rotating codes and sync staff card scans.

Pairing trades a one-time code (15 minutes) for a device token; only hashes are stored.
Batches of offline scans are applied in time order and remembered by client UUID, so
replaying a batch any number of times, in any order, leaves the same sessions.
"""

import secrets
import uuid as uuidlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import audit_log
from stations import people
from stations.errors import StationError
from stations.models import Kiosk, OfflineScan, Session, Station
from stations.services.sessions import session_check_in, session_check_out
from stations.tokens import random_secret, token_hash

PAIRING_MINUTES = 15
RESCAN_GRACE = timedelta(seconds=60)


@transaction.atomic
def kiosk_create(*, station: Station, name: str, actor, now=None) -> tuple[Kiosk, str]:
    """A new kiosk and its one-time pairing code (shown once, never stored)."""
    now = now or timezone.now()
    code = random_secret(8)
    kiosk = Kiosk.objects.create(
        station=station,
        name=name,
        public_id=random_secret(10),
        hmac_secret=secrets.token_hex(32),
        pairing_code_hash=token_hash(code),
        pairing_expires_at=now + timedelta(minutes=PAIRING_MINUTES),
        created_at=now,
    )
    audit_log(actor=actor, action="kiosk.create", target=kiosk, data={"name": name})
    return kiosk, code


@transaction.atomic
def kiosk_pair(*, code: str, now=None) -> tuple[Kiosk, str]:
    """Exchange a pairing code for the device token the tablet keeps."""
    now = now or timezone.now()
    kiosk = (
        Kiosk.objects.select_for_update()
        .filter(pairing_code_hash=token_hash(code.strip().lower()), revoked_at__isnull=True)
        .first()
    )
    if kiosk is None or kiosk.pairing_expires_at is None or kiosk.pairing_expires_at < now:
        raise StationError(_("This pairing code is wrong or has expired."), "pairing_invalid")
    token = secrets.token_urlsafe(32)
    kiosk.token_hash, kiosk.paired_at = token_hash(token), now
    kiosk.pairing_code_hash, kiosk.pairing_expires_at = "", None
    kiosk.save(update_fields=["token_hash", "paired_at", "pairing_code_hash", "pairing_expires_at"])
    return kiosk, token


@transaction.atomic
def kiosk_revoke(*, kiosk: Kiosk, actor, now=None) -> Kiosk:
    """Switch a kiosk off: its token and its codes stop working at once. Switching it off
    again keeps the first time."""
    if kiosk.revoked_at is not None:
        return kiosk
    kiosk.revoked_at = now or timezone.now()
    kiosk.save(update_fields=["revoked_at"])
    audit_log(actor=actor, action="kiosk.revoke", target=kiosk)
    return kiosk


@dataclass(frozen=True)
class ScanItem:
    uuid: uuidlib.UUID
    card: str
    scanned_at: datetime


@dataclass(frozen=True)
class ScanResult:
    uuid: uuidlib.UUID
    status: str  # applied | duplicate | rejected
    code: str = ""
    detail: str = ""
    session_id: int | None = None


def batch_sync(*, kiosk: Kiosk, items: list[ScanItem]) -> list[ScanResult]:
    """Apply staff card scans in time order; each scan toggles its volunteer in or out."""
    ordered = sorted(items, key=lambda item: (item.scanned_at, str(item.uuid)))
    results = {item.uuid: _apply(kiosk, item) for item in ordered}
    return [results[item.uuid] for item in items]


def _apply(kiosk: Kiosk, item: ScanItem) -> ScanResult:
    if OfflineScan.objects.filter(uuid=item.uuid).exists():
        return ScanResult(uuid=item.uuid, status="duplicate")
    try:
        with transaction.atomic():
            return _toggle(kiosk, item)
    except IntegrityError:
        return ScanResult(uuid=item.uuid, status="duplicate")


def _toggle(kiosk: Kiosk, item: ScanItem) -> ScanResult:
    """One scan, remembered with its outcome (a rejection is remembered too)."""
    session, code, detail = None, "", ""
    try:
        session = _toggle_session(kiosk, item)
    except StationError as error:
        code, detail = error.code, str(error.message)
    result = code or ("checked_in" if session.status == Session.Status.OPEN else "checked_out")
    OfflineScan.objects.create(
        uuid=item.uuid, kiosk=kiosk, scanned_at=item.scanned_at, result=result, session=session
    )
    status = "rejected" if code else "applied"
    return ScanResult(
        uuid=item.uuid,
        status=status,
        code=result,
        detail=detail,
        session_id=session.pk if session else None,
    )


def _toggle_session(kiosk: Kiosk, item: ScanItem) -> Session:
    volunteer = people.user_for_card(item.card)
    if volunteer is None:
        raise StationError(_("This card is not known."), "card_unknown")
    current = Session.objects.filter(volunteer=volunteer, status=Session.Status.OPEN).first()
    if current is None:
        return session_check_in(
            volunteer=volunteer,
            station_id=kiosk.station_id,
            via=Session.Via.STAFF,
            now=item.scanned_at,
        )
    if current.station_id != kiosk.station_id:
        raise StationError(_("Still checked in at another station."), "open_elsewhere")
    if item.scanned_at < current.started_at:
        raise StationError(_("This scan is older than the check-in."), "out_of_order")
    if item.scanned_at - current.started_at < RESCAN_GRACE:
        # A card held twice under the scanner is not a check-out.
        raise StationError(_("Already checked in."), "already_checked_in")
    return session_check_out(volunteer=volunteer, now=item.scanned_at)
