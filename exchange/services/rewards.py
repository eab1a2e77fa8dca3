"""The rewards catalogue, redemptions and their pick-up.

A redemption takes the points head lock first and the reward's row lock second (every
writer in that order, so none deadlock), checks the balance and the stock under them,
takes one from stock with a conditional UPDATE and posts the spend: two volunteers
redeeming the last item at once get one item and one ``out_of_stock``, and the stock
never goes below zero (the database's CHECK backs this up).
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import audit_log
from exchange import selectors
from exchange.errors import ExchangeError
from exchange.models import PointsKind, Redemption, Reward
from exchange.services.posting import lock_head, post_one
from stations.tokens import random_secret

CODE_LENGTH = 10
REWARD_FIELDS = ("name", "description", "points", "stock", "station", "place", "active")


def _check_reward_fields(fields: dict, township) -> None:
    station = fields.get("station")
    if station is not None and not station.region.code.startswith(township.code):
        raise ValidationError({"station": _("The station must be in the reward's township.")})


@transaction.atomic
def reward_create(*, actor, township, **fields) -> Reward:
    """A new item in ``township``'s catalogue (the county's own when it is the county)."""
    if not selectors.may_manage_township(actor, township):
        raise PermissionDenied
    _check_reward_fields(fields, township)
    reward = Reward.objects.create(
        township=township, created_by=actor, **{k: fields[k] for k in REWARD_FIELDS if k in fields}
    )
    audit_log(
        actor=actor,
        action="reward.create",
        target=reward,
        data={"name": reward.name, "points": reward.points, "stock": reward.stock},
    )
    return reward


@transaction.atomic
def reward_update(*, reward: Reward, actor, **fields) -> Reward:
    """Change an item; the row is locked so a redemption in flight sees one stock or the other."""
    reward = Reward.objects.select_for_update().get(pk=reward.pk)
    if not selectors.may_manage_township(actor, reward.township):
        raise PermissionDenied
    _check_reward_fields(fields, reward.township)
    before = {name: str(getattr(reward, name)) for name in fields}
    for name, value in fields.items():
        setattr(reward, name, value)
    reward.save(update_fields=list(fields))
    audit_log(
        actor=actor,
        action="reward.update",
        target=reward,
        data={"before": before, "after": {k: str(v) for k, v in fields.items()}},
    )
    return reward


def new_pickup_code() -> str:
    return random_secret(CODE_LENGTH)


@transaction.atomic
def reward_redeem(*, reward: Reward, volunteer, now=None) -> Redemption:
    """Spend the volunteer's points on one of ``reward``; returns the redemption with its code."""
    now = now or timezone.now()
    lock_head()
    reward = (
        Reward.objects.select_for_update(of=("self",)).select_related("township").get(pk=reward.pk)
    )
    _check_redeemable(reward, volunteer)
    if selectors.points_of(volunteer) < reward.points:
        raise ExchangeError(
            _("Not enough points: this needs %(need)s, you have %(have)s.")
            % {"need": reward.points, "have": selectors.points_of(volunteer)},
            "insufficient_points",
        )
    if not Reward.objects.filter(pk=reward.pk, stock__gte=1).update(stock=F("stock") - 1):
        raise ExchangeError(_("Sorry, this item is out of stock."), "out_of_stock")
    redemption = Redemption.objects.create(
        reward=reward,
        volunteer=volunteer,
        points=reward.points,
        code=new_pickup_code(),
        created_at=now,
        expires_at=now + timedelta(days=settings.HONGYI_PICKUP_DAYS),
    )
    post_one(
        now=now,
        volunteer_id=volunteer.pk,
        kind=PointsKind.SPEND,
        points=-reward.points,
        redemption_id=redemption.pk,
        source_key=f"redeem:{redemption.pk}",
        township_id=reward.township_id,
        on=timezone.localdate(now),
        note=reward.name[:200],
        actor_id=volunteer.pk,
    )
    audit_log(
        actor=volunteer,
        action="reward.redeem",
        target=redemption,
        data={"reward": reward.pk, "points": reward.points},
    )
    return redemption


