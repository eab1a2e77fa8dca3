"""Several workers at once on one notice: each delivery is claimed by one of them only."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from notices.channels.sms import SmsChannel
from notices.models import Delivery, Outbox
from notices.services import deliveries_run
from tests.notices.providers import StrictOutboxProvider
from tests.notices.test_restart import assert_each_got_one, queue

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WORKERS = 4


def test_workers_racing_on_one_notice_send_each_message_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    notice = queue(300)
    barrier = threading.Barrier(WORKERS)

    def worker(_):
        barrier.wait()
        try:
            backends = {"sms": SmsChannel(StrictOutboxProvider())}
            return deliveries_run(notice_id=notice.pk, batch_size=25, backends=backends).sent
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        sent = list(pool.map(worker, range(WORKERS)))
    assert sum(sent) == 600  # 300 in the app, 300 by SMS, none twice
    assert_each_got_one(notice, 300)
    assert not Delivery.objects.exclude(status="sent").exists()
    assert Outbox.objects.count() == 300
