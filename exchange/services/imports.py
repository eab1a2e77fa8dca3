"""Importing a national file's records as a volunteer's read-only external records.

The upload is kept encrypted (it holds full ID numbers) while it waits for the worker,
which checks every row (``exchange.national``) with progress, then writes all records in
one transaction, or none: a file with any problem changes nothing and says, row by row,
what is wrong. A record already imported (same origin and record number) is skipped, so
importing a file again adds nothing.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.permissions import OFFICE_ROLES
from core.roles import Role
from core.selectors import user_has_role, user_region_codes, user_sees_county
from core.services import audit_log
from exchange.models import ExternalImport, ExternalRecord
from exchange.national import read_national
from volunteers import identity

NATIONAL_ORIGIN = "全国志愿服务信息系统"
IMPORT_ROLES = tuple(role for role in OFFICE_ROLES if role != Role.ADMIN)


def may_import(user) -> bool:
    """Township and county offices: the file holds full ID numbers, so not the admin."""
    return user_has_role(user, *IMPORT_ROLES)


@transaction.atomic
def import_create(*, actor, filename: str, content: bytes, origin: str = "") -> ExternalImport:
    """Keep the file (encrypted) and queue its import for the worker."""
    from exchange.tasks import import_run_task  # tasks sit above services

    if not may_import(actor):
        raise PermissionDenied
    if len(content) > settings.HONGYI_EXCHANGE_IMPORT_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("The file is larger than %(mb)s MB.")
                % {"mb": settings.HONGYI_EXCHANGE_IMPORT_MAX_BYTES // (1024 * 1024)}
            }
        )
    imported = ExternalImport.objects.create(
        kind=ExternalImport.Kind.NATIONAL,
        origin=(origin or NATIONAL_ORIGIN).strip()[:200],
        filename=filename[:200],
        payload=identity.encrypt_bytes(content),
        created_by=actor,
    )
    audit_log(
        actor=actor,
        action="exchange.import_create",
        target=imported,
        data={"filename": imported.filename, "origin": imported.origin},
    )
    pk = str(imported.pk)
    transaction.on_commit(lambda: import_run_task.enqueue(pk))
    return imported


def _scope_of(user):
    if user is None or user_sees_county(user):
        return lambda volunteer: True
    codes = user_region_codes(user)
    return lambda volunteer: any(volunteer.township.code.startswith(code) for code in codes)


def import_run(*, import_id) -> ExternalImport:
    """Check and import a queued file (the worker's job); a finished one is left alone."""
    imported = _claim(import_id)
    if imported is None:
        return ExternalImport.objects.get(pk=import_id)
    try:
        with translation.override("zh-hans"):
            _check_and_write(imported)
    except Exception:
        _progress(
            imported,
            status=ExternalImport.Status.FAILED,
            payload="",
            message=_("An unexpected error stopped the import; nothing was imported."),
            finished_at=timezone.now(),
        )
        raise
    return ExternalImport.objects.get(pk=import_id)


@transaction.atomic
def _claim(import_id) -> ExternalImport | None:
    imported = ExternalImport.objects.select_for_update().get(pk=import_id)
    if imported.status not in (ExternalImport.Status.QUEUED, ExternalImport.Status.RUNNING):
        return None
    imported.status, imported.started_at = ExternalImport.Status.RUNNING, timezone.now()
    imported.heartbeat = imported.started_at
    imported.save(update_fields=["status", "started_at", "heartbeat"])
    return imported


def _progress(imported: ExternalImport, **fields) -> None:
    ExternalImport.objects.filter(pk=imported.pk).update(heartbeat=timezone.now(), **fields)


def _check_and_write(imported: ExternalImport) -> None:
    content = identity.decrypt_bytes(imported.payload)
    reading = read_national(
        content,
        today=timezone.localdate(),
        in_scope=_scope_of(imported.created_by),
        max_rows=settings.HONGYI_EXCHANGE_IMPORT_MAX_ROWS,
        progress=lambda rows: _progress(imported, processed_rows=rows),
    )
    if reading.problem_count:
        _progress(
            imported,
            status=ExternalImport.Status.FAILED,
            payload="",
            total_rows=reading.rows,
            processed_rows=reading.rows,
            problem_count=reading.problem_count,
            problems=reading.problems,
            message=_("Nothing was imported: correct the rows listed and upload the file again."),
            finished_at=timezone.now(),
        )
        return
    records_write(imported=imported, records=reading.records, total=reading.rows)


@transaction.atomic
def records_write(*, imported: ExternalImport, records: list[dict], total: int) -> int:
    """Write the checked records of ``imported`` that are not there yet, in one go."""
    known = set(
        ExternalRecord.objects.filter(origin=imported.origin).values_list(
            "volunteer_id", "record_ref"
        )
    )
    new = [r for r in records if (r["volunteer_id"], r["record_ref"]) not in known]
    now = timezone.now()
    ExternalRecord.objects.bulk_create(
        [
            ExternalRecord(
                source=imported.kind,
                origin=imported.origin,
                imported=imported,
                created_at=now,
                **record,
            )
            for record in new
        ],
        batch_size=2000,
    )
    _progress(
        imported,
        status=ExternalImport.Status.DONE,
        payload="",
        total_rows=total,
        processed_rows=total,
        imported_rows=len(new),
        skipped_rows=len(records) - len(new),
        finished_at=now,
        message="",
    )
    audit_log(
        actor=imported.created_by,
        action="exchange.import_done",
        target=imported,
        data={"imported": len(new), "skipped": len(records) - len(new)},
    )
    return len(new)
