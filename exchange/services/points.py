"""Points earned from confirmed hours, bonuses the county grants, and reversals.

Accrual reads the hours ledger on from its own cursor (``PointsHead.hours_seq``) through
``ledger.selectors.entries_after``: the ledger never calls exchange. Each hours entry earns
``minutes × rate ÷ 60`` points (rounded down) once, keyed ``hours:<seq>``; an hours reversal
posts the counter-entry of what the reversed entry earned; a replacement (a correction's
new minutes) earns at the rate its original earned. Rates are settings (``exchange.rates``).
"""

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import Role
from core.selectors import user_has_role
from core.services import audit_log
from exchange import people, rates
from exchange.errors import ExchangeError
from exchange.models import PointsEntry, PointsKind
from exchange.services.posting import Poster, lock_head, post_one
from ledger.selectors import entries_after

ACCRUE_CHUNK = 5000
HOURS_FIELDS = (
    "pk",
    "seq",
    "volunteer_id",
    "minutes",
    "program_key",
    "kind",
    "reverses_id",
    "corrects_id",
    "township_id",
    "service_date",
    "activity",
)
MAX_BONUS = 100_000


def points_accrue(*, limit: int | None = None, now=None) -> int:
    """Earn points for the hours entries posted since the last accrual. Returns how many
    hours entries were read. Each chunk commits on its own, so a long catch-up keeps its
    progress if the worker stops, and a repeat reads on from where the last one ended."""
    read = 0
    while (limit is None or read < limit) and accrual_pending():
        size = ACCRUE_CHUNK if limit is None else min(ACCRUE_CHUNK, limit - read)
        done = _accrue_chunk(size, now or timezone.now())
        read += done
        if done < size:
            break
    return read


CATCH_UP = 2000  # hours entries a request reads inline; a longer backlog is the worker's


def points_catch_up() -> None:
    """Earn the points of hours confirmed since the last accrual, before a balance is shown
    or spent: nothing to do costs two indexed reads; a few thousand entries are read
    inline; a longer backlog is left to the worker, queued once the request commits."""
    from exchange.tasks import points_accrue_task  # tasks sit above services

    if points_accrue(limit=CATCH_UP) == CATCH_UP:
        transaction.on_commit(points_accrue_task.enqueue)


def accrual_pending() -> bool:
    """Whether the hours ledger has entries that accrual has not read yet (two reads)."""
    from exchange.models import PointsHead
    from ledger.selectors import ledger_head_seq

    return ledger_head_seq() > PointsHead.objects.values_list("hours_seq", flat=True).get(pk=1)


@transaction.atomic
def _accrue_chunk(size: int, now) -> int:
    head = lock_head()
    rows = list(entries_after(head.hours_seq).values(*HOURS_FIELDS)[:size])
    if not rows:
        return 0
    accrual = _Accrual(Poster(head, now), rows)
    for row in rows:
        accrual.add(row)
    head.hours_seq = rows[-1]["seq"]
    accrual.poster.flush()
    return len(rows)


class _Accrual:
    """The points of a chunk of hours entries; knows what earlier entries earned."""

    def __init__(self, poster: Poster, rows):
        self.poster = poster
        self.homes = people.home_townships(row["volunteer_id"] for row in rows)
        referred = {row["reverses_id"] or row["corrects_id"] for row in rows} - {None}
        earned = PointsEntry.objects.filter(hours_entry_id__in=referred, kind=PointsKind.EARN)
        self.earned = {e.hours_entry_id: e for e in earned}
        reversed_ids = PointsEntry.objects.filter(reverses__in=earned).values_list(
            "reverses_id", flat=True
        )
        self.reversed = set(reversed_ids)
        self.since = settings.HONGYI_POINTS_SINCE

    def add(self, row: dict) -> None:
        if self.since and row["service_date"] < self.since:
            return
        if row["reverses_id"]:
            self._reverse(row)
            return
        original = self.earned.get(row["corrects_id"])
        rate = original.rate if original else rates.rate_for(row["program_key"], row["kind"])
        points = row["minutes"] * rate // 60
        if points > 0:
            self.earned[row["pk"]] = self.poster.add(
                **self._common(row),
                kind=PointsKind.EARN,
                points=points,
                rate=rate,
                source_key=f"hours:{row['seq']}",
            )

    def _common(self, row: dict) -> dict:
        township = row["township_id"] or self.homes[row["volunteer_id"]]
        return {
            "volunteer_id": row["volunteer_id"],
            "hours_entry_id": row["pk"],
            "township_id": township,
            "on": row["service_date"],
            "note": row["activity"][:200],
        }

    def _reverse(self, row: dict) -> None:
        target = self.earned.get(row["reverses_id"])
        if target is None or target.pk in self.reversed:
            return
        if target.pk is None:  # earned in this chunk: written first, so it has a key
            self.poster.flush()
        self.reversed.add(target.pk)
        self.poster.add(
            **{**self._common(row), "township_id": target.township_id},
            kind=PointsKind.REVERSAL,
            points=-target.points,
            rate=target.rate,
            reverses_id=target.pk,
            source_key=f"hours-reversal:{row['seq']}",
        )


def _require_county(actor) -> None:
    if not user_has_role(actor, Role.COUNTY_OFFICE):
        raise PermissionDenied


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ExchangeError(_("Please give a reason."), "reason_required")
    return reason[:500]


@transaction.atomic
def points_grant(*, volunteer, points: int, reason: str, actor, now=None) -> PointsEntry:
    """A bonus the county grants one volunteer, with the reason the volunteer sees."""
    _require_county(actor)
    reason = _reason(reason)
    if not 1 <= points <= MAX_BONUS:
        raise ExchangeError(
            _("A bonus is between 1 and %(max)s points.") % {"max": MAX_BONUS}, "points_invalid"
        )
    now = now or timezone.now()
    entry = post_one(
        now=now,
        volunteer_id=volunteer.pk,
        kind=PointsKind.BONUS,
        points=points,
        source_key=f"bonus:{uuid.uuid4().hex}",
        township_id=people.home_townships([volunteer.pk])[volunteer.pk],
        on=timezone.localdate(now),
        note=_("Bonus"),
        reason=reason,
        actor_id=actor.pk,
    )
    audit_log(
        actor=actor,
        action="points.grant",
        target=entry,
        data={"volunteer": volunteer.pk, "points": points, "reason": reason},
    )
    return entry


@transaction.atomic
def points_reverse(*, entry: PointsEntry, reason: str, actor, now=None) -> PointsEntry:
    """Cancel an earning or a bonus with its counter-entry; the entry itself stays.

    A redemption is undone by cancelling it (which also returns the item to stock).
    """
    _require_county(actor)
    reason = _reason(reason)
    lock_head()
    if entry.kind not in (PointsKind.EARN, PointsKind.BONUS):
        raise ExchangeError(
            _("Only earned points and bonuses can be reversed; cancel a redemption instead."),
            "not_reversible",
        )
    if PointsEntry.objects.filter(reverses=entry).exists():
        raise ExchangeError(_("These points have already been reversed."), "already_reversed")
    now = now or timezone.now()
    reversal = post_one(
        now=now,
        volunteer_id=entry.volunteer_id,
        kind=PointsKind.REVERSAL,
        points=-entry.points,
        rate=entry.rate,
        reverses_id=entry.pk,
        source_key=f"reversal:{entry.seq}",
        township_id=entry.township_id,
        on=timezone.localdate(now),
        note=entry.note,
        reason=reason,
        actor_id=actor.pk,
    )
    audit_log(actor=actor, action="points.reverse", target=entry, data={"reason": reason})
    return reversal
