"""The console backends' outbox: a row per message in the worker's transaction, logged on commit.

The ``Outbox`` row commits with the delivery's ``sent`` status and its key is unique, so
what the console "sent" is exactly once; the log line is written after the commit (a
crash between the two loses a line, never doubles one).
"""

import logging

from django.db import transaction

from notices.channels.base import Message, Result
from notices.models import Outbox

logger = logging.getLogger("notices.console")


def outbox_write(channel: str, messages: list[Message]) -> list[Result]:
    rows = [
        Outbox(key=m.key, channel=channel, address=m.address, subject=m.subject[:100], text=m.text)
        for m in messages
    ]
    Outbox.objects.bulk_create(rows, ignore_conflicts=True)
    transaction.on_commit(lambda: _log(channel, messages))
    return [Result(m.delivery_id, ok=True, ref=m.key) for m in messages]


def _log(channel: str, messages: list[Message]) -> None:
    logger.info("%s: %d message(s)", channel, len(messages))
    if logger.isEnabledFor(logging.DEBUG):
        for m in messages:
            logger.debug("%s → %s: %s %s", channel, m.address, m.subject, m.text)
