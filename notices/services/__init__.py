"""Writes of the notices app: compose and send, read, preferences, reminders, delivery.

``sending`` validates a draft, resolves its audience and freezes it into recipients and
deliveries; ``delivery`` is the worker's side (claims, sends, retries, recovery).
"""

from notices.services.delivery import RunResult, deliveries_recover, deliveries_run
from notices.services.preferences import preference_set
from notices.services.sending import (
    Draft,
    Preview,
    notice_preview,
    notice_read,
    notice_send,
    reminder_enqueue,
)

__all__ = [
    "Draft",
    "Preview",
    "RunResult",
    "deliveries_recover",
    "deliveries_run",
    "notice_preview",
    "notice_read",
    "notice_send",
    "preference_set",
    "reminder_enqueue",
]
