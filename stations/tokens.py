"""What a scanned QR code says: a poster's random secret, or a kiosk's rotating code.

Poster secrets use pretix's alphabet without o, 0, 1, i and l, so a smudged print or a
person reading it aloud cannot confuse them. A kiosk code is ``K-<kiosk>-<code>`` where
``code`` is the first 10 base32 characters of HMAC-SHA256(kiosk secret, 30-second
window number); the tablet computes it offline with WebCrypto, the server recomputes it.
"""

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.prepared import RowByKey
from stations.errors import StationError
from stations.models import Kiosk, PosterSecret

ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
KIOSK_PREFIX = "K-"
CODE_LENGTH = 10
# How far back an old code is still recognised as "expired" rather than "forged".
EXPIRED_LOOKBACK_WINDOWS = 240
# Every poster scan reads its poster: compiled once (core.prepared), not per scan.
_POSTER = RowByKey(
    lambda: PosterSecret.objects.select_related("station__default_program"), "secret"
)


def random_secret(length: int = 16) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def window_of(now) -> int:
    return int(now.timestamp()) // settings.HONGYI_KIOSK_WINDOW_SECONDS


def kiosk_code(secret: str, window: int) -> str:
    digest = hmac.new(secret.encode(), str(window).encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode()[:CODE_LENGTH]


@dataclass(frozen=True)
class Scanned:
    """A token that checked out: which station, and how it was shown."""

    station_id: int
    via: str
    station: object = None  # the Station with its default program, when already loaded


def resolve(token: str, *, now) -> Scanned:
    """The station a scanned token stands for, or a StationError saying why not."""
    if token.startswith(KIOSK_PREFIX):
        return _resolve_kiosk(token, now)
    poster = _POSTER.get(token)
    if poster is None:
        raise StationError(_("This QR code is not one of ours."), "token_unknown")
    if poster.revoked_at:
        raise StationError(
            _("This poster has been replaced. Scan the new poster at the station."),
            "token_revoked",
        )
    return Scanned(station_id=poster.station_id, via="poster", station=poster.station)


def _resolve_kiosk(token: str, now) -> Scanned:
    public_id, _sep, code = token.removeprefix(KIOSK_PREFIX).partition("-")
    kiosk = (
        Kiosk.objects.select_related("station__default_program").filter(public_id=public_id)
    ).first()
    if kiosk is None or len(code) != CODE_LENGTH:
        raise StationError(_("This QR code is not one of ours."), "token_unknown")
    if kiosk.revoked_at or kiosk.paired_at is None:
        raise StationError(
            _("This tablet has been switched off by the station. Ask the staff."),
            "token_revoked",
        )
    current = window_of(now)
    age = _code_age(kiosk.hmac_secret, code, current)
    if age is None:
        raise StationError(_("This QR code is not one of ours."), "token_unknown")
    if age > 1:
        raise StationError(
            _("This code has expired. Scan the code on the tablet again."), "token_expired"
        )
    return Scanned(station_id=kiosk.station_id, via="kiosk", station=kiosk.station)


def _code_age(secret: str, code: str, current: int) -> int | None:
    """How many windows old ``code`` is (0 = current), or None if never issued."""
    for age in range(EXPIRED_LOOKBACK_WINDOWS):
        if hmac.compare_digest(kiosk_code(secret, current - age), code.upper()):
            return age
    return None


def window_seconds() -> int:
    return settings.HONGYI_KIOSK_WINDOW_SECONDS