def _check_redeemable(reward: Reward, volunteer) -> None:
    if not reward.active:
        raise ExchangeError(_("This item is no longer offered."), "not_offered")
    if not selectors.rewards_for(volunteer).filter(pk=reward.pk).exists():
        raise ExchangeError(
            _("This item is offered to volunteers of another township."), "not_offered"
        )


def _locked_reserved(redemption: Redemption) -> Redemption:
    redemption = (
        Redemption.objects.select_for_update(of=("self",))
        .select_related("reward__station", "reward__township", "volunteer")
        .get(pk=redemption.pk)
    )
    if redemption.status != Redemption.Status.RESERVED:
        raise ExchangeError(
            _("This redemption is already “%(status)s”.")
            % {"status": redemption.get_status_display()},
            "not_reserved",
        )
    return redemption


@transaction.atomic
def redemption_cancel(*, redemption: Redemption, actor, reason: str = "", now=None):
    """Give the points back and the item back to stock. The volunteer may cancel their own;
    the office that manages the catalogue may cancel any, with a reason."""
    now = now or timezone.now()
    own = actor is not None and actor.pk == redemption.volunteer_id
    if not own and not selectors.may_manage_township(actor, redemption.reward.township):
        raise PermissionDenied  # before the state: an outsider learns nothing of it
    lock_head()
    redemption = _locked_reserved(redemption)
    reason = (reason or "").strip()[:200] or _("Cancelled by the volunteer")
    return _cancel(redemption, actor=actor, reason=reason, now=now)


def _cancel(redemption: Redemption, *, actor, reason: str, now) -> Redemption:
    Reward.objects.filter(pk=redemption.reward_id).update(stock=F("stock") + 1)
    redemption.status, redemption.cancelled_at = Redemption.Status.CANCELLED, now
    redemption.cancel_reason = reason
    redemption.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    post_one(
        now=now,
        volunteer_id=redemption.volunteer_id,
        kind=PointsKind.REFUND,
        points=redemption.points,
        redemption_id=redemption.pk,
        source_key=f"refund:{redemption.pk}",
        township_id=redemption.reward.township_id,
        on=timezone.localdate(now),
        note=redemption.reward.name[:200],
        reason=reason,
        actor_id=actor.pk if actor else None,
    )
    audit_log(actor=actor, action="reward.cancel", target=redemption, data={"reason": reason})
    return redemption


@transaction.atomic
def redemption_collect(*, code: str, actor, now=None) -> Redemption:
    """The station manager scanned the pick-up code and hands the item over."""
    now = now or timezone.now()
    found = selectors.redemption_by_code(code)
    if found is None:
        raise ExchangeError(_("No redemption has this pick-up code."), "unknown_code")
    if not selectors.may_collect(actor, found):  # before the state, as for any refusal
        raise ExchangeError(
            _("This item is collected at %(place)s, not here.") % {"place": found.reward.place},
            "not_allowed",
        )
    redemption = _locked_reserved(found)
    if redemption.expires_at < now:
        raise ExchangeError(
            _("This pick-up code expired on %(day)s.")
            % {"day": timezone.localdate(redemption.expires_at)},
            "expired",
        )
    redemption.status, redemption.collected_at = Redemption.Status.COLLECTED, now
    redemption.collected_by = actor
    redemption.save(update_fields=["status", "collected_at", "collected_by"])
    audit_log(actor=actor, action="reward.collect", target=redemption)
    return redemption


def redemptions_expire(*, now=None) -> int:
    """Cancel the redemptions nobody collected in time: points back, item back to stock."""
    now = now or timezone.now()
    expired = Redemption.objects.filter(status=Redemption.Status.RESERVED, expires_at__lt=now)
    count = 0
    for redemption in expired.order_by("pk"):
        with transaction.atomic():
            lock_head()
            try:
                locked = _locked_reserved(redemption)
            except ExchangeError:
                continue  # collected or cancelled meanwhile
            _cancel(locked, actor=None, reason=_("Not collected in time"), now=now)
            count += 1
    return count
