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
import time
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
# How long a process may keep a poster it found in force, with its station and default
# program, for API check-ins (``resolve(cached=True)``). Whether the poster is still in
# force is not taken from memory: the check-in's INSERT checks it again in the same
# statement (``session_check_in(poster=…)``), so a poster replaced in any process is
# refused at once. Only a change to the station itself (its default program, its
# location) waits for this long to reach the other processes.
POSTER_MEMORY_SECONDS = 60
POSTER_MEMORY_SIZE = 256  # stations have one poster each; a county has a few dozen


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
    poster_id: int | None = None  # a poster's row, for the check-in to check again


class _PosterMemory:
    """Posters found in force, by secret, each for POSTER_MEMORY_SECONDS at most."""

    def __init__(self):
        self._posters: dict[str, tuple[float, PosterSecret]] = {}

    def get(self, secret: str) -> PosterSecret | None:
        kept = self._posters.get(secret)
        if kept is None or kept[0] < time.monotonic():
            return None
        return kept[1]

    def keep(self, poster: PosterSecret) -> None:
        if len(self._posters) >= POSTER_MEMORY_SIZE:
            self._posters.clear()  # made-up secrets are never kept, so this is rare
        self._posters[poster.secret] = (time.monotonic() + POSTER_MEMORY_SECONDS, poster)

    def forget(self, *, poster_id=None, station_id=None) -> None:
        for secret, (_until, poster) in list(self._posters.items()):
            if poster.pk == poster_id or poster.station_id == station_id:
                self._posters.pop(secret, None)


_posters = _PosterMemory()


def resolve(token: str, *, now, cached: bool = False) -> Scanned:
    """The station a scanned token stands for, or a StationError saying why not.

    With ``cached``, a poster may come from this process's memory: the caller must then
    check in with ``session_check_in(poster=scanned.poster_id)``, which checks again,
    in its INSERT, that the poster is still in force."""
    if token.startswith(KIOSK_PREFIX):
        return _resolve_kiosk(token, now)
    poster = (_posters.get(token) if cached else None) or _poster_in_force(token, cached)
    return Scanned(
        station_id=poster.station_id, via="poster", station=poster.station, poster_id=poster.pk
    )


def _poster_in_force(token: str, keep: bool) -> PosterSecret:
    poster = _POSTER.get(token)
    if poster is None:
        raise StationError(_("This QR code is not one of ours."), "token_unknown")
    if poster.revoked_at:
        raise poster_replaced()
    if keep:
        _posters.keep(poster)
    return poster


def poster_replaced() -> StationError:
    """The refusal for a replaced poster."""
    return StationError(
        _("This poster has been replaced. Scan the new poster at the station."),
        "token_revoked",
    )


def forget_poster(poster_id: int | None) -> None:
    """Drop one poster from this process's memory (the INSERT found it changed)."""
    if poster_id is not None:
        _posters.forget(poster_id=poster_id)


def forget_posters(*, station_id: int) -> None:
    """Drop a station's posters from this process's memory (its poster was replaced)."""
    _posters.forget(station_id=station_id)


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
