"""Background work of the volunteers app: thin, it looks the import up and calls a service."""

from django.utils import translation
from django_tasks import task

from volunteers.services import roster_import_commit


@task()
def roster_import_commit_task(roster_import_id: str, language: str | None = None) -> int:
    """Commit a previewed roster; returns how many volunteers it imported.

    The rows' problems are written in ``language``, the one the preview was read in, so
    the person who queued the import reads its result in the same language.
    """
    with translation.override(language):
        return roster_import_commit(roster_import_id=roster_import_id).imported_rows
