"""The one place stations learn who a person is: through the volunteers app.

A card's QR secret resolves to the volunteer's account while the card is current
(rotating the secret invalidates old cards); a person is suspended when their volunteer
record says so, or when the account itself is inactive.
"""

from django.core.exceptions import ObjectDoesNotExist

from volunteers.choices import Status
from volunteers.identity import ADULT_AGE
from volunteers.selectors import volunteer_age, volunteer_by_card_secret

_card_lookup = None


def register_card_lookup(lookup) -> None:
    """Replace the card lookup (tests use this to scan cards they made up)."""
    global _card_lookup  # noqa: PLW0603 - one adapter hook
    _card_lookup = lookup


def user_for_card(secret: str):
    """The account a volunteer card's QR secret belongs to, or None."""
    if _card_lookup:
        return _card_lookup(secret)
    volunteer = volunteer_by_card_secret(secret)
    return volunteer.user if volunteer else None


def is_minor_not_allowed(user, program) -> bool:
    """A minor may only serve in programs marked suitable for minors (条例 Art.15)."""
    if program is None or program.suitable_for_minors:
        return False
    try:
        volunteer = user.volunteer
    except ObjectDoesNotExist:
        return False
    return volunteer_age(volunteer) < ADULT_AGE


def is_suspended(user) -> bool:
    """Reads the volunteer record the login already loaded (see volunteers.auth)."""
    try:
        volunteer = user.volunteer
    except ObjectDoesNotExist:
        volunteer = None
    return not user.is_active or (volunteer is not None and volunteer.status == Status.SUSPENDED)
