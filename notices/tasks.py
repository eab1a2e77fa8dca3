"""Background delivery: thin tasks that call ``notices.services.deliveries_run``.

``deliver_notice`` is queued when a notice's transaction commits. It delivers what is due
and, if rows wait (quiet hours until 08:00, a retry's backoff), queues itself again for
then. A worker killed mid-batch leaves its claimed rows in ``sending``; ``resume`` (called
by the reminder scan and when a sender opens their sent notices) recovers them once their
lease has run out and queues the notices again (docs/notices.md, "Exactly once").
"""

from django_tasks import task

from notices.services import deliveries_run
from notices.services.delivery import deliveries_recover, open_notice_ids


@task()
def deliver_notice(notice_id: int) -> int:
    result = deliveries_run(notice_id=notice_id)
    if result.next_due is not None:
        _again(notice_id, result.next_due)
    return result.sent


def _again(notice_id: int, when) -> None:
    backend = deliver_notice.get_backend()
    if backend.supports_defer:
        deliver_notice.using(run_after=when).enqueue(notice_id)


def resume() -> int:
    """Queue again every notice with undelivered rows (after recovering a dead worker's)."""
    deliveries_recover()
    ids = open_notice_ids()
    for notice_id in ids:
        deliver_notice.enqueue(notice_id)
    return len(ids)
