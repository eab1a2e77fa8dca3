"""Wishes API under /api/v1/wishes/: file, follow by tracking code, list, claim, assign,
progress, close (办结), review, confirm, reopen and rate. Explicit schemas; the same
services as the pages; refusals carry a stable code and a Chinese message."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.security import django_auth
from ninja.utils import check_csrf

from core.api_bounds import Pages, RowId
from core.links import public_url
from core.masking import mask_name
from core.models import Region
from core.ratelimits import limited
from stations.models import Station
from volunteers.models import Team
from wishes import selectors, services
from wishes.codes import display_code, normalize_code
from wishes.deadlines import COLOUR_OF_RANK, Palette
from wishes.errors import WishError
from wishes.models import Wish, WishKind

router = Router(tags=["wishes"])
Code = Field(min_length=4, max_length=24)


class FileIn(Schema):
    kind: str = Field(min_length=1, max_length=20, description="wish, visitor, snapshot, …")
    title: str = Field(min_length=1, max_length=60)
    description: str = Field("", max_length=1000)
    phone: str = Field(min_length=11, max_length=11)
    filer_name: str = Field("", max_length=30)
    address: str = Field("", max_length=200)
    station: RowId | None = None
    township: str | None = Field(None, min_length=9, max_length=9, description="9-digit code")
    latitude: Decimal | None = Field(None, ge=-90, le=90, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(None, ge=-180, le=180, max_digits=9, decimal_places=6)
    website: str = Field("", max_length=100, description="Leave empty (a honeypot)")


class FiledOut(Schema):
    code: str
    display_code: str
    status: str
    follow_url: str


class StepOut(Schema):
    action: str
    label: str
    at: datetime
    by: str
    note: str


class TrackOut(Schema):
    code: str
    title: str
    kind: str
    status: str
    status_label: str
    station: str
    filed_at: datetime
    due_on: date
    decline_reason: str
    rating: int | None
    steps: list[StepOut]


class ItemOut(Schema):
    id: int
    code: str
    title: str
    kind: str
    status: str
    station: str
    township: str
    due_on: date
    colour: str | None


class ReasonIn(Schema):
    reason: str = Field(min_length=1, max_length=300)


class RateIn(Schema):
    stars: int = Field(ge=1, le=5)
    comment: str = Field("", max_length=300)


class AssignIn(Schema):
    volunteer_number: str | None = Field(None, min_length=1, max_length=24)
    team: RowId | None = None


class NoteIn(Schema):
    note: str = Field(min_length=1, max_length=1000)


class HoursIn(Schema):
    volunteer_number: str | None = Field(
        None, min_length=1, max_length=24, description="Left out: the caller"
    )
    minutes: int = Field(ge=1, le=24 * 60)


class CloseIn(Schema):
    note: str = Field(min_length=1, max_length=1000)
    hours: list[HoursIn] = Field(min_length=1, max_length=10)


class ReviewIn(Schema):
    decision: Literal["accept", "decline", "merge"]
    reason: str = Field("", max_length=300)
    duplicate_code: str | None = Field(None, min_length=4, max_length=24)
    station: RowId | None = None


class DoneOut(Schema):
    id: int
    code: str
    status: str


def _done(wish: Wish) -> DoneOut:
    return DoneOut(id=wish.pk, code=wish.code, status=wish.status)


def _refuse(message, code="invalid"):
    return WishError(message, code)


def _found(model, **lookup):
    row = model.objects.filter(**lookup).first()
    if row is None:
        raise _refuse(_("%(what)s not found.") % {"what": model._meta.verbose_name}, "invalid")
    return row


def _filing(payload: FileIn) -> services.Filing:
    if payload.website:
        raise _refuse(_("Something went wrong. Please send the form again."), "honeypot")
    kind = WishKind.objects.filter(code=payload.kind).first()
    if kind is None:
        raise _refuse(_("Unknown kind of request."), "kind_closed")
    return services.Filing(
        kind=kind, title=payload.title, phone=payload.phone, description=payload.description,
        filer_name=payload.filer_name, address=payload.address,
        station=_found(Station, pk=payload.station) if payload.station else None,
        township=_found(Region, code=payload.township, level="township")
        if payload.township else None,
        latitude=payload.latitude, longitude=payload.longitude,
    )  # fmt: skip


@router.post("/", response={201: FiledOut}, summary="File a request (no account needed)")
@limited("wish_ip", method="POST")
@limited("wish_phone", method="POST")
def file_wish(request, payload: Form[FileIn], photos: File[list[UploadedFile]] = None):
    filer = _logged_in_filer(request)
    wish = services.wish_file(filing=_filing(payload), photos=photos or [], filer=filer)
    url = public_url(f"/wishes/t/{wish.code}/")
    body = FiledOut(code=wish.code, display_code=display_code(wish.code), status=wish.status,
                    follow_url=url)  # fmt: skip
    return Status(201, body)


def _logged_in_filer(request):
    """Anyone may file; a logged-in caller files as themselves, so their session must
    come with the CSRF token (another site must not file in their name)."""
    if not request.user.is_authenticated:
        return None
    if check_csrf(request):
        raise HttpError(403, _("The CSRF check failed. Reload the page and try again."))
    return request.user


def _by_code(code: str) -> Wish:
    wish = selectors.wish_by_code(normalize_code(code))
    if wish is None:
        raise WishError(_("No request has this tracking code."), "wish_not_found")
    return wish


def _step(event) -> StepOut:
    by = ""
    if event.actor_role == "volunteer" and event.actor:
        by = mask_name(event.actor.name)
    return StepOut(action=event.action, label=event.get_action_display(), at=event.at, by=by,
                   note=event.note)  # fmt: skip


@router.get("/track/{code}", response=TrackOut, summary="Follow a request by its tracking code")
@limited("follow")
def track(request, code: str):
    wish = _by_code(code)
    return TrackOut(
        code=wish.code, title=wish.title, kind=wish.kind.name, status=wish.status,
        status_label=wish.get_status_display(), station=wish.station.name,
        filed_at=wish.filed_at, due_on=wish.due_on, decline_reason=wish.decline_reason,
        rating=wish.rating, steps=[_step(e) for e in selectors.timeline(wish)],
    )  # fmt: skip


@router.post("/track/{code}/confirm", response=DoneOut, summary="The filer confirms it is done")
@limited("follow")
def confirm(request, code: str):
    return _done(services.wish_confirm(wish=_by_code(code), actor=request.user))


@router.post("/track/{code}/reopen", response=DoneOut, summary="The filer: not done yet")
@limited("follow")
def reopen(request, code: str, payload: ReasonIn):
    wish = services.wish_reopen(wish=_by_code(code), reason=payload.reason, actor=request.user)
    return _done(wish)


@router.post("/track/{code}/rate", response=DoneOut, summary="The filer rates it, 1–5 stars")
@limited("follow")
def rate(request, code: str, payload: RateIn):
    wish = services.wish_rate(wish=_by_code(code), stars=payload.stars, comment=payload.comment,
                              actor=request.user)  # fmt: skip
    return _done(wish)


def _item(row: dict) -> ItemOut:
    return ItemOut(id=row["pk"], code=row["code"], title=row["title"], kind=row["kind__name"],
                   status=row["status"], station=row["station__name"],
                   township=row["township__name"], due_on=row["due_on"],
                   colour=COLOUR_OF_RANK.get(row["rank"]))  # fmt: skip


class ListIn(Schema):
    view: Literal["board", "tasks", "staff", "open"] = Field(
        "board",
        description="board: accepted, unclaimed (any volunteer); tasks: mine and my teams'; "
        "staff: all the caller answers for; open: those still open",
    )
    township: str | None = Field(None, min_length=9, max_length=9, description="9-digit code")


@router.get("/", response=list[ItemOut], auth=django_auth, summary="List requests, red first")
@paginate(Pages)
def list_wishes(request, filters: Query[ListIn]):
    palette, view, township = Palette.on(), filters.view, filters.township
    if view == "tasks":
        rows = selectors.tasks_of(request.user, palette)
    elif view == "board":
        region = Region.objects.filter(code=township).first() if township else None
        rows = selectors.board(palette, township=region)
    else:
        rows = _staff_rows(request.user, palette, only_open=view == "open", township=township)
    return [_item(row) for row in rows]


def _staff_rows(user, palette, *, only_open: bool, township):
    if selectors.scope_q(user) is None:
        raise WishError(_("You do not answer for any requests."), "not_allowed")
    queryset = selectors.staff_wishes(user)
    if only_open:
        queryset = queryset.filter(status__in=selectors.OPEN_STATUSES)
    if township:
        queryset = queryset.filter(township__code=township)
    return selectors.coloured(queryset, palette)


def _wish(wish_id: int) -> Wish:
    wish = selectors.wish_detail(wish_id)
    if wish is None:
        raise WishError(_("No such request."), "wish_not_found")
    return wish


@router.post("/{wish_id}/claim", response=DoneOut, auth=django_auth, summary="A volunteer claims")
def claim(request, wish_id: RowId):
    return _done(services.wish_claim(wish=_wish(wish_id), user=request.user))


def _volunteer(number: str):
    volunteer = selectors.volunteer_by_number(number)
    if volunteer is None:
        raise WishError(_("No volunteer has the number %(n)s.") % {"n": number},
                        "volunteer_not_found")  # fmt: skip
    return volunteer.user


@router.post("/{wish_id}/assign", response=DoneOut, auth=django_auth, summary="Staff assign")
def assign(request, wish_id: RowId, payload: AssignIn):
    wish = _wish(wish_id)
    services.review.require_staff(request.user, wish)
    volunteer = _volunteer(payload.volunteer_number) if payload.volunteer_number else None
    team = _found(Team, pk=payload.team) if payload.team else None
    return _done(services.wish_assign(wish=wish, actor=request.user, volunteer=volunteer,
                                      team=team))  # fmt: skip


@router.post("/{wish_id}/progress", response=DoneOut, auth=django_auth, summary="Note progress")
def progress(request, wish_id: RowId, payload: NoteIn):
    wish = _wish(wish_id)
    services.wish_progress(wish=wish, actor=request.user, note=payload.note)
    return _done(wish)


@router.post("/{wish_id}/close", response=DoneOut, auth=django_auth,
             summary="办结: report it done, with each helper's minutes")  # fmt: skip
def close(request, wish_id: RowId, payload: CloseIn):
    wish = _wish(wish_id)
    if not selectors.may_handle(request.user, wish):
        raise WishError(_("Only the assigned volunteer or the staff may do this."), "not_assignee")
    helpers = [
        services.Helper(_volunteer(h.volunteer_number) if h.volunteer_number else request.user,
                        h.minutes)
        for h in payload.hours
    ]  # fmt: skip
    return _done(services.wish_resolve(wish=wish, actor=request.user, note=payload.note,
                                       helpers=helpers))  # fmt: skip


@router.post("/{wish_id}/review", response=DoneOut, auth=django_auth,
             summary="审核: accept, decline with a reason, or merge")  # fmt: skip
def review(request, wish_id: RowId, payload: ReviewIn):
    wish = _wish(wish_id)
    services.review.require_staff(request.user, wish)
    if payload.decision == "accept":
        station = _found(Station, pk=payload.station) if payload.station else None
        return _done(services.wish_accept(wish=wish, actor=request.user, station=station))
    if payload.decision == "decline":
        return _done(services.wish_decline(wish=wish, actor=request.user, reason=payload.reason))
    original = selectors.wish_by_code(normalize_code(payload.duplicate_code or ""))
    return _done(services.wish_merge(wish=wish, actor=request.user, duplicate_of=original))
