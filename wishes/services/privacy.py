"""Unmasking the filer's phone and address: one request, one reason, one audit entry."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.services import audit_log
from wishes.errors import WishError
from wishes.models import Wish
from wishes.privacy import address_of, phone_of
from wishes.selectors import may_see_contact
from wishes.services.base import required_text


@transaction.atomic
def wish_contact_reveal(*, wish: Wish, actor, reason: str) -> dict:
    """The filer's full phone and address, for the assigned volunteer or the station's
    manager, written to the audit log with the reason before it is shown."""
    if not may_see_contact(actor, wish):
        raise WishError(
            _("Only the assigned volunteer and the station's manager may see this."), "not_allowed"
        )
    reason = required_text(reason, _("Say why you need the filer's contact details."))
    audit_log(actor=actor, action="wish.contact_reveal", target=wish,
              data={"reason": reason[:200], "code": wish.code})  # fmt: skip
    return {"phone": phone_of(wish), "address": address_of(wish)}
