"""The volunteer's own rights (PIPL Art.45, 47): closing the account, and an imported
volunteer claiming theirs."""

from datetime import datetime

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import User
from core.roles import Role
from core.services import audit_log
from volunteers import identity
from volunteers.choices import Status
from volunteers.models import Membership, Volunteer
from volunteers.services.common import number_data

CLOSED_NAME = "已注销志愿者"


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
        actor=actor, action="volunteer.close_account", target=volunteer, data=number_data(volunteer)
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
