"""审核: the station, the township office or the county accepts a request (optionally
passing it to another station), declines it with a reason the filer reads, or merges it
into the request it duplicates."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wishes.errors import WishError
from wishes.models import Status, Wish, WishEvent
from wishes.selectors import is_staff_of
from wishes.services.base import lock, record, require_step, required_text

A = WishEvent.Action


def require_staff(actor, wish: Wish) -> None:
    if not is_staff_of(actor, wish):
        raise WishError(_("You do not answer for this request."), "not_allowed")


@transaction.atomic
def wish_accept(*, wish: Wish, actor, station=None, note: str = "", now=None) -> Wish:
    now = now or timezone.now()
    wish = lock(wish)
    require_staff(actor, wish)
    require_step(wish, "accept")
    if station is not None and station.pk != wish.station_id:
        record(wish, A.REROUTED, actor=actor, role="staff", now=now,
               data={"from": wish.station.name, "to": station.name})  # fmt: skip
        wish.station = station
    wish.status = Status.ACCEPTED
    wish.save(update_fields=["status", "station"])
    record(wish, A.ACCEPTED, actor=actor, role="staff", now=now, note=note)
    return wish


@transaction.atomic
def wish_decline(*, wish: Wish, actor, reason: str, now=None) -> Wish:
    now = now or timezone.now()
    wish = lock(wish)
    require_staff(actor, wish)
    reason = required_text(reason, _("Declining needs a reason the filer will read."))
    require_step(wish, "decline")
    wish.status, wish.decline_reason, wish.closed_at = Status.DECLINED, reason[:300], now
    wish.save(update_fields=["status", "decline_reason", "closed_at"])
    record(wish, A.DECLINED, actor=actor, role="staff", now=now, note=reason)
    return wish


@transaction.atomic
def wish_merge(*, wish: Wish, actor, duplicate_of: Wish, now=None) -> Wish:
    """The filer follows the original from now on: their page links to it."""
    now = now or timezone.now()
    require_staff(actor, wish)
    if (
        duplicate_of is None
        or duplicate_of.pk == wish.pk
        or duplicate_of.status
        in (
            Status.DECLINED,
            Status.MERGED,
        )
    ):
        raise WishError(_("Merge into another request that is still going."), "duplicate_invalid")
    require_step(wish, "merge")
    wish.status, wish.duplicate_of, wish.closed_at = Status.MERGED, duplicate_of, now
    wish.save(update_fields=["status", "duplicate_of", "closed_at"])
    record(wish, A.MERGED, actor=actor, role="staff", now=now, data={"into": duplicate_of.code})
    return wish
