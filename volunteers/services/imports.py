"""Roster imports: a township office's spreadsheet of paper registrations, checked in a
preview and written by the background worker in one transaction."""

from datetime import datetime

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.models import RoleGrant, User
from core.roles import Role
from core.services import audit_log
from volunteers import identity
from volunteers.choices import ConsentSource, Status
from volunteers.models import RosterImport, Volunteer
from volunteers.roster import check_rows, read_roster
from volunteers.selectors import roster_import_committable
from volunteers.services.accounts import unusable_password
from volunteers.services.numbers import new_card_secret, volunteer_numbers_allocate
from volunteers.services.registration import (
    guardian_fields,
    identity_fields,
    needs_guardian,
    profile_fields,
)


@transaction.atomic
def roster_import_preview(*, filename: str, content: bytes, actor: User | None) -> RosterImport:
    """Check a roster and keep it (encrypted) for the commit. No volunteer is written."""
    columns, rows = read_roster(filename, content)
    check_rows(rows, actor=actor, today=timezone.localdate())
    problems = [row.report() for row in rows if row.problems]
    roster_import = RosterImport.objects.create(
        created_by=actor,
        filename=filename[:200],
        payload=identity.encrypt_bytes(content),
        total_rows=len(rows),
        valid_rows=len(rows) - len(problems),
        processed_rows=len(rows),
        columns=columns,
        problems=problems,
    )
    audit_log(
        actor=actor,
        action="volunteer.import_preview",
        target=roster_import,
        data={"rows": len(rows), "problems": len(problems)},
    )
    return roster_import


@transaction.atomic
def roster_import_enqueue(*, roster_import: RosterImport, actor: User) -> RosterImport:
    """Queue the commit for the background worker, once the queueing itself has committed."""
    from volunteers.tasks import roster_import_commit_task  # tasks sit above services

    roster_import = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if not roster_import_committable(roster_import):
        raise ValidationError(_("This import is already %s.") % roster_import.get_status_display())
    if not roster_import.valid_rows:
        raise ValidationError(_("No row of this file can be imported: fix the file first."))
    roster_import.status = RosterImport.Status.QUEUED
    roster_import.processed_rows, roster_import.message = 0, ""
    roster_import.save()
    pk = str(roster_import.pk)
    language = translation.get_language()
    transaction.on_commit(lambda: roster_import_commit_task.enqueue(pk, language))
    audit_log(actor=actor, action="volunteer.import_enqueue", target=roster_import)
    return roster_import


def roster_import_commit(*, roster_import_id, waiting: bool = True) -> RosterImport:
    """Import every valid row in ONE transaction; the rows with problems are reported.

    Not atomic as a whole, on purpose: progress is committed as the rows are checked so
    the progress page can show it. The write itself is one atomic block: all or nothing.
    The worker commits a queued import (``waiting``); the command line commits a
    previewed one directly. Running it again after it finished changes nothing.
    """
    roster_import = _roster_import_claim(roster_import_id, waiting=waiting)
    if roster_import is None:
        return RosterImport.objects.get(pk=roster_import_id)
    try:
        _roster_import_write(roster_import)
    except Exception as error:
        _roster_import_progress(
            roster_import,
            status=RosterImport.Status.FAILED,
            message=_failure(error)[:300],
            finished_at=timezone.now(),
        )
        raise
    return RosterImport.objects.get(pk=roster_import_id)


def _failure(error: Exception) -> str:
    """What the progress page says; a database error's text may quote a mobile number."""
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    if isinstance(error, InvalidToken):
        return _("The stored file cannot be decrypted: was HONGYI_ID_KEY changed? Upload it again.")
    if isinstance(error, DatabaseError):
        return _(
            "Saving failed, so nothing was imported: someone may have registered one of "
            "these people meanwhile. Check the file again and retry."
        )
    return _("An unexpected error stopped the import; nothing was imported.")


