"""办结 → 确认 → 评价: the filer confirms (or says it is not done yet), and rates it.

The filer is whoever holds the tracking code (a resident without an account), or the
account that filed it; the views check that before calling. A request nobody confirms
is confirmed automatically ``HONGYI_WISH_AUTO_CONFIRM_DAYS`` after it was done, by the
daily job.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wishes.errors import WishError
from wishes.models import Status, Wish, WishEvent
from wishes.services.base import locked, record, required_text

A = WishEvent.Action


@transaction.atomic
def wish_confirm(*, wish: Wish, actor=None, now=None) -> Wish:
    now = now or timezone.now()
    wish = locked(wish, "confirm")
    _close(wish, now)
    record(wish, A.CONFIRMED, actor=actor, role="filer", now=now)
    return wish


def _close(wish: Wish, now) -> None:
    wish.status, wish.closed_at = Status.CONFIRMED, now
    wish.save(update_fields=["status", "closed_at"])


@transaction.atomic
def wish_reopen(*, wish: Wish, reason: str, actor=None, now=None) -> Wish:
    """Not done yet: back to the volunteer, with the filer's words."""
    now = now or timezone.now()
    reason = required_text(reason, _("Say what is still missing."))
    wish = locked(wish, "reopen")
    wish.status, wish.resolved_at, wish.resolved_late = Status.ASSIGNED, None, None
    wish.save(update_fields=["status", "resolved_at", "resolved_late"])
    record(wish, A.REOPENED, actor=actor, role="filer", now=now, note=reason)
    return wish


@transaction.atomic
def wish_rate(*, wish: Wish, stars: int, comment: str = "", actor=None, now=None) -> Wish:
    """1–5 stars, once. Rating a request that is done also confirms it."""
    now = now or timezone.now()
    if not isinstance(stars, int) or not 1 <= stars <= 5:
        raise WishError(_("Give one to five stars."), "rating_invalid")
    wish = locked(wish, "rate")
    if wish.rating is not None:
        raise WishError(_("This request has already been rated."), "already_rated")
    if wish.status == Status.RESOLVED:
        _close(wish, now)
        record(wish, A.CONFIRMED, actor=actor, role="filer", now=now)
    wish.rating, wish.rating_comment, wish.rated_at = stars, comment.strip()[:300], now
    wish.save(update_fields=["rating", "rating_comment", "rated_at"])
    record(wish, A.RATED, actor=actor, role="filer", now=now, note=wish.rating_comment,
           data={"stars": stars})  # fmt: skip
    return wish


def wishes_auto_confirm(*, now=None) -> int:
    """Confirm every request done more than the setting's days ago. Idempotent."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.HONGYI_WISH_AUTO_CONFIRM_DAYS)
    due = Wish.objects.filter(status=Status.RESOLVED, resolved_at__lte=cutoff)
    return sum(_auto_confirm(pk, now) for pk in due.values_list("pk", flat=True))


@transaction.atomic
def _auto_confirm(pk: int, now) -> int:
    wish = Wish.objects.select_for_update().filter(pk=pk, status=Status.RESOLVED).first()
    if wish is None:
        return 0
    _close(wish, now)
    days = settings.HONGYI_WISH_AUTO_CONFIRM_DAYS
    record(wish, A.AUTO_CONFIRMED, actor=None, role="system", now=now, data={"days": days})
    return 1
