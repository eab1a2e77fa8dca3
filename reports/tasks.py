"""Background tasks. They look objects up and call the batch code; nothing more."""

from django.db import transaction
from django_tasks import task

from reports.batches import batch_fail, batch_run, stalled_batches


@task()
def run_batch(batch_id: int) -> None:
    try:
        batch_run(batch_id=batch_id)
    except Exception as error:
        batch_fail(batch_id=batch_id, error=error)
        raise


def enqueue_batch(batch) -> None:
    """Queue the batch once the transaction that created it has committed."""
    transaction.on_commit(lambda: run_batch.enqueue(batch.pk))


def resume_stalled() -> int:
    """Re-queue batches whose worker died. Safe to call often: a batch resumes, never repeats."""
    batches = list(stalled_batches())
    for batch in batches:
        run_batch.enqueue(batch.pk)
    return len(batches)
