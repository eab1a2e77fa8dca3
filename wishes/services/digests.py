"""The daily overdue list: each station's managers get the station's red items once a day.

The list is kept (``OverdueDigest``) and shown at the top of the managers' list page.
Apps above this one (messaging) deliver it further by registering a sender with
``register_digest_sender``; wishes never imports them.
"""

from collections import defaultdict

from django.db import IntegrityError, transaction
from django.utils import timezone

from wishes.codes import display_code
from wishes.models import OPEN_STATUSES, OverdueDigest, Wish

_senders = []


def register_digest_sender(sender) -> None:
    """``sender(digest, managers)`` is called once for each new digest, after commit."""
    if sender not in _senders:
        _senders.append(sender)


def overdue_digests_send(*, now=None) -> int:
    """Write today's overdue list for every station that has one. Idempotent per day."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    by_station = defaultdict(list)
    overdue = Wish.objects.filter(status__in=OPEN_STATUSES, due_on__lt=today).order_by("due_on")
    for row in overdue.values("station_id", "code", "title", "due_on", "status"):
        by_station[row["station_id"]].append(_item(row, today))
    return sum(_digest(station_id, today, items, now) for station_id, items in by_station.items())


def _item(row: dict, today) -> dict:
    return {"code": display_code(row["code"]), "title": row["title"],
            "due_on": row["due_on"].isoformat(), "days_over": (today - row["due_on"]).days,
            "status": row["status"]}  # fmt: skip


def _digest(station_id: int, today, items: list, now) -> int:
    try:
        with transaction.atomic():
            digest = OverdueDigest.objects.create(
                station_id=station_id, day=today, items=items, sent_at=now
            )
    except IntegrityError:
        return 0
    managers = list(digest.station.managers.all())
    for sender in _senders:
        transaction.on_commit(lambda s=sender: s(digest, managers))
    return 1
