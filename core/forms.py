from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class MobileLoginForm(AuthenticationForm):
    """Log in with a mobile number, the identifier every volunteer already knows."""

    username = forms.CharField(
        label=_("Mobile number"),
        max_length=11,
        widget=forms.TextInput(
            attrs={"autofocus": True, "inputmode": "numeric", "autocomplete": "username"}
        ),
    )
    error_messages = {
        "invalid_login": _("Mobile number or password is wrong. Please check and try again."),
        "inactive": _("This account is not active yet."),
    }
