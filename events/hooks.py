"""Where apps above events (notices) learn what happened to an occurrence or a sign-up,
without events importing them: they register a listener from their AppConfig.ready()
(see docs/architecture.md), as volunteers' ``register_upcoming_shifts`` and
``reports/hooks.py`` do. No Django signals: the listeners are a plain, explicit list.

- occurrence changed: ``listener(change)`` with an ``OccurrenceChange``, called when a
  published event or occurrence is moved (its time or its venue), cancelled or skipped;
- waitlist promoted: ``listener(signup)``, called when a waitlisted sign-up becomes
  confirmed (a seat freed up, or the organizer put the person on the shift).

Listeners run inside the service's transaction, after the change is written: what they
write is committed with the change or rolled back with it. Anything that leaves the
machine (e-mail, SMS) they queue with ``transaction.on_commit``.
"""

from dataclasses import dataclass
from datetime import datetime

MOVED = "moved"
CANCELLED = "cancelled"


@dataclass(frozen=True)
class OccurrenceChange:
    """One change to an event: ``kind`` is ``MOVED`` or ``CANCELLED``; for a move, the
    start, end and venue it had before (the event itself already holds the new ones), and
    the status it had before the change."""

    event: object
    kind: str
    previous_status: str
    actor: object = None
    previous_starts_at: datetime | None = None
    previous_ends_at: datetime | None = None
    previous_venue: str = ""
    reason: str = ""


_occurrence_listeners = []
_promotion_listeners = []


def register_occurrence_changed(listener) -> None:
    if listener not in _occurrence_listeners:
        _occurrence_listeners.append(listener)


def register_waitlist_promoted(listener) -> None:
    if listener not in _promotion_listeners:
        _promotion_listeners.append(listener)


def occurrence_changed(change: OccurrenceChange) -> None:
    """Tell the listeners about a published event (a draft was never announced, a
    cancelled one was already called off, a held one is over)."""
    if change.previous_status != "published":
        return
    for listener in _occurrence_listeners:
        listener(change)


def waitlist_promoted(signup) -> None:
    for listener in _promotion_listeners:
        listener(signup)
