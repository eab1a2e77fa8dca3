"""Check-in sessions: the volunteer's time at a station, then a ledger claim.

Like pretix's ``perform_checkin``: atomic, locked where requests race, and precise
about refusals. A volunteer holds at most one open session; the database enforces it
with a conditional unique constraint, so even simultaneous scans leave one.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import passes
from core.prepared import InsertOne
from core.services import audit_log
from ledger.models import Claim, Kind
from ledger.services import Activity, claim_reject, claim_submit
from stations import people
from stations.errors import StaleMemory, StationError
from stations.geo import distance_m
from stations.models import PosterSecret, ServiceProgram, Session, Station
from stations.selectors import may_manage, station_hours_on
from stations.services.units import station_unit_sync


@dataclass(frozen=True)
class Location:
    """Where the phone said it was when the volunteer scanned (or None: refused)."""

    latitude: float
    longitude: float
    accuracy: float = 0


def session_check_in(
    *,
    volunteer,
    station_id: int,
    via: str,
    program_id=None,
    location=None,
    now=None,
    station: Station | None = None,
    poster: int | None = None,
    login: passes.Login | None = None,
) -> Session:
    """Open a session. Refuses a second open session with its code, never a 500.

    ``station``, when the caller already loaded it with its default program (a scanned
    token does), saves the station query on the common path. ``poster``, the scanned
    poster's id when the caller took it from memory (``tokens.resolve(cached=True)``),
    and ``login``, the volunteer's login when it came from a login pass
    (``core.passes``): the session is then written only if that poster is
    still in force and that login still holds, both checked by the INSERT itself, so a
    poster replaced or a volunteer logged out or suspended a moment ago in another
    process is not checked in; ``StaleMemory`` tells the caller to ask the database.
    """
    now = now or timezone.now()
    try:
        return _check_in(
            volunteer=volunteer,
            station_id=station_id,
            via=via,
            program_id=program_id,
            location=location,
            now=now,
            station=station,
            poster=poster,
            login=login,
        )
    except IntegrityError:
        # The one-open-session constraint refused the insert (a second scan, possibly a
        # simultaneous one): say where the open session is.
        _refuse_if_open(volunteer, station_id)
        raise StationError(_("You are already checked in."), "already_checked_in") from None


def _check_in(*, volunteer, station_id, via, program_id, location, now, station, poster, login):
    if people.is_suspended(volunteer):
        raise StationError(_("Your volunteer account is suspended."), "volunteer_suspended")
    known = (
        station and station.default_program_id and program_id in (None, station.default_program_id)
    )
    station = station if known else _station_offering(station_id, program_id)
    flags, distance = _geofence(station, location, via)
    program_id = program_id or station.default_program_id
    # The default program came with the station: no query to name it in the answer.
    default = program_id == station.default_program_id
    chosen = station.default_program if default else ServiceProgram.objects.get(pk=program_id)
    if people.is_minor_not_allowed(volunteer, chosen):
        raise StationError(
            _("This program is for adults; volunteers under 18 may serve in programs for minors."),
            "minors_not_allowed",
        )
    # No "is one open?" query first: the insert is the check (see session_one_open).
    return _open(
        _Guards(poster, login, now),
        volunteer=volunteer,
        station=station,
        program=chosen,
        via=via,
        started_at=now,
        flags=flags,
        distance_m=distance,
    )


def _poster_in_force(connection) -> str:
    """The INSERT's condition when a poster came from memory: still there, not revoked."""
    meta, quote = PosterSecret._meta, connection.ops.quote_name
    table, key, revoked = meta.db_table, meta.pk.column, meta.get_field("revoked_at").column
    condition = "EXISTS (SELECT 1 FROM {} WHERE {} = %s AND {} IS NULL)"  # the id: a parameter
    return condition.format(*(quote(name) for name in (table, key, revoked)))


@dataclass(frozen=True)
class _Guards:
    """What the INSERT must find still true: the poster from memory, the login from a pass."""

    poster: int | None
    login: passes.Login | None
    now: datetime

    def key(self) -> tuple[bool, bool]:
        return self.poster is not None, self.login is not None

    def params(self, connection) -> tuple:
        poster = (self.poster,) if self.poster is not None else ()
        login = passes.login_params(self.login, self.now, connection) if self.login else ()
        return (*poster, *login)


