"""Exactly once across a worker restart: kill the worker mid-batch, restart it, count."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from core.models import User
from notices.channels.sms import SmsChannel
from notices.models import Delivery, Outbox, Recipient
from notices.services import deliveries_recover, deliveries_run, reminder_enqueue
from notices.services.delivery import LEASE
from tests.events.conftest import at
from tests.notices.providers import CrashAfter, StrictOutboxProvider

ROOT = Path(__file__).resolve().parents[2]
PAST_MORNING = at(2025, 12, 2, 10, 0)  # queued in daytime, due by now


def people(n):
    User.objects.bulk_create(User(mobile=f"139{i:08d}", name=f"志愿者{i}") for i in range(n))
    return list(User.objects.filter(mobile__startswith="139").values_list("pk", flat=True))


def queue(n):
    ids = people(n)
    return reminder_enqueue(
        key="restart-test", user_ids=ids, title="提醒", body="{姓名}明天上岗", channels=("sms",),
        now=PAST_MORNING,
    )  # fmt: skip


def assert_each_got_one(notice, n):
    keys = list(Outbox.objects.filter(channel="sms").values_list("key", flat=True))
    assert len(keys) == n
    assert len(set(keys)) == n
    assert Delivery.objects.filter(notice=notice, status="sent").count() == 2 * n
    assert Recipient.objects.filter(notice=notice, inbox_at__isnull=False).count() == n


def strict():
    return {"sms": SmsChannel(StrictOutboxProvider())}


def test_a_worker_dying_mid_batch_loses_and_doubles_nothing(db):
    notice = queue(95)
    with pytest.raises(SystemExit):
        deliveries_run(batch_size=20, backends={"sms": SmsChannel(CrashAfter(47))})
    assert 40 <= Outbox.objects.count() < 95  # two whole batches committed, the third rolled back
    deliveries_run(batch_size=20, backends=strict())  # the restarted worker
    assert_each_got_one(notice, 95)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sigkill_mid_batch_then_restart_sends_each_message_once(settings):
    # The notice is queued for the worker below, not run in this process.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    n = 200
    notice = queue(n)
    worker = subprocess.Popen(  # noqa: S603 — our own interpreter and script
        [sys.executable, "-c", WORKER],
        cwd=ROOT,
        env=os.environ | {"DATABASE_URL": _database_url(), "SLOW_SMS_SECONDS": "0.01"},
    )
    try:
        deadline = time.monotonic() + 60
        while Outbox.objects.count() < 60 or not _mid_batch():
            assert worker.poll() is None, "the worker ended before it was killed"
            assert time.monotonic() < deadline, "the worker sent nothing in time"
            time.sleep(0.02)
        worker.send_signal(signal.SIGKILL)
    finally:
        worker.wait(timeout=30)
    before = Outbox.objects.count()
    assert before < n
    assert Delivery.objects.filter(status="sending").exists()  # claimed, not confirmed
    # The restarted worker: a claim younger than the lease is left alone...
    assert deliveries_recover() == 0
    # ...and once the lease has run out, the dead worker's rows are queued again.
    assert deliveries_recover(now=timezone.now() + LEASE + timedelta(seconds=1)) > 0
    deliveries_run(backends=strict())
    assert_each_got_one(notice, n)


def _mid_batch() -> bool:
    """The worker holds a claimed SMS batch it has not confirmed (each takes ~0.1 s)."""
    return Delivery.objects.filter(status="sending", channel="sms").exists()


WORKER = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from notices.channels.sms import SmsChannel
from notices.services import deliveries_run
from tests.notices.providers import SlowOutboxProvider
deliveries_run(batch_size=10, backends={"sms": SmsChannel(SlowOutboxProvider())})
"""


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    user = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgresql://{user}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"


class GatewayWithoutKeys:
    """An external gateway that cannot drop repeats (idempotent = False)."""

    transactional = False
    idempotent = False

    def __init__(self):
        self.sent = []

    def send(self, *, phone, text, key):
        from notices.channels.sms import ProviderResult

        self.sent.append(key)
        return ProviderResult(ok=True)


def _as_a_dead_worker_left_it(notice, count):
    rows = Delivery.objects.filter(notice=notice, channel="sms").order_by("pk")[:count]
    ids = list(rows.values_list("pk", flat=True))
    import uuid

    old = timezone.now() - LEASE - timedelta(minutes=1)
    Delivery.objects.filter(pk__in=ids).update(status="sending", claim=uuid.uuid4(), claimed_at=old)
    return ids


def test_an_external_gateway_is_never_sent_twice_after_a_crash(db):
    notice = queue(10)
    maybe_sent = _as_a_dead_worker_left_it(notice, 3)
    gateway = GatewayWithoutKeys()
    deliveries_run(backends={"sms": SmsChannel(gateway)})
    assert len(gateway.sent) == 7
    assert f"hongyi-{maybe_sent[0]}" not in gateway.sent
    unknown = Delivery.objects.get(pk=maybe_sent[0])
    assert unknown.status == "failed"
    assert unknown.reason == "发送过程中后台任务中断，结果不明；为避免重复发送，未再发送。"


def test_an_idempotent_gateway_gets_the_same_key_again(db):
    class KeyedGateway(GatewayWithoutKeys):
        idempotent = True

    notice = queue(4)
    maybe_sent = _as_a_dead_worker_left_it(notice, 2)
    gateway = KeyedGateway()
    deliveries_run(backends={"sms": SmsChannel(gateway)})
    assert sorted(gateway.sent) == sorted(
        f"hongyi-{pk}"
        for pk in Delivery.objects.filter(notice=notice, channel="sms").values_list("pk", flat=True)
    )
    assert f"hongyi-{maybe_sent[0]}" in gateway.sent


def test_reminders_are_queued_once_per_key(db):
    ids = people(2)
    assert reminder_enqueue(key="k1", user_ids=ids, title="提醒", body="明天上岗", now=PAST_MORNING)
    assert reminder_enqueue(key="k1", user_ids=ids, title="提醒", body="明天上岗") is None
    assert Recipient.objects.count() == 2
