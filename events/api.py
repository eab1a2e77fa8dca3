"""Events API under /api/v1/events/: listing, create, series, publish, conflicts, skip,
move, "this and following", sign-up, cancel, check-in, hours. Same services as the pages;
a refusal answers {"code", "detail"} and, for conflicts, the list of "conflicts"."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from core.api_bounds import Moment
from events import selectors, services
from events.models import Event, Kind, Shift, SignUp, Venue
from volunteers.models import Team

router = Router(tags=["events"])


class EventIn(Schema):
    kind: Kind
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=5000)
    starts_at: Moment
    ends_at: Moment
    venue: int = Field(ge=1)
    teams: list[int] = Field(default_factory=list, max_length=50)
    expected_audience: int | None = Field(None, ge=0, le=10_000_000)
    override_reason: str = Field("", max_length=300)


class SeriesIn(EventIn):
    rrule: str = Field(min_length=1, max_length=300, examples=["FREQ=WEEKLY;BYDAY=SA;COUNT=10"])
    skip_holidays: bool = False
    makeup_workdays: bool = False
    publish: bool = True


class ConflictsIn(Schema):
    starts_at: Moment
    ends_at: Moment
    venue: int = Field(ge=1)
    teams: list[int] = Field(default_factory=list, max_length=50)
    exclude: int | None = Field(None, ge=1)


class ConflictOut(Schema):
    code: str
    message: str
    event_id: int | None


class EventOut(Schema):
    id: int
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    venue: str
    status: str
    series: int | None
    teams: list[str]
    expected_audience: int | None
    actual_audience: int | None

    @staticmethod
    def resolve_venue(obj):
        return obj.venue.name

    @staticmethod
    def resolve_series(obj):
        return obj.series_id

    @staticmethod
    def resolve_teams(obj):
        return [team.name for team in obj.teams.all()]


class SeriesOut(Schema):
    id: int
    rrule: str
    occurrences: list[EventOut]


class OverrideIn(Schema):
    override_reason: str = Field("", max_length=300)


class MoveIn(OverrideIn):
    starts_at: Moment
    ends_at: Moment


class FollowingIn(OverrideIn):
    starts_at: Moment | None = None
    duration_minutes: int | None = Field(None, ge=1, le=24 * 60)
    rrule: str | None = Field(None, min_length=1, max_length=300)
    title: str | None = Field(None, min_length=1, max_length=200)


class SignUpOut(Schema):
    id: int
    shift: int
    status: str
    attendance: str

    @staticmethod
    def resolve_shift(obj):
        return obj.shift_id


class CheckInIn(Schema):
    secret: str = Field(min_length=4, max_length=32)


class CountOut(Schema):
    claims: int


def _require_organizer(user) -> None:
    if not selectors.may_organize(user):
        raise PermissionDenied


def _fields(user, payload: EventIn) -> dict:
    return {
        "organizer": user,
        "kind": payload.kind,
        "title": payload.title,
        "venue": get_object_or_404(Venue, pk=payload.venue),
        "teams": list(Team.objects.filter(pk__in=payload.teams)),
        "override_reason": payload.override_reason,
    }


def _event(request, pk: int) -> Event:
    event = get_object_or_404(Event.objects.select_related("venue__region"), pk=pk)
    if not selectors.may_manage(request.user, event):
        raise Http404
    return event


@router.get("/", response=list[EventOut], auth=None)
def event_list(request, start: Moment | None = None, end: Moment | None = None):
    """Published events (cancelled ones included, marked), for residents."""
    return list(selectors.public_events(start=start, end=end)[:500])


@router.post("/", response={201: EventOut}, auth=django_auth)
def event_create(request, payload: EventIn):
    _require_organizer(request.user)
    event = services.event_create(
        **_fields(request.user, payload),
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        description=payload.description,
        expected_audience=payload.expected_audience,
    )
    return Status(201, event)


@router.post("/series", response={201: SeriesOut}, auth=django_auth)
def series_create(request, payload: SeriesIn):
    _require_organizer(request.user)
    series = services.series_create(
        **_fields(request.user, payload),
        rrule=payload.rrule,
        starts_at=payload.starts_at,
        duration_minutes=int((payload.ends_at - payload.starts_at).total_seconds() // 60),
        skip_holidays=payload.skip_holidays,
        makeup_workdays=payload.makeup_workdays,
        publish=payload.publish,
    )
    occurrences = series.occurrences.filter(skipped=False).prefetch_related("teams")
    return Status(201, {"id": series.pk, "rrule": series.rrule, "occurrences": list(occurrences)})


@router.post("/conflicts", response=list[ConflictOut], auth=django_auth)
def conflicts(request, payload: ConflictsIn):
    """The conflicts an event would have, before saving or publishing it."""
    _require_organizer(request.user)
    found = selectors.event_conflicts(
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        venue=get_object_or_404(Venue, pk=payload.venue),
        teams=list(Team.objects.filter(pk__in=payload.teams)),
        exclude_ids=[payload.exclude] if payload.exclude else [],
    )
    return [c.as_dict() for c in found]


@router.get("/{int:event_id}", response=EventOut, auth=None)
def event_get(request, event_id: int):
    event = get_object_or_404(Event.objects.select_related("venue"), pk=event_id, skipped=False)
    if event.status == Event.Status.DRAFT and not selectors.may_manage(request.user, event):
        raise Http404
    return event


@router.post("/{int:event_id}/publish", response=EventOut, auth=django_auth)
def publish(request, event_id: int, payload: OverrideIn):
    event = _event(request, event_id)
    return services.event_publish(
        event=event, actor=request.user, override_reason=payload.override_reason
    )


@router.post("/{int:event_id}/skip", response=EventOut, auth=django_auth)
def skip(request, event_id: int):
    return services.occurrence_skip(event=_event(request, event_id), actor=request.user)


@router.post("/{int:event_id}/move", response=EventOut, auth=django_auth)
def move(request, event_id: int, payload: MoveIn):
    return services.occurrence_move(
        event=_event(request, event_id),
        actor=request.user,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        override_reason=payload.override_reason,
    )


@router.post("/{int:event_id}/following", response=SeriesOut, auth=django_auth)
def edit_following(request, event_id: int, payload: FollowingIn):
    """ "This and following": the series is split at this occurrence."""
    series = services.series_edit_following(
        event=_event(request, event_id), actor=request.user, **payload.dict()
    )
    occurrences = series.occurrences.filter(skipped=False).prefetch_related("teams")
    return {"id": series.pk, "rrule": series.rrule, "occurrences": list(occurrences)}


@router.post("/{int:event_id}/hours", response=CountOut, auth=django_auth)
def post_hours(request, event_id: int):
    claims = services.attendance_post(event=_event(request, event_id), actor=request.user)
    return {"claims": len(claims)}


@router.post("/shifts/{int:shift_id}/sign-up", response={201: SignUpOut}, auth=django_auth)
def sign_up(request, shift_id: int):
    shift = get_object_or_404(Shift, pk=shift_id)
    signup = services.shift_sign_up(shift=shift, user=request.user)
    return Status(201, signup)


@router.post("/signups/{int:signup_id}/cancel", response=SignUpOut, auth=django_auth)
def cancel(request, signup_id: int):
    signup = get_object_or_404(SignUp, pk=signup_id, volunteer=request.user)
    return services.shift_cancel(signup=signup, user=request.user)


@router.post("/check-in", response=SignUpOut, auth=django_auth)
def check_in(request, payload: CheckInIn):
    return services.attendance_check_in(secret=payload.secret, user=request.user)
