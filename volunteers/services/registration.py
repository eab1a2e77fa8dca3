"""Registration on the phone, and the stored fields a registration (or an imported row)
becomes."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.masking import mask_id_number
from core.models import User
from core.roles import Role
from core.services import audit_log, role_grant
from volunteers import identity
from volunteers.choices import ConsentSource
from volunteers.identity import IdNumber, age_on, guardian_needed
from volunteers.models import Volunteer
from volunteers.rules import Registration, account_problems, registration_problems


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
    guardian_consent_at = now if reg.guardian_consent and needs_guardian(parsed, now) else None
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


def needs_guardian(parsed: IdNumber, now: datetime) -> bool:
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
