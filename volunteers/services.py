"""Writes of the volunteers app. Every staff action on a volunteer is audited.

Each service is keyword-only and atomic; a rule broken raises ``ValidationError`` with
a message for the person in front of the screen, keyed by the form field it is about.
"""

from datetime import date, datetime

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from core.masking import mask_id_number
from core.models import RoleGrant, User
from core.roles import Role
from core.services import audit_log, role_grant
from volunteers import identity
from volunteers.choices import ConsentSource, Status
from volunteers.identity import IdNumber, age_on, guardian_needed
from volunteers.models import Membership, NumberSequence, RosterImport, Team, Volunteer
from volunteers.roster import check_rows, read_roster
from volunteers.rules import Registration, account_problems, registration_problems
from volunteers.selectors import (
    may_reveal_id_number,
    may_review,
    roster_import_committable,
    volunteer_by_number,
    volunteer_can_take,
)

# Like pretix's secrets: no o, 0, 1, i, l (nor O, I, L), which bad printers and fonts confuse.
CARD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
CARD_SECRET_LENGTH = 32
CLOSED_NAME = "已注销志愿者"


# --- Registration -------------------------------------------------------------------------


@transaction.atomic
def volunteer_register(
    *, registration: Registration, password: str, consent: bool, now: datetime | None = None
) -> Volunteer:
    """Create a pending volunteer and their login. Nothing is saved unless all of it is valid."""
    now = now or timezone.now()
    parsed, problems = registration_problems(registration, today=timezone.localdate(now))
    account_problems(registration, parsed, password, problems)
    if not password:
        problems.add("password", _("This field is required."))
    if not consent:
        problems.add("consent", _("Please agree to the processing of your ID number."))
    if problems:
        raise problems.as_error()
    try:
        with transaction.atomic():
            volunteer = _create(registration, parsed, password=password, now=now)
    except IntegrityError:  # a second request with the same mobile or ID won the race
        raise ValidationError(
            {"mobile": _("This mobile number or ID number was registered a moment ago.")}
        ) from None
    audit_log(actor=volunteer.user, action="volunteer.register", target=volunteer)
    return volunteer


def _create(reg: Registration, parsed: IdNumber, *, password: str, now: datetime) -> Volunteer:
    user = User(mobile=reg.mobile, name=reg.name.strip())
    user.set_password(password)
    user.save()
    role_grant(user=user, role=Role.VOLUNTEER)
    guardian_consent_at = now if reg.guardian_consent and _needs_guardian(parsed, now) else None
    return Volunteer.objects.create(
        user=user,
        **identity_fields(parsed),
        **profile_fields(reg),
        **guardian_fields(reg, consented_at=guardian_consent_at),
        consent_at=now,
        consent_policy_version=settings.HONGYI_PRIVACY_POLICY_VERSION,
        consent_source=ConsentSource.ONLINE,
        registered_at=now,
    )


def _needs_guardian(parsed: IdNumber, now: datetime) -> bool:
    return guardian_needed(age_on(parsed.birth_date, timezone.localdate(now)))


def identity_fields(parsed: IdNumber) -> dict:
    """The stored forms of an ID number: encrypted, keyed hash, masked; and what it tells."""
    return {
        "id_number_encrypted": identity.encrypt(parsed.number),
        "id_number_hash": identity.keyed_hash(parsed.number),
        "id_number_masked": mask_id_number(parsed.number),
        "birth_date": parsed.birth_date,
        "gender": parsed.gender,
    }


def profile_fields(reg: Registration) -> dict:
    return {
        "township": reg.township,
        "village": reg.village,
        "residence": reg.residence.strip(),
        "service_categories": list(reg.service_categories),
        "skills": reg.skills.strip(),
        "availability": list(reg.availability),
        "political_status": reg.political_status,
        "emergency_contact_name": reg.emergency_contact_name.strip(),
        "emergency_contact_mobile": reg.emergency_contact_mobile,
    }


def guardian_fields(reg: Registration, *, consented_at: datetime | None) -> dict:
    if consented_at is None:
        return {}
    return {
        "guardian_name": reg.guardian_name.strip(),
        "guardian_mobile": reg.guardian_mobile,
        "guardian_relationship": reg.guardian_relationship,
        "guardian_consent_at": consented_at,
    }


# --- Review ---------------------------------------------------------------------------------


@transaction.atomic
def volunteer_approve(*, volunteer: Volunteer, actor: User, now: datetime | None = None):
    """Activate a registration: it gets its volunteer number and its first card."""
    volunteer = _locked_for_review(volunteer, actor)
    _require_status(volunteer, {Status.PENDING, Status.REJECTED}, _("approve"))
    now = now or timezone.now()
    _require_guardian_if_minor(volunteer, timezone.localdate(now))
    volunteer.number = (
        volunteer.number
        or volunteer_numbers_allocate(year=timezone.localdate(now).year, count=1)[0]
    )
    volunteer.card_secret = volunteer.card_secret or new_card_secret()
    volunteer.activated_at = volunteer.activated_at or now
    _set_status(volunteer, Status.ACTIVE, actor=actor, now=now, reason="")
    audit_log(actor=actor, action="volunteer.approve", target=volunteer, data=_number(volunteer))
    return volunteer


