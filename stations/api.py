"""Stations API under /api/v1/stations/: scan, check out, undo, kiosk pairing and
offline batch sync, station list and detail. Calls the same services as the pages."""

from datetime import datetime
from uuid import UUID

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.security import APIKeyHeader, django_auth
from pydantic import BaseModel, field_serializer

from core.api_auth import login_again, pass_session_auth
from core.api_bounds import Moment, RowId
from core.ratelimits import limited
from stations import selectors, services, tokens
from stations.errors import StaleMemory, StationError
from stations.models import Session, Station
from stations.services.kiosks import ScanItem
from stations.services.sessions import Location

router = Router(tags=["stations"])
JSON_CONTENT_TYPE = "application/json; charset=utf-8"  # as ninja's renderer says


class DeviceAuth(APIKeyHeader):
    """A paired kiosk: ``X-Device-Token: <token>`` (only its hash is stored)."""

    param_name = "X-Device-Token"

    def authenticate(self, request, key):
        return selectors.kiosk_by_token(key) if key else None


# The scan's schemas are plain pydantic models: ninja's Schema adds a validator, run in
# Python on every instance, that lets it read ORM objects. These two are only ever built
# from a request body and from keyword arguments (session_out); on the scan it cost more
# than the validation itself.
class ScanIn(BaseModel):
    token: str = Field(min_length=4, max_length=64)
    program: RowId | None = None
    station: RowId | None = Field(None, description="Refuse if the token is another's")
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    accuracy: float | None = Field(None, ge=0, le=100_000)


class SessionOut(BaseModel):
    id: int
    station: int
    station_name: str
    program_name: str
    status: str
    started_at: datetime
    ended_at: datetime | None
    minutes: int | None
    flags: list[str]

    @field_serializer("started_at", "ended_at", when_used="json")
    def _moment(self, moment: datetime | None) -> str | None:
        """As ninja renders times everywhere else (Django's encoder: milliseconds, Z)."""
        return None if moment is None else _DJANGO_JSON.default(moment)


_DJANGO_JSON = DjangoJSONEncoder()


class UndoIn(Schema):
    reason: str = Field("", max_length=200)


class PairIn(Schema):
    code: str = Field(min_length=4, max_length=16)


class PairOut(Schema):
    token: str
    kiosk: str
    secret: str
    station: int
    station_name: str
    window_seconds: int


class BatchItemIn(Schema):
    uuid: UUID
    card: str = Field(min_length=1, max_length=64)
    scanned_at: Moment


class BatchIn(Schema):
    items: list[BatchItemIn] = Field(max_length=5000)


class BatchItemOut(Schema):
    uuid: UUID
    status: str
    code: str
    detail: str
    session: int | None


class StationOut(Schema):
    id: int
    name: str
    township: str
    site: str
    site_type: str
    latitude: float | None
    longitude: float | None


def session_out(session: Session) -> SessionOut:
    return SessionOut(
        id=session.pk,
        station=session.station_id,
        station_name=session.station.name,
        program_name=session.program.name,
        status=session.status,
        started_at=session.started_at,
        ended_at=session.ended_at,
        minutes=session.minutes,
        flags=session.flags,
    )


@router.post("/scan", response={201: SessionOut}, auth=pass_session_auth, summary="Check in by QR")
@limited("scan")
def scan(request, payload: ScanIn):
    try:
        return _scan(request, payload, unread=True)
    except StaleMemory as stale:
        # The poster taken from memory or the login taken from the pass changed, and the
        # INSERT wrote nothing: forget the poster, read the login, and ask the database
        # again (which then refuses with the reason: a replaced poster, a suspension,
        # or 401 for a logout).
        tokens.forget_poster(stale.poster)
        login_again(request)
        return _scan(request, payload, unread=False)


def _scan(request, payload: ScanIn, *, unread: bool):
    scanned = tokens.resolve(payload.token, now=timezone.now(), cached=unread)
    if payload.station and payload.station != scanned.station_id:
        raise StationError(_("This code belongs to another station."), "token_other_station")
    location = None
    if payload.latitude is not None and payload.longitude is not None:
        location = Location(payload.latitude, payload.longitude, payload.accuracy or 0)
    session = services.session_check_in(
        volunteer=request.auth,
        station_id=scanned.station_id,
        via=scanned.via,
        program_id=payload.program,
        location=location,
        station=scanned.station,
        poster=scanned.poster_id if unread else None,
        login=request.login_pass if unread else None,
    )
    return _created(session_out(session))


def _created(out: SessionOut) -> HttpResponse:
    """201 with the session as pydantic writes it: the same schema and values as ninja's
    rendering (which builds a Python JSON encoder per answer), at a fifth of the cost."""
    return HttpResponse(out.model_dump_json(), status=201, content_type=JSON_CONTENT_TYPE)


@router.post("/checkout", response=SessionOut, auth=django_auth, summary="Check out")
def checkout(request):
    return session_out(services.session_check_out(volunteer=request.auth))


@router.post("/sessions/{session_id}/undo", response=SessionOut, auth=django_auth)
def undo(request, session_id: int, payload: UndoIn):
    session = get_object_or_404(Session.objects.select_related("station", "program"), pk=session_id)
    return session_out(
        services.session_undo(session=session, actor=request.auth, reason=payload.reason)
    )


@router.post("/kiosks/pair", response=PairOut, auth=None, summary="Pair a kiosk")
def pair(request, payload: PairIn):
    kiosk, token = services.kiosk_pair(code=payload.code)
    return PairOut(
        token=token,
        kiosk=kiosk.public_id,
        secret=kiosk.hmac_secret,
        station=kiosk.station_id,
        station_name=kiosk.station.name,
        window_seconds=tokens.window_seconds(),
    )


@router.post("/checkins/batch", response=list[BatchItemOut], auth=DeviceAuth())
def batch(request, payload: BatchIn):
    items = [ScanItem(uuid=i.uuid, card=i.card, scanned_at=i.scanned_at) for i in payload.items]
    results = services.batch_sync(kiosk=request.auth, items=items)
    return [
        BatchItemOut(
            uuid=r.uuid, status=r.status, code=r.code, detail=r.detail, session=r.session_id
        )
        for r in results
    ]


def station_out(station: Station) -> StationOut:
    return StationOut(
        id=station.pk,
        name=station.name,
        township=station.region.name,
        site=station.site,
        site_type=station.site_type,
        latitude=station.latitude,
        longitude=station.longitude,
    )


@router.get("/", response=list[StationOut], auth=django_auth, summary="Stations you may see")
def station_index(request):
    return [station_out(s) for s in selectors.station_list(user=request.auth)]


@router.get("/{station_id}", response=StationOut, auth=django_auth)
def station_detail(request, station_id: int):
    return station_out(get_object_or_404(selectors.station_list(user=request.auth), pk=station_id))
