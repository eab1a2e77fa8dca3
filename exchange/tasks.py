"""Background work of the exchange app: thin, each looks its object up and calls a service.

Exports and imports run in the django-tasks database worker (``manage.py db_worker``) and
survive a restart: a job whose worker died (silent for ``STALLED_AFTER``) is queued again
when its page is opened (``resume_stalled``); running it again is safe.
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from exchange import selectors
from exchange.models import ExternalImport, NationalExport
from exchange.services import export_run, import_run, points_accrue

STALLED_AFTER = timedelta(minutes=5)


@task()
def export_run_task(export_id: int) -> int:
    return export_run(export_id=export_id).hour_rows


@task()
def import_run_task(import_id: str) -> int:
    return import_run(import_id=import_id).imported_rows


@task()
def points_accrue_task() -> int:
    return points_accrue()


def resume_stalled() -> int:
    """Queue again the exports and imports a dead worker left behind."""
    cutoff = timezone.now() - STALLED_AFTER
    exports = list(selectors.stalled(NationalExport.objects, cutoff).values_list("pk", flat=True))
    imports = list(selectors.stalled(ExternalImport.objects, cutoff).values_list("pk", flat=True))
    for pk in exports:
        NationalExport.objects.filter(pk=pk).update(heartbeat=timezone.now())
        export_run_task.enqueue(pk)
    for pk in imports:
        ExternalImport.objects.filter(pk=pk).update(heartbeat=timezone.now())
        import_run_task.enqueue(str(pk))
    return len(exports) + len(imports)
