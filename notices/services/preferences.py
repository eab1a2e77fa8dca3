"""A person's channels. In-app always stays on; email needs an address."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import audit_log
from notices.errors import NoticeError
from notices.models import Preference


@transaction.atomic
def preference_set(*, user, sms: bool, email: bool, email_address: str = "") -> Preference:
    email_address = (email_address or "").strip()
    if email and not email_address:
        raise NoticeError(_("To receive email, enter an email address."), "email_missing")
    if email_address:
        try:
            validate_email(email_address)
        except ValidationError:
            raise NoticeError(_("The email address is not valid."), "email_invalid") from None
    preference, _created = Preference.objects.select_for_update().get_or_create(user=user)
    preference.sms, preference.email = bool(sms), bool(email)
    preference.email_address = email_address
    preference.updated_at = timezone.now()
    preference.save()
    audit_log(
        actor=user,
        action="notice.preference",
        target=preference,
        data={"sms": preference.sms, "email": preference.email},
    )
    return preference
