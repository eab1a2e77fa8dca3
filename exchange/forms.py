from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from core.models import Region
from exchange.models import Reward
from stations.models import Station
from volunteers.selectors import volunteer_by_number


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class ExportForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("The file holds full ID numbers: the reason is kept in the audit log."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("National system file (.xlsx)"))
    origin = forms.CharField(
        label=_("Where the records come from"),
        max_length=200,
        initial="全国志愿服务信息系统",
        help_text=_("Shown with the records, e.g. the county or system that recorded them."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.HONGYI_EXCHANGE_IMPORT_MAX_BYTES:
            mb = settings.HONGYI_EXCHANGE_IMPORT_MAX_BYTES // (1024 * 1024)
            raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": mb})
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Upload the .xlsx file exported from the national system."))
        return upload


class PackageForm(forms.Form):
    file = forms.FileField(label=_("Transfer package (.zip)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise ValidationError(_("The file is too large to be a transfer package."))
        return upload


class VolunteerNumberField(forms.CharField):
    """A volunteer number, cleaned to the volunteer's account."""

    def clean(self, value):
        number = super().clean(value)
        volunteer = volunteer_by_number(number or "")
        if volunteer is None:
            raise ValidationError(_("No volunteer has the number %(number)s.") % {"number": number})
        return volunteer.user


class TransferIssueForm(forms.Form):
    volunteer = VolunteerNumberField(label=_("Volunteer number"), max_length=24)


class GrantForm(forms.Form):
    volunteer = VolunteerNumberField(label=_("Volunteer number"), max_length=24)
    points = forms.IntegerField(label=_("Points"), min_value=1, max_value=100_000)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class PickupForm(forms.Form):
    code = forms.CharField(
        label=_("Pick-up code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )


class TrustForm(forms.Form):
    name = forms.CharField(label=_("County"), max_length=100)
    county_code = forms.RegexField(
        label=_("County code"),
        regex=r"^\d{6}$",
        max_length=6,
        error_messages={"invalid": _("A county code has 6 digits (GB/T 2260).")},
    )
    public_key = forms.CharField(
        label=_("Public key (PEM)"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


class RewardForm(forms.ModelForm):
    """An item of a catalogue. The county office chooses the township; a township office's
    items are its own township's."""

    township = forms.ModelChoiceField(label=_("Township"), queryset=Region.objects.none())

    class Meta:
        model = Reward
        fields = [
            "township",
            "name",
            "description",
            "points",
            "stock",
            "station",
            "place",
            "active",
        ]

    def __init__(self, *args, townships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = townships
        self.fields["township"].label_from_instance = lambda region: region.name
        if self.instance.pk:
            del self.fields["township"]
        codes = [region.code for region in townships]
        stations = Station.objects.filter(region__code__in=codes).order_by("name")
        self.fields["station"].queryset = stations
        self.fields["points"].validators.append(MinValueValidator(1))
        self.fields["points"].widget.attrs["min"] = 1