@transaction.atomic
def volunteer_reject(*, volunteer: Volunteer, actor: User, reason: str):
    volunteer = _locked_for_review(volunteer, actor)
    _require_status(volunteer, {Status.PENDING}, _("reject"))
    _set_status(volunteer, Status.REJECTED, actor=actor, reason=_required_reason(reason))
    audit_log(actor=actor, action="volunteer.reject", target=volunteer, data={"reason": reason})
    return volunteer


@transaction.atomic
def volunteer_suspend(*, volunteer: Volunteer, actor: User, reason: str):
    volunteer = _locked_for_review(volunteer, actor)
    _require_status(volunteer, {Status.ACTIVE}, _("suspend"))
    _set_status(volunteer, Status.SUSPENDED, actor=actor, reason=_required_reason(reason))
    audit_log(actor=actor, action="volunteer.suspend", target=volunteer, data={"reason": reason})
    return volunteer


@transaction.atomic
def volunteer_reactivate(*, volunteer: Volunteer, actor: User, reason: str):
    volunteer = _locked_for_review(volunteer, actor)
    _require_status(volunteer, {Status.SUSPENDED}, _("reactivate"))
    _require_guardian_if_minor(volunteer, timezone.localdate())
    _set_status(volunteer, Status.ACTIVE, actor=actor, reason=_required_reason(reason))
    audit_log(actor=actor, action="volunteer.reactivate", target=volunteer, data={"reason": reason})
    return volunteer


def _locked_for_review(volunteer: Volunteer, actor: User) -> Volunteer:
    """The row, locked: two reviewers clicking at once must not both act on the old state."""
    if not may_review(actor, volunteer):
        raise PermissionDenied
    return Volunteer.objects.select_for_update().select_related("user").get(pk=volunteer.pk)


def _require_status(volunteer: Volunteer, allowed: set[Status], verb: str) -> None:
    if volunteer.status not in allowed:
        raise ValidationError(
            _("This volunteer is “%(status)s”: you cannot %(verb)s them now.")
            % {"status": volunteer.get_status_display(), "verb": verb}
        )


def _require_guardian_if_minor(volunteer: Volunteer, today: date) -> None:
    age = age_on(volunteer.birth_date, today)
    if guardian_needed(age) and volunteer.guardian_consent_at is None:
        raise ValidationError(
            _(
                "This volunteer is %(age)d: a guardian's name, mobile, relationship and "
                "consent are needed before the account can be activated."
            )
            % {"age": age}
        )


def _required_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please give a reason: the volunteer will see it.")})
    return reason[:200]


def _set_status(volunteer, status, *, actor, reason, now=None) -> None:
    volunteer.status = status
    volunteer.status_reason = reason
    volunteer.reviewed_at = now or timezone.now()
    volunteer.reviewed_by = actor
    volunteer.save()


def _number(volunteer: Volunteer) -> dict:
    return {"number": volunteer.number}


def volunteer_numbers_allocate(*, year: int, count: int) -> list[str]:
    """``count`` fresh numbers such as ``130131-2026-000123``; call inside a transaction.

    The UPDATE takes the sequence row's lock until the caller commits (PostgreSQL), and
    SQLite's BEGIN IMMEDIATE already serialises writers, so no two callers share a number.
    """
    prefix = f"{settings.HONGYI_COUNTY_CODE}-{year}"
    NumberSequence.objects.get_or_create(prefix=prefix)
    NumberSequence.objects.filter(prefix=prefix).update(last=F("last") + count)
    last = NumberSequence.objects.get(prefix=prefix).last
    return [f"{prefix}-{n:06d}" for n in range(last - count + 1, last + 1)]


# --- Identity and card -------------------------------------------------------------------------


@transaction.atomic
def id_number_reveal(*, volunteer: Volunteer, actor: User, reason: str) -> str:
    """The full ID number of one volunteer, for the county office, audited with the reason."""
    if not may_reveal_id_number(actor):
        raise PermissionDenied
    reason = _required_reason(reason)
    if not volunteer.id_number_encrypted:
        raise ValidationError(_("This account was closed: its ID number has been erased."))
    audit_log(
        actor=actor,
        action="volunteer.id_number_reveal",
        target=volunteer,
        data={"reason": reason, **_number(volunteer)},
    )
    return identity.decrypt(volunteer.id_number_encrypted)


def new_card_secret() -> str:
    return get_random_string(CARD_SECRET_LENGTH, CARD_ALPHABET)


