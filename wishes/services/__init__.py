"""Every write of the wishes app, each a keyword-only function, atomic, locking the wish's
row where two requests can race.

- filing: ``wish_file`` (with ``Filing``)
- review: ``wish_accept``, ``wish_decline``, ``wish_merge``
- work: ``wish_claim``, ``wish_assign``, ``wish_release``, ``wish_progress``,
  ``wish_resolve`` (with ``Helper``: each helper's minutes become a ledger claim)
- closing: ``wish_confirm``, ``wish_reopen``, ``wish_rate``, ``wishes_auto_confirm``
- privacy: ``wish_contact_reveal``
- digests: ``overdue_digests_send``, ``register_digest_sender``
"""

from wishes.services.closing import wish_confirm, wish_rate, wish_reopen, wishes_auto_confirm
from wishes.services.digests import overdue_digests_send, register_digest_sender
from wishes.services.filing import Filing, wish_file
from wishes.services.privacy import wish_contact_reveal
from wishes.services.review import wish_accept, wish_decline, wish_merge
from wishes.services.work import (
    Helper,
    wish_assign,
    wish_claim,
    wish_progress,
    wish_release,
    wish_resolve,
)

__all__ = [
    "Filing",
    "Helper",
    "overdue_digests_send",
    "register_digest_sender",
    "wish_accept",
    "wish_assign",
    "wish_claim",
    "wish_confirm",
    "wish_contact_reveal",
    "wish_decline",
    "wish_file",
    "wish_merge",
    "wish_progress",
    "wish_rate",
    "wish_release",
    "wish_reopen",
    "wish_resolve",
    "wishes_auto_confirm",
]
