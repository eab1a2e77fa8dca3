"""SMS providers for the restart tests: they stand in for a gateway (what leaves the machine).

They write the outbox *without* ignoring conflicts, so a second message with the same key
would fail the test instead of being silently dropped by the unique key.
"""

import os
import time

from notices.channels.base import Result
from notices.models import Outbox


class StrictOutboxProvider:
    transactional = True
    idempotent = True

    def send_many(self, messages):
        Outbox.objects.bulk_create(
            Outbox(key=m.key, channel="sms", address=m.address, text=m.text) for m in messages
        )
        return [Result(m.delivery_id, ok=True) for m in messages]


class SlowOutboxProvider(StrictOutboxProvider):
    """One message at a time, each taking a few milliseconds: a worker to kill mid-batch."""

    def send_many(self, messages):
        for message in messages:
            super().send_many([message])
            time.sleep(float(os.environ.get("SLOW_SMS_SECONDS", "0.005")))
        return [Result(m.delivery_id, ok=True) for m in messages]


class CrashAfter(StrictOutboxProvider):
    """Dies (like a killed process) after ``n`` messages, in the middle of a batch."""

    def __init__(self, n):
        self.left = n

    def send_many(self, messages):
        for message in messages:
            if self.left == 0:
                raise SystemExit("killed")
            self.left -= 1
            super().send_many([message])
        return [Result(m.delivery_id, ok=True) for m in messages]