def _conditions(poster: bool, login: bool):
    def where(connection) -> str:
        chosen = [_poster_in_force] * poster + [passes.login_unchanged] * login
        return " AND ".join(condition(connection) for condition in chosen)

    return where


# The plain INSERT, and one for each combination of facts not read in this request.
_INSERTS = {
    (poster, login): InsertOne(lambda: Session, where=_conditions(poster, login))
    for poster in (False, True)
    for login in (False, True)
    if poster or login
}
_INSERTS[False, False] = InsertOne(lambda: Session)


def _open(guards: _Guards, **fields) -> Session:
    """The check-in's one write: a single INSERT, atomic by itself, so no transaction is
    opened around it. On SQLite a transaction would hold the write lock across Python
    code, and the other worker would sleep in the busy handler; on PostgreSQL it costs
    two more round trips. Inside a caller's transaction (a kiosk batch) a savepoint
    keeps a refused insert from spoiling the rest of that transaction."""
    if transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            return _insert(guards, fields)
    return _insert(guards, fields)


def _insert(guards: _Guards, fields) -> Session:
    insert = _INSERTS[guards.key()]
    if guards.key() == (False, False):
        return insert.create(**fields)
    session = insert.create_if(guards.params, **fields)
    if session is None:
        raise StaleMemory(guards.poster)
    return session


def _station_offering(station_id: int, program_id) -> Station:
    stations = Station.objects.select_related("default_program").filter(pk=station_id)
    if program_id:
        stations = stations.filter(programs=program_id)
    station = stations.first()
    if station is None or not (program_id or station.default_program_id):
        raise StationError(_("This station does not offer that program."), "program_invalid")
    return station


def _refuse_if_open(volunteer, station_id: int) -> None:
    current = Session.objects.filter(volunteer=volunteer, status=Session.Status.OPEN).first()
    if current is None:
        return
    if current.station_id == station_id:
        raise StationError(_("You are already checked in here."), "already_checked_in")
    raise StationError(
        _("You are still checked in at another station. Check out there first."),
        "open_elsewhere",
    )


def _geofence(station: Station, location, via: str) -> tuple[list[str], int | None]:
    """Flag, never refuse: a weak GPS fix must not keep a volunteer from serving."""
    if via == Session.Via.STAFF or station.latitude is None:
        return [], None
    if location is None:
        return ["geofence"], None
    distance = distance_m(
        float(station.latitude), float(station.longitude), location.latitude, location.longitude
    )
    flagged = distance > settings.HONGYI_GEOFENCE_RADIUS_M
    return (["geofence"] if flagged else []), distance


@transaction.atomic
def session_check_out(*, volunteer, now=None, flags: tuple[str, ...] = ()) -> Session:
    """Close the volunteer's open session and submit its hours as a pending claim."""
    now = now or timezone.now()
    session = (
        Session.objects.select_for_update(of=("self",))
        .select_related("station__region", "program")
        .filter(volunteer=volunteer, status=Session.Status.OPEN)
        .first()
    )
    if session is None:
        raise StationError(_("You are not checked in anywhere."), "not_checked_in")
    return _close(session, ended_at=max(now, session.started_at), flags=flags)


