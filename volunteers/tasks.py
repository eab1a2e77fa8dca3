"""Background work of the volunteers app: thin, it looks the import up and calls a service."""

from django_tasks import task

from volunteers.services import roster_import_commit


@task()
def roster_import_commit_task(roster_import_id: str) -> int:
    """Commit a previewed roster; returns how many volunteers it imported."""
    return roster_import_commit(roster_import_id=roster_import_id).imported_rows
