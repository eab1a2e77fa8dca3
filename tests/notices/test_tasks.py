"""Through the real queue: the send's commit queues the task, ``db_worker`` delivers."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notices.audiences import Audience, Kind
from notices.models import Delivery, Notice, Outbox
from notices.services import Draft, notice_send
from notices.tasks import resume

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def team_notice(pingshan, now=None, channels=("sms",)):
    draft = Draft(
        audience=Audience(Kind.TEAM, id=pingshan.team.pk), title="通知", body="明晚排练",
        channels=channels, urgent=True,
    )  # fmt: skip
    return notice_send(sender=pingshan.county_office, draft=draft, now=now)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_delivers_a_sent_notice(settings, pingshan, members):
    settings.TASKS = DB_TASKS
    notice = team_notice(pingshan)
    run_worker()
    notice.refresh_from_db()
    assert notice.status == Notice.Status.DONE
    assert Outbox.objects.filter(channel="sms").count() == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_rows_not_yet_due_queue_the_task_again_for_then(settings, pingshan, members):
    settings.TASKS = DB_TASKS
    later = timezone.now() + timedelta(hours=3)
    team_notice(pingshan, now=later)
    run_worker()
    assert not Outbox.objects.exists()
    waiting = DBTaskResult.objects.filter(status="READY").get()
    assert waiting.run_after == later


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_resume_queues_what_a_dead_worker_left(settings, pingshan, members):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    notice = team_notice(pingshan)
    Delivery.objects.filter(notice=notice).update(
        status="sending", claim="6f1b0c2e-0000-4000-8000-000000000001",
        claimed_at=timezone.now() - timedelta(hours=1),
    )  # fmt: skip
    settings.TASKS = DB_TASKS
    assert resume() == 1
    run_worker()
    assert Outbox.objects.filter(channel="sms").count() == 3