def _close(session: Session, *, ended_at, flags=()) -> Session:
    session.status, session.ended_at = Session.Status.CLOSED, ended_at
    session.minutes = int((ended_at - session.started_at).total_seconds() // 60)
    session.flags = sorted({*session.flags, *flags, *_rate_flags(session)})
    session.save(update_fields=["status", "ended_at", "minutes", "flags"])
    _submit_claim(session)
    return session


def _rate_flags(session: Session) -> list[str]:
    """Two patterns that suggest a poster photo passed around rather than people on site:
    many different people starting at one station within a minute, or one person
    checking in at the station again and again within the hour."""
    return ["implausible_rate"] if _crowd(session) or _rescans(session) else []


def _crowd(session: Session) -> bool:
    window = timedelta(seconds=60)
    others = (
        Session.objects.filter(
            station_id=session.station_id,
            started_at__range=(session.started_at - window, session.started_at + window),
        )
        .exclude(volunteer_id=session.volunteer_id)
        .values("volunteer_id")
        .distinct()
        .count()
    )
    return others >= settings.HONGYI_SCANS_PER_MINUTE_LIMIT


def _rescans(session: Session) -> bool:
    recent = Session.objects.filter(
        station_id=session.station_id,
        volunteer_id=session.volunteer_id,
        started_at__range=(session.started_at - timedelta(hours=1), session.started_at),
    ).count()
    return recent > settings.HONGYI_RESCANS_PER_HOUR_LIMIT


def _submit_claim(session: Session) -> Claim:
    station, program = session.station, session.program
    return claim_submit(
        source_key=session.source_key,
        volunteer=session.volunteer,
        unit=station_unit_sync(station=station),
        activity=Activity(
            kind=Kind.STATION,
            service_date=timezone.localtime(session.started_at).date(),
            activity=program.name,
            place=station.site or station.name,
            content=_("%(program)s volunteer service") % {"program": program.name},
            township=station.region,
            station_key=f"station:{station.pk}",
            station_name=station.name,
            program_key=f"program:{program.pk}",
            program_name=program.name,
        ),
        minutes=min(session.minutes, 24 * 60),
        started_at=session.started_at,
        ended_at=session.ended_at,
        flags=tuple(session.flags),
        now=session.ended_at,
    )


@transaction.atomic
def session_undo(*, session: Session, actor, reason: str = "", now=None) -> Session:
    """Void a wrong scan: the volunteer within a few minutes of checking in, the station's
    staff at any time. A pending claim is rejected in the ledger with the reason."""
    now = now or timezone.now()
    session = (
        Session.objects.select_for_update(of=("self",)).select_related("station").get(pk=session.pk)
    )
    staff = may_manage(actor, session.station)
    if not staff and session.volunteer_id != actor.pk:  # refused before its state is told
        raise StationError(_("You may not undo this check-in."), "not_allowed")
    if session.status == Session.Status.VOID:
        return session
    if not staff:
        _check_own_undo(session, now)
    reason = reason.strip() or _("Wrong scan, undone.")
    if session.status == Session.Status.CLOSED:
        _reject_claim(session, actor, reason, now)
    session.status, session.voided_by, session.void_reason = Session.Status.VOID, actor, reason
    session.save(update_fields=["status", "voided_by", "void_reason"])
    if staff:
        audit_log(actor=actor, action="session.undo", target=session, data={"reason": reason})
    return session


def _check_own_undo(session: Session, now) -> None:
    limit = timedelta(minutes=settings.HONGYI_UNDO_MINUTES)
    if session.status != Session.Status.OPEN or now - session.started_at > limit:
        raise StationError(
            _("It is too late to undo this yourself. Ask the station manager."), "undo_too_late"
        )


def _reject_claim(session: Session, actor, reason: str, now) -> None:
    claim = Claim.objects.filter(source_key=session.source_key).first()
    if claim is None or claim.status == Claim.Status.NOT_CREDITED:
        return
    if claim.status != Claim.Status.PENDING:
        raise StationError(
            _("These hours are already decided in the ledger; correct them there."),
            "claim_decided",
        )
    claim_reject(claim=claim, actor=actor, reason=reason, now=now)


def sessions_close_forgotten(*, now=None) -> int:
    """Close sessions left open past closing time or the limit, flagged ``auto_closed``.

    The claim carries the minutes up to that moment, flagged, so nothing is credited
    until a manager confirms or adjusts it in the ledger queue.
    """
    now = now or timezone.now()
    closed = 0
    for session_id in Session.objects.filter(status=Session.Status.OPEN).values_list(
        "pk", flat=True
    ):
        closed += _close_if_forgotten(session_id, now)
    return closed


@transaction.atomic
def _close_if_forgotten(session_id: int, now) -> int:
    session = (
        Session.objects.select_for_update(of=("self",))
        .select_related("station__region", "program")
        .filter(pk=session_id, status=Session.Status.OPEN)
        .first()
    )
    if session is None:
        return 0
    deadline = forgotten_deadline(session)
    if now < deadline:
        return 0
    _close(session, ended_at=deadline, flags=("auto_closed",))
    return 1


def forgotten_deadline(session: Session) -> datetime:
    """Closing time on the day of check-in, or the hour limit, whichever comes first."""
    limit = session.started_at + timedelta(hours=settings.HONGYI_SESSION_MAX_HOURS)
    local = timezone.localtime(session.started_at)
    hours = station_hours_on(session.station, local.date())
    if not hours:
        return limit
    closing = datetime.combine(local.date(), time.fromisoformat(hours[1]), tzinfo=local.tzinfo)
    return min(limit, closing) if closing > session.started_at else limit
