"""Pages for people who are not logged in: register, the privacy policy, claim an account."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from core.ratelimits import limited
from volunteers.forms import ClaimForm, RegistrationForm
from volunteers.services import volunteer_claim_account, volunteer_register

SENSITIVE = ("id_number", "password", "password_again")


@limited("register", method="POST")
@sensitive_post_parameters(*SENSITIVE)
def register(request):
    """Self-registration on a phone. The new volunteer is logged in and sees "pending"."""
    if request.user.is_authenticated:
        return redirect("volunteers:me")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            volunteer = volunteer_register(
                registration=form.registration(),
                password=form.cleaned_data["password"],
                consent=form.cleaned_data["consent"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, volunteer.user, backend="volunteers.auth.VolunteerAwareBackend")
            messages.success(request, _("Thank you for registering. Your office will review it."))
            return redirect("volunteers:me")
    return render(request, "volunteers/register.html", {"form": form})


def privacy(request):
    version = settings.HONGYI_PRIVACY_POLICY_VERSION
    return render(request, "volunteers/privacy.html", {"version": version})


@sensitive_post_parameters(*SENSITIVE)
@limited("login", method="POST")
def claim(request):
    """Imported volunteers set their first password with their mobile and ID number."""
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            volunteer_claim_account(
                mobile=form.cleaned_data["mobile"],
                id_number=form.cleaned_data["id_number"],
                password=form.cleaned_data["password"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your password is set: please log in."))
            return redirect("login")
    return render(request, "volunteers/claim.html", {"form": form})
