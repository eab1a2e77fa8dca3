"""Exchange API: a volunteer's points, the rewards they can redeem, redemptions and
pick-up, external records. Writes call the same services as the pages; refusals come back
as ``{"code": ..., "detail": ...}`` with a Chinese message (``insufficient_points``,
``out_of_stock``, ``unknown_code``, …; see config/api.py).
"""

from datetime import date, datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import django_auth

from core.api_bounds import Pages, RowId
from core.quantities import format_hours
from exchange import selectors, services
from exchange.models import Redemption, Reward
from volunteers.selectors import volunteer_by_number

router = Router(tags=["exchange"], auth=django_auth)


class PointsOut(Schema):
    points: int
    issued: int
    redeemed: int


class PointsEntryOut(Schema):
    seq: int
    on: date
    kind: str
    points: int
    rate: int
    note: str
    reason: str


class RewardOut(Schema):
    id: int
    name: str
    description: str
    points: int
    stock: int
    place: str
    township: str = Field(alias="township.name")


class RedemptionOut(Schema):
    id: int
    reward: str = Field(alias="reward.name")
    points: int
    code: str
    status: str
    place: str = Field(alias="reward.place")
    created_at: datetime
    expires_at: datetime


class CancelIn(Schema):
    reason: str = Field("", max_length=200)


class PickupIn(Schema):
    code: str = Field(..., min_length=1, max_length=40)


class GrantIn(Schema):
    volunteer_number: str = Field(..., min_length=1, max_length=24)
    points: int = Field(..., ge=1, le=100_000)
    reason: str = Field(..., min_length=1, max_length=500)


class ExternalRecordOut(Schema):
    origin: str
    record_ref: str
    service_date: date
    activity: str
    place: str
    unit: str
    minutes: int
    hours: str
    is_correction: bool

    @staticmethod
    def resolve_hours(record):
        return format_hours(record.minutes)


class ErrorOut(Schema):
    code: str
    detail: str


@router.get("/points/me", response=PointsOut, summary="My points")
def my_points(request):
    services.points_catch_up()
    return selectors.points_summary(request.auth).__dict__


@router.get("/points/me/entries", response=list[PointsEntryOut], summary="My points history")
@paginate(Pages)
def my_points_entries(request):
    return selectors.points_history(request.auth)


@router.get("/rewards", response=list[RewardOut], summary="Rewards I can redeem")
def rewards(request):
    return list(selectors.rewards_for(request.auth))


@router.post(
    "/rewards/{reward_id}/redeem",
    response={201: RedemptionOut, 409: ErrorOut},
    summary="Redeem a reward: spends my points, gives a pick-up code",
)
def redeem(request, reward_id: RowId):
    reward = get_object_or_404(Reward, pk=reward_id)
    services.points_catch_up()
    return Status(201, services.reward_redeem(reward=reward, volunteer=request.auth))


@router.get("/redemptions/mine", response=list[RedemptionOut], summary="My redemptions")
def my_redemptions(request):
    return list(selectors.redemptions_of(request.auth)[:100])


@router.post(
    "/redemptions/{redemption_id}/cancel",
    response={200: RedemptionOut, 409: ErrorOut},
    summary="Cancel a redemption: points back, item back in stock",
)
def cancel(request, redemption_id: RowId, payload: CancelIn):
    redemption = get_object_or_404(Redemption, pk=redemption_id)
    return services.redemption_cancel(
        redemption=redemption, actor=request.auth, reason=payload.reason
    )


@router.post(
    "/pickup",
    response={200: RedemptionOut, 404: ErrorOut, 409: ErrorOut},
    summary="Hand over a reward whose pick-up code was scanned",
)
def pickup(request, payload: PickupIn):
    return services.redemption_collect(code=payload.code, actor=request.auth)


@router.post(
    "/points/grant", response={201: PointsEntryOut}, summary="Grant a bonus (county office)"
)
def grant(request, payload: GrantIn):
    volunteer = volunteer_by_number(payload.volunteer_number)
    if volunteer is None:
        raise Http404
    entry = services.points_grant(
        volunteer=volunteer.user, points=payload.points, reason=payload.reason, actor=request.auth
    )
    return Status(201, entry)


@router.get(
    "/external/me",
    response=list[ExternalRecordOut],
    summary="My records from elsewhere (not counted here)",
)
def my_external(request):
    return list(selectors.external_records_of(request.auth)[:1000])