@transaction.atomic
def card_rotate(*, volunteer: Volunteer, actor: User) -> Volunteer:
    """A new card secret: every card printed before stops working (lost or copied cards)."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if volunteer.status != Status.ACTIVE:
        raise ValidationError(_("Only an active volunteer has a card."))
    volunteer.card_secret = new_card_secret()
    volunteer.save(update_fields=["card_secret"])
    audit_log(
        actor=actor, action="volunteer.card_rotate", target=volunteer, data=_number(volunteer)
    )
    return volunteer


# --- Teams -------------------------------------------------------------------------------------


@transaction.atomic
def team_member_add(*, team: Team, number: str, actor: User, on: date | None = None):
    """Add the volunteer with ``number`` to ``team`` from ``on`` (today in Beijing time)."""
    on = on or timezone.localdate()
    volunteer = volunteer_by_number(number or "")
    if volunteer is None:
        raise ValidationError({"number": _("No volunteer has the number %s.") % number})
    if volunteer.status != Status.ACTIVE:
        raise ValidationError({"number": _("Only active volunteers can join a team.")})
    if not volunteer_can_take(volunteer=volunteer, minors_allowed=team.minors_allowed, on=on):
        raise ValidationError({"number": _("This team is not marked suitable for minors.")})
    Team.objects.select_for_update().get(pk=team.pk)  # one add at a time per team
    if Membership.objects.filter(team=team, volunteer=volunteer, left_on__isnull=True).exists():
        raise ValidationError({"number": _("%s is already in this team.") % volunteer.user.name})
    membership = Membership.objects.create(team=team, volunteer=volunteer, joined_on=on)
    audit_log(actor=actor, action="team.member_add", target=volunteer, data=_team(team))
    return membership


@transaction.atomic
def team_member_remove(*, membership: Membership, actor: User, on: date | None = None):
    """Leaving keeps the row, with the day they left: the history stays true."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.left_on is not None:
        raise ValidationError(_("This volunteer already left the team."))
    membership.left_on = max(on or timezone.localdate(), membership.joined_on)
    membership.save(update_fields=["left_on"])
    audit_log(
        actor=actor,
        action="team.member_remove",
        target=membership.volunteer,
        data=_team(membership.team),
    )
    return membership


def _team(team: Team) -> dict:
    return {"team": team.name, "team_id": team.pk}


# --- The volunteer's own rights (PIPL Art.45, 47) -----------------------------------------------


@transaction.atomic
def volunteer_close_account(*, volunteer: Volunteer, actor: User, now: datetime | None = None):
    """Erase the person, keep the statistics: number, township, gender and birth year stay."""
    volunteer = Volunteer.objects.select_for_update().select_related("user").get(pk=volunteer.pk)
    if volunteer.status == Status.CLOSED:
        raise ValidationError(_("This account is already closed."))
    user = volunteer.user
    if any(grant.role != Role.VOLUNTEER for grant in user.role_grants.all()):
        raise ValidationError(
            _("You also hold a staff role: ask the administrator to remove it first.")
        )
    now = now or timezone.now()
    Membership.objects.filter(volunteer=volunteer, left_on__isnull=True).update(
        left_on=timezone.localdate(now)
    )
    _anonymise(volunteer, now=now)
    _anonymise_user(user)
    audit_log(
        actor=actor, action="volunteer.close_account", target=volunteer, data=_number(volunteer)
    )
    return volunteer


def _anonymise(volunteer: Volunteer, *, now: datetime) -> None:
    for name in (
        "id_number_encrypted",
        "id_number_masked",
        "residence",
        "skills",
        "status_reason",
        "emergency_contact_name",
        "emergency_contact_mobile",
        "political_status",
        "guardian_name",
        "guardian_mobile",
        "guardian_relationship",
    ):
        setattr(volunteer, name, "")
    volunteer.id_number_hash = volunteer.card_secret = volunteer.village = None
    volunteer.service_categories, volunteer.availability = [], []
    volunteer.birth_date = volunteer.birth_date.replace(month=1, day=1)
    volunteer.status, volunteer.closed_at = Status.CLOSED, now
    volunteer.save()


def _anonymise_user(user: User) -> None:
    """The mobile is freed for a new registration; a leading 0 is never a real mobile."""
    user.name = CLOSED_NAME
    user.mobile = f"0{user.pk:010d}"
    user.is_active = False
    user.set_unusable_password()
    user.save()


@transaction.atomic
def volunteer_claim_account(*, mobile: str, id_number: str, password: str) -> User:
    """An imported volunteer sets their first password, proving who they are by ID number.

    Imported accounts have no usable password; the mobile and the ID number together
    are what the township office wrote down from the paper form.
    """
    user = User.objects.select_for_update().filter(mobile=mobile.strip(), is_active=True).first()
    volunteer = getattr(user, "volunteer", None) if user else None
    matches = volunteer is not None and volunteer.id_number_hash == identity.keyed_hash(id_number)
    if not matches or user.has_usable_password():
        raise ValidationError(
            _("No imported account without a password matches this mobile and ID number.")
        )
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_log(actor=user, action="volunteer.claim_account", target=volunteer)
    return user


def unusable_password() -> str:
    return make_password(None)


# --- Roster import ------------------------------------------------------------------------------


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
    needs = _needs_guardian(row.parsed, now)
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