@transaction.atomic
def _roster_import_claim(roster_import_id, *, waiting: bool) -> RosterImport | None:
    """Mark the import running, unless another worker has it or it is done already."""
    roster_import = RosterImport.objects.select_for_update().get(pk=roster_import_id)
    ready = {RosterImport.Status.QUEUED} if waiting else {RosterImport.Status.PREVIEWED}
    if roster_import.status not in ready:
        return None
    roster_import.status, roster_import.started_at = RosterImport.Status.RUNNING, timezone.now()
    roster_import.save(update_fields=["status", "started_at"])
    return roster_import


def _roster_import_progress(roster_import: RosterImport, **fields) -> None:
    RosterImport.objects.filter(pk=roster_import.pk).update(**fields)


def _roster_import_write(roster_import: RosterImport) -> None:
    content = identity.decrypt_bytes(roster_import.payload)
    columns, rows = read_roster(roster_import.filename, content)
    actor = roster_import.created_by
    now = timezone.now()
    check_rows(
        rows,
        actor=actor,
        today=timezone.localdate(now),
        progress=lambda done: _roster_import_progress(roster_import, processed_rows=done),
    )
    valid = [row for row in rows if not row.problems]
    with transaction.atomic():
        created = roster_volunteers_create(rows=valid, actor=actor, now=now)
        problems = [row.report() for row in rows if row.problems]
        _roster_import_progress(
            roster_import,
            status=RosterImport.Status.DONE,
            imported_rows=len(created),
            valid_rows=len(valid),
            problems=problems,
            columns=columns,
            payload="",
            finished_at=timezone.now(),
            message="",
        )
        audit_log(
            actor=actor,
            action="volunteer.import_commit",
            target=roster_import,
            data={
                "imported": len(created),
                "problems": len(problems),
                "numbers": [created[0].number, created[-1].number] if created else [],
            },
        )


def roster_volunteers_create(*, rows, actor: User | None, now: datetime) -> list[Volunteer]:
    """Active volunteers from checked rows, in bulk: staff reviewed the paper forms.

    Consent was given on paper, which is recorded as its source. The accounts have no
    password until the volunteer claims theirs (``volunteer_claim_account``).
    """
    if not rows:
        return []
    numbers = volunteer_numbers_allocate(year=timezone.localdate(now).year, count=len(rows))
    users = [
        User(
            mobile=row.registration.mobile,
            name=row.registration.name.strip(),
            password=unusable_password(),
            date_joined=now,
        )
        for row in rows
    ]
    User.objects.bulk_create(users, batch_size=1000)
    grants = [RoleGrant(user=user, role=Role.VOLUNTEER, granted_at=now) for user in users]
    RoleGrant.objects.bulk_create(grants, batch_size=1000)
    volunteers = [
        _imported(row, user=user, number=number, actor=actor, now=now)
        for row, user, number in zip(rows, users, numbers, strict=True)
    ]
    Volunteer.objects.bulk_create(volunteers, batch_size=1000)
    return volunteers


def _imported(row, *, user: User, number: str, actor: User | None, now: datetime) -> Volunteer:
    reg = row.registration
    needs = needs_guardian(row.parsed, now)
    return Volunteer(
        user=user,
        number=number,
        status=Status.ACTIVE,
        **identity_fields(row.parsed),
        **profile_fields(reg),
        **guardian_fields(reg, consented_at=now if needs else None),
        consent_at=now,
        consent_policy_version=settings.HONGYI_PRIVACY_POLICY_VERSION,
        consent_source=ConsentSource.PAPER,
        card_secret=new_card_secret(),
        registered_at=now,
        reviewed_at=now,
        reviewed_by=actor,
        activated_at=now,
    )


@transaction.atomic
def roster_import_discard(*, roster_import: RosterImport, actor: User) -> RosterImport:
    """Forget a previewed file: its encrypted copy is erased, its problem list stays."""
    roster_import = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if roster_import.status not in {RosterImport.Status.PREVIEWED, RosterImport.Status.FAILED}:
        raise ValidationError(_("This import is already %s.") % roster_import.get_status_display())
    roster_import.status, roster_import.payload = RosterImport.Status.DISCARDED, ""
    roster_import.save(update_fields=["status", "payload"])
    audit_log(actor=actor, action="volunteer.import_discard", target=roster_import)
    return roster_import
