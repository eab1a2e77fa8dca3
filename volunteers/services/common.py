"""Small pieces several volunteer services share."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from volunteers.models import Volunteer


def required_reason(reason: str) -> str:
    """The reason a volunteer will read, stripped and at most 200 characters; never empty."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please give a reason: the volunteer will see it.")})
    return reason[:200]


def number_data(volunteer: Volunteer) -> dict:
    """What an audit entry says about the volunteer it is about."""
    return {"number": volunteer.number}
