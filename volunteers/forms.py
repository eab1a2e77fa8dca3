"""Forms of the volunteers app. They convert what was typed; the rules live in ``rules``.

A form that fails re-renders with everything typed except passwords, and every error
is shown next to its field, named by the field's label.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Region
from core.selectors import townships
from volunteers.choices import Availability, GuardianRelationship, PoliticalStatus, ServiceCategory
from volunteers.identity import looks_like_id_number
from volunteers.rules import Registration, account_problems, registration_problems


def _text(autocomplete: str, **attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"autocomplete": autocomplete, **attrs})


class AccessibleForm(forms.Form):
    """Marks fields with errors ``aria-invalid`` so screen readers announce them."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                field = self.fields[name]
                described = [f"id_{name}_error"] + (
                    [f"id_{name}_helptext"] if field.help_text else []
                )
                field.widget.attrs |= {
                    "aria-invalid": "true",
                    "aria-describedby": " ".join(described),
                }


class VillageSelect(forms.Select):
    """Villages grouped by township; static/js/villages.js hides the other townships'."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"data-village-select": "", **(attrs or {})})


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class RegistrationForm(AccessibleForm):
    name = forms.CharField(label=_("Name"), max_length=50, widget=_text("name"))
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=22,
        help_text=_("18 characters. Your birth date and gender are read from it."),
        widget=_text("off", spellcheck="false"),
    )
    mobile = forms.CharField(
        label=_("Mobile number"),
        max_length=11,
        help_text=_("You will log in with it."),
        widget=_text("tel", inputmode="numeric"),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_("At least 8 characters, not only digits."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    township = RegionChoiceField(
        label=_("Township"), queryset=townships(), empty_label=_("Choose…")
    )
    village = forms.ChoiceField(label=_("Village"), widget=VillageSelect)
    residence = forms.CharField(
        label=_("Area of residence"),
        max_length=200,
        required=False,
        help_text=_("For example: the street or group where you live."),
        widget=_text("street-address"),
    )
    service_categories = forms.MultipleChoiceField(
        label=_("Service categories"),
        choices=ServiceCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = forms.CharField(
        label=_("Skills"),
        max_length=200,
        required=False,
        help_text=_("For example: singing, first aid, photography, dialect guiding."),
        widget=_text("off"),
    )
    availability = forms.MultipleChoiceField(
        label=_("When you can serve"),
        choices=Availability.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    emergency_contact_name = forms.CharField(
        label=_("Emergency contact"), max_length=50, widget=_text("off")
    )
    emergency_contact_mobile = forms.CharField(
        label=_("Emergency contact's mobile"),
        max_length=11,
        widget=_text("off", inputmode="numeric"),
    )
    political_status = forms.ChoiceField(
        label=_("Political status"),
        required=False,
        choices=[("", _("Not given")), *PoliticalStatus.choices],
    )
    guardian_name = forms.CharField(
        label=_("Guardian's name"), max_length=50, required=False, widget=_text("off")
    )
    guardian_mobile = forms.CharField(
        label=_("Guardian's mobile"),
        max_length=11,
        required=False,
        widget=_text("off", inputmode="numeric"),
    )
    guardian_relationship = forms.ChoiceField(
        label=_("Relationship"),
        required=False,
        choices=[("", _("Choose…")), *GuardianRelationship.choices],
    )
    guardian_consent = forms.BooleanField(
        label=_("As the guardian, I agree to this registration and to the processing of the "
                "child's personal information."),
        required=False,
    )  # fmt: skip
    consent = forms.BooleanField(
        label=_("I agree that my ID number, a sensitive piece of personal information, is "
                "processed to register me as a volunteer, as the privacy policy describes."),
        required=False,
    )  # fmt: skip

    GUARDIAN_FIELDS = ("guardian_name", "guardian_mobile", "guardian_relationship")
    GROUPS = {
        "about": ("name", "id_number", "mobile", "password", "password_again"),
        "where": ("township", "village", "residence"),
        "service": ("service_categories", "skills", "availability"),
        "contact": ("emergency_contact_name", "emergency_contact_mobile", "political_status"),
        "guardian": (*GUARDIAN_FIELDS, "guardian_consent"),
        "consent": ("consent",),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].choices = village_choices()
        self.consent_version = settings.HONGYI_PRIVACY_POLICY_VERSION

    @property
    def groups(self) -> dict:
        """The fields by section, for the fieldsets of the page."""
        return {name: [self[field] for field in fields] for name, fields in self.GROUPS.items()}

    def clean_village(self):
        value = self.cleaned_data["village"]
        village = Region.objects.filter(pk=value, level=Region.Level.VILLAGE).first()
        if village is None:
            raise ValidationError(_("Choose a village from the list."))
        return village

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        registration = self.registration()
        parsed, problems = registration_problems(registration, today=timezone.localdate())
        account_problems(registration, parsed, cleaned.get("password"), problems)
        if not cleaned.get("consent"):
            problems.add("consent", _("Please agree to the processing of your ID number."))
        for name, messages in problems.items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, messages)
        return cleaned

    def registration(self) -> Registration:
        data = self.cleaned_data
        return Registration(
            name=data.get("name", ""),
            id_number=data.get("id_number", ""),
            mobile=data.get("mobile", ""),
            township=data.get("township"),
            village=data.get("village"),
            residence=data.get("residence", ""),
            service_categories=data.get("service_categories", []),
            skills=data.get("skills", ""),
            availability=data.get("availability", []),
            emergency_contact_name=data.get("emergency_contact_name", ""),
            emergency_contact_mobile=data.get("emergency_contact_mobile", ""),
            political_status=data.get("political_status", ""),
            guardian_name=data.get("guardian_name", ""),
            guardian_mobile=data.get("guardian_mobile", ""),
            guardian_relationship=data.get("guardian_relationship", ""),
            guardian_consent=bool(data.get("guardian_consent")),
        )


def village_choices() -> list:
    """``[(township name, [(pk, village name), …]), …]`` for an optgrouped select."""
    groups: dict[str, list] = {}
    villages = Region.objects.filter(level=Region.Level.VILLAGE).select_related("parent")
    for village in villages.order_by("code"):
        groups.setdefault(village.parent.name, []).append((village.pk, village.name))
    return [("", _("Choose…")), *groups.items()]


class ReasonForm(AccessibleForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The volunteer sees this reason."),
    )


class RevealForm(AccessibleForm):
    reason = forms.CharField(
        label=_("Why you need the full ID number"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Written to the audit log with your name."),
    )


class AddMemberForm(AccessibleForm):
    number = forms.CharField(
        label=_("Volunteer number"),
        max_length=24,
        required=False,  # checked in clean_number, which must also see an ID number typed
        widget=_text("off", placeholder="130131-2026-000123"),
    )

    def __init__(self, data=None, **kwargs):
        """An ID number typed by mistake is dropped, so the page never shows it back."""
        self.id_number_typed = data is not None and looks_like_id_number(data.get("number"))
        if self.id_number_typed:
            data = data.copy()
            data["number"] = ""
        super().__init__(data, **kwargs)

    def clean_number(self):
        if self.id_number_typed:
            raise ValidationError(_("Enter the volunteer number, not the ID number."))
        if not self.cleaned_data["number"]:
            raise ValidationError(self.fields["number"].error_messages["required"])
        return self.cleaned_data["number"]


class CloseAccountForm(AccessibleForm):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand: my personal information is erased and cannot be restored."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("The password is wrong."))
        return password


class ClaimForm(AccessibleForm):
    mobile = forms.CharField(
        label=_("Mobile number"), max_length=11, widget=_text("username", inputmode="numeric")
    )
    id_number = forms.CharField(label=_("ID number"), max_length=22, widget=_text("off"))
    password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return cleaned


class ImportForm(AccessibleForm):
    file = forms.FileField(
        label=_("Roster file"),
        help_text=_("XLSX or CSV, one volunteer per row, with the template's column headers."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise ValidationError(_("Upload an .xlsx or .csv file."))
        if upload.size > settings.HONGYI_IMPORT_MAX_BYTES:
            limit = settings.HONGYI_IMPORT_MAX_BYTES // (1024 * 1024)
            raise ValidationError(_("The file is larger than %d MB: split it.") % limit)
        head = upload.read(4)
        upload.seek(0)
        if upload.name.lower().endswith(".xlsx") and head != b"PK\x03\x04":
            raise ValidationError(_("This is not an XLSX file we can read."))
        return upload
