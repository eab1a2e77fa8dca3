"""Batch printing, run by the background worker (``manage.py db_worker``).

A batch is cut into chunks of ``Batch.chunk_size`` volunteers. For each chunk the worker issues the
certificates (each in its own transaction, recorded on the batch item, so a restart
never issues a second number) and renders the chunk as one multi-page PDF part. When
every part exists, the parts are joined into one PDF. A killed worker resumes where it
stopped: issued items are skipped, rendered parts are kept.
"""

import logging
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from reports.models import Batch, BatchItem
from reports.rendering import render_certificates
from reports.services import certificate_issue

STALLED_AFTER = timedelta(minutes=2)
logger = logging.getLogger(__name__)


def parts_dir(batch: Batch) -> Path:
    return Path(settings.MEDIA_ROOT) / "batches" / f"batch-{batch.pk}"


def batch_run(*, batch_id: int, max_chunks: int | None = None) -> Batch:
    """Work through the batch; ``max_chunks`` stops early (the worker re-enqueues)."""
    batch = Batch.objects.get(pk=batch_id)
    if batch.status == Batch.Status.DONE:
        return batch
    Batch.objects.filter(pk=batch.pk).update(status=Batch.Status.RUNNING, heartbeat=timezone.now())
    chunks = range(0, batch.total, batch.chunk_size)
    for number, start in enumerate(chunks):
        if max_chunks is not None and number >= max_chunks:
            return Batch.objects.get(pk=batch.pk)
        _run_chunk(batch, start)
    return _finish(Batch.objects.get(pk=batch.pk))


def _run_chunk(batch: Batch, start: int) -> None:
    part = parts_dir(batch) / f"part-{start // batch.chunk_size:05d}.pdf"
    if part.exists():
        return
    end = start + batch.chunk_size
    items = list(batch.items.filter(position__gte=start, position__lt=end)
                 .select_related("volunteer", "certificate"))  # fmt: skip
    for item in items:
        if item.certificate_id is None:
            item.certificate = _issue(batch, item)
    seal = _seal_url() if batch.with_seal else None
    pdf = render_certificates([item.certificate.snapshot for item in items], seal_url=seal)
    part.parent.mkdir(parents=True, exist_ok=True)
    part.write_bytes(pdf)


@transaction.atomic
def _issue(batch: Batch, item: BatchItem):
    locked = (
        BatchItem.objects.select_for_update(of=("self",))
        .select_related("certificate")
        .get(pk=item.pk)
    )
    if locked.certificate_id:
        return locked.certificate
    certificate = certificate_issue(
        volunteer=item.volunteer, actor=batch.created_by, with_seal=batch.with_seal
    )
    locked.certificate = certificate
    locked.save(update_fields=["certificate"])
    Batch.objects.filter(pk=batch.pk).update(done=F("done") + 1, heartbeat=timezone.now())
    return certificate


def _seal_url() -> str | None:
    from reports.services import current_issuer

    issuer = current_issuer()
    return issuer.seal.path if issuer and issuer.seal else None


def _finish(batch: Batch) -> Batch:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in sorted(parts_dir(batch).glob("part-*.pdf")):
        writer.append(str(part))
    target = parts_dir(batch) / "merged.pdf"
    with target.open("wb") as handle:
        writer.write(handle)
    batch.output.save(f"batch-{batch.pk}.pdf", ContentFile(target.read_bytes()), save=False)
    batch.status, batch.heartbeat = Batch.Status.DONE, timezone.now()
    batch.save(update_fields=["output", "status", "heartbeat"])
    return batch


def batch_fail(*, batch_id: int, error: Exception) -> None:
    """Record why a batch stopped, so staff see it instead of a bar that never moves."""
    logger.exception("Certificate batch %s failed", batch_id)
    Batch.objects.filter(pk=batch_id).update(status=Batch.Status.FAILED, error=str(error)[:500])


def stalled_batches():
    """Batches a dead worker left behind: not done, and silent for a while."""
    cutoff = timezone.now() - STALLED_AFTER
    return Batch.objects.filter(status__in=[Batch.Status.QUEUED, Batch.Status.RUNNING],
                                heartbeat__lt=cutoff)  # fmt: skip
