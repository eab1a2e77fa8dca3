"""The volunteer's ID number, shown in full only on an audited request, and their card."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.models import User
from core.services import audit_log
from volunteers import identity
from volunteers.choices import Status
from volunteers.models import Volunteer
from volunteers.selectors import may_reveal_id_number
from volunteers.services.common import number_data, required_reason
from volunteers.services.numbers import new_card_secret


@transaction.atomic
def id_number_reveal(*, volunteer: Volunteer, actor: User, reason: str) -> str:
    """The full ID number of one volunteer, for the county office, audited with the reason."""
    if not may_reveal_id_number(actor):
        raise PermissionDenied
    reason = required_reason(reason)
    if not volunteer.id_number_encrypted:
        raise ValidationError(_("This account was closed: its ID number has been erased."))
    audit_log(
        actor=actor,
        action="volunteer.id_number_reveal",
        target=volunteer,
        data={"reason": reason, **number_data(volunteer)},
    )
    return identity.decrypt(volunteer.id_number_encrypted)


@transaction.atomic
def card_rotate(*, volunteer: Volunteer, actor: User) -> Volunteer:
    """A new card secret: every card printed before stops working (lost or copied cards)."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if volunteer.status != Status.ACTIVE:
        raise ValidationError(_("Only an active volunteer has a card."))
    volunteer.card_secret = new_card_secret()
    volunteer.save(update_fields=["card_secret"])
    audit_log(
        actor=actor, action="volunteer.card_rotate", target=volunteer, data=number_data(volunteer)
    )
    return volunteer
