"""Batch printing, run by the background worker (``manage.py db_worker``).

A batch is cut into parts of ``Batch.chunk_size`` volunteers. For each part the worker
issues the certificates in one transaction (recorded on the batch items, so a restart
never issues a second number) and hands the part's snapshots to one of
``HONGYI_BATCH_PROCESSES`` forked processes, which renders it as one multi-page PDF
while the worker goes on issuing. When every part exists, the parts are joined into one
PDF. A killed worker resumes where it stopped: issued items are skipped, rendered parts
(written whole or not at all) are kept.
"""

import logging
import multiprocessing
from collections import deque
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from reports.models import Batch, BatchItem
from reports.rendering import render_certificates
from reports.services import certificates_issue_many

STALLED_AFTER = timedelta(minutes=2)
logger = logging.getLogger(__name__)


def parts_dir(batch: Batch) -> Path:
    return Path(settings.MEDIA_ROOT) / "batches" / f"batch-{batch.pk}"


def _part_path(batch: Batch, start: int) -> Path:
    return parts_dir(batch) / f"part-{start // batch.chunk_size:05d}.pdf"


def batch_run(*, batch_id: int, max_chunks: int | None = None,
              processes: int | None = None) -> Batch:  # fmt: skip
    """Work through the batch; ``max_chunks`` stops early (the worker re-enqueues)."""
    batch = Batch.objects.get(pk=batch_id)
    if batch.status == Batch.Status.DONE:
        return batch
    Batch.objects.filter(pk=batch.pk).update(status=Batch.Status.RUNNING, heartbeat=timezone.now())
    starts = range(0, batch.total, batch.chunk_size)
    missing = [start for start in starts if not _part_path(batch, start).exists()]
    seal = _seal_url() if batch.with_seal else None
    with _Renderers(processes or settings.HONGYI_BATCH_PROCESSES) as renderers:
        for start in missing[:max_chunks]:
            renderers.render(_part_path(batch, start), _issued_snapshots(batch, start), seal)
            Batch.objects.filter(pk=batch.pk).update(heartbeat=timezone.now())
    if max_chunks is not None and len(missing) > max_chunks:
        return Batch.objects.get(pk=batch.pk)
    return _finish(Batch.objects.get(pk=batch.pk))


def _issued_snapshots(batch: Batch, start: int) -> list[dict]:
    """The part's snapshots, issuing in one go the certificates not issued yet."""
    items = batch.items.filter(position__gte=start, position__lt=start + batch.chunk_size)
    if items.filter(certificate=None).exists():
        _issue(batch, items)
    return list(items.order_by("position").values_list("certificate__snapshot", flat=True))


def render_part(path: Path, snapshots: list[dict], seal_url: str | None) -> int:
    """Render one part; it appears under its name only once it is whole."""
    pdf = render_certificates(snapshots, seal_url=seal_url)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_bytes(pdf)
    partial.replace(path)
    return len(snapshots)


def _load_renderer() -> None:
    """Import WeasyPrint and compile the template once, before forking, rather than in
    every process (about 0.4 s of CPU each). Its fonts are loaded after the fork."""
    import segno  # noqa: F401
    import weasyprint  # noqa: F401
    from django.template.loader import get_template

    get_template("reports/certificates.html")


class _Renderers:
    """Parts rendered by ``processes`` forked processes (here, when it is one).

    Forked, so each starts with Django ready and the settings as they are; they only
    render and never touch the database. At most two parts per process wait, so a
    17,000-volunteer batch never holds all its snapshots in memory.
    """

    def __init__(self, processes: int):
        self.pool = None
        if processes > 1:
            _load_renderer()
            self.pool = multiprocessing.get_context("fork").Pool(processes)
        self.waiting: deque = deque()
        self.limit = 2 * processes

    def render(self, path: Path, snapshots: list[dict], seal_url: str | None) -> None:
        if self.pool is None:
            render_part(path, snapshots, seal_url)
            return
        self.waiting.append(self.pool.apply_async(render_part, (path, snapshots, seal_url)))
        while len(self.waiting) > self.limit:
            self.waiting.popleft().get()

    def __enter__(self):
        return self

    def __exit__(self, error_type, error, traceback):
        if self.pool is None:
            return
        try:
            while self.waiting and error is None:
                self.waiting.popleft().get()  # re-raises a part's error here
        finally:
            if error or self.waiting:
                self.pool.terminate()
            else:
                self.pool.close()
            self.pool.join()


@transaction.atomic
def _issue(batch: Batch, items) -> None:
    """Issue the part's missing certificates and record them on their items, all in one
    transaction: a worker killed half-way leaves the part wholly issued or not at all."""
    locked = list(items.filter(certificate=None).select_for_update(of=("self",))
                  .select_related("volunteer").order_by("position"))  # fmt: skip
    volunteers = [item.volunteer for item in locked]
    certificates = certificates_issue_many(
        volunteers=volunteers, actor=batch.created_by, with_seal=batch.with_seal
    )
    for item, certificate in zip(locked, certificates, strict=True):
        item.certificate = certificate
    BatchItem.objects.bulk_update(locked, ["certificate"])
    Batch.objects.filter(pk=batch.pk).update(done=F("done") + len(locked), heartbeat=timezone.now())


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
