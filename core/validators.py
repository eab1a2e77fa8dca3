from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

MOBILE_PATTERN = r"^1[3-9]\d{9}$"

validate_mobile = RegexValidator(
    MOBILE_PATTERN,
    _("Enter an 11-digit mainland mobile number starting with 13–19."),
    code="invalid_mobile",
)
