"""Forms of the wish loop. They check what a person typed and name the field; the rules
of the loop (who may, from which status) stay in the services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.models import Region
from core.validators import validate_mobile
from stations.models import Station
from volunteers.forms import AccessibleForm
from wishes.models import WishKind

ACCEPT = "image/jpeg,image/png,image/heic,image/heif,image/webp,.heic,.heif"
# A service's refusal code → the field it is about, so the message sits beside it.
ERROR_FIELDS = {
    "photo_invalid": "photos", "photo_too_large": "photos", "too_many_photos": "photos",
    "photo_required": "photos", "phone_invalid": "phone", "station_required": "station",
    "place_required": "township", "title_required": "title", "kind_closed": "kind",
    "point_invalid": "address", "minutes_invalid": "minutes", "reason_required": "reason",
    "note_required": "note", "volunteer_not_found": "volunteer_number",
    "volunteer_unsuitable": "volunteer_number", "rating_invalid": "stars",
    "duplicate_invalid": "duplicate_code",
}  # fmt: skip


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to a few photos in one input; each is checked by the service, by name."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(required=False, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data]
        return [super(PhotosField, self).clean(item, initial) for item in items if item]


class Honeypot(forms.CharField):
    """A field people never see or fill; a form-filling robot does."""

    def __init__(self):
        attrs = {"autocomplete": "off", "tabindex": "-1", "class": "hp"}
        super().__init__(label=_("Leave this empty"), required=False, max_length=100,
                         widget=forms.TextInput(attrs=attrs))  # fmt: skip


def _text(**attrs):
    return forms.TextInput(attrs=attrs)


class StationField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.region.name} · {obj.name}"


class FilingForm(AccessibleForm):
    kind = forms.ModelChoiceField(
        label=_("What kind of request"),
        queryset=WishKind.objects.filter(active=True),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    title = forms.CharField(
        label=_("What do you need, in a few words"),
        max_length=60,
        widget=_text(placeholder=_("e.g. help mending the yard gate")),
    )
    description = forms.CharField(
        label=_("Details"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    station = StationField(
        label=_("At a red station"),
        queryset=Station.objects.select_related("region").order_by("region__code", "name"),
        required=False,
        empty_label=_("Not at a station"),
    )
    township = forms.ModelChoiceField(
        label=_("Township"),
        queryset=Region.objects.filter(level=Region.Level.TOWNSHIP),
        required=False,
        empty_label=_("Choose"),
        help_text=_("Needed when you are not at a station."),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=200,
        required=False,
        widget=_text(autocomplete="street-address"),
        help_text=_("Only the volunteer who takes it and the station see it in full."),
    )
    latitude = forms.DecimalField(
        max_digits=9, decimal_places=6, min_value=-90, max_value=90, required=False,
        widget=forms.HiddenInput,
    )  # fmt: skip
    longitude = forms.DecimalField(
        max_digits=9, decimal_places=6, min_value=-180, max_value=180, required=False,
        widget=forms.HiddenInput,
    )  # fmt: skip
    photos = PhotosField(
        label=_("Photos"),
        help_text=_("Up to 3, JPEG, PNG, HEIC or WebP, 10 MB each. Location data is removed."),
    )
    phone = forms.CharField(
        label=_("Mobile number"), max_length=11, validators=[validate_mobile],
        widget=_text(inputmode="numeric", autocomplete="tel"),
        help_text=_("Masked to everyone but the volunteer who takes it and the station."),
    )  # fmt: skip
    filer_name = forms.CharField(label=_("Your name (optional)"), max_length=30, required=False,
                                 widget=_text(autocomplete="name"))  # fmt: skip
    website = Honeypot()

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Something went wrong. Please send the form again."))
        return ""

    def clean(self):
        data = super().clean()
        if not data.get("station") and not data.get("township"):
            self.add_error("township", _("Choose a red station or a township."))
        kind = data.get("kind")
        if kind and kind.station_required and not data.get("station"):
            self.add_error("station", _("Choose the red station you are at."))
        return data


class FollowForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=20,
        widget=_text(autocomplete="off", autocapitalize="characters"),
    )


class ReasonForm(AccessibleForm):
    reason = forms.CharField(label=_("Reason"), max_length=300,
                             widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class AcceptForm(AccessibleForm):
    station = StationField(
        label=_("Station that handles it"),
        queryset=Station.objects.select_related("region").order_by("region__code", "name"),
        required=False,
        empty_label=_("Keep the current station"),
    )
    note = forms.CharField(label=_("Note to the filer"), max_length=300, required=False)


class MergeForm(AccessibleForm):
    duplicate_code = forms.CharField(label=_("Tracking code of the original request"),
                                     max_length=20)  # fmt: skip


class AssignForm(AccessibleForm):
    volunteer_number = forms.CharField(label=_("Volunteer number"), max_length=24,
                                       required=False)  # fmt: skip
    team = forms.ModelChoiceField(label=_("Or a team"), queryset=None, required=False,
                                  empty_label=_("No team"))  # fmt: skip

    def __init__(self, *args, **kwargs):
        from volunteers.models import Team

        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.order_by("name")


class NoteForm(AccessibleForm):
    note = forms.CharField(label=_("What was done"), max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    photos = PhotosField(label=_("Photos"))


HELPER_ROWS = 3


class ResolveForm(NoteForm):
    """办结: what was done, the reporter's own minutes and up to three helpers'."""

    minutes = forms.IntegerField(
        label=_("Your minutes"),
        min_value=1,
        max_value=24 * 60,
        help_text=_("Time actually served; travel does not count."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, HELPER_ROWS + 1):
            self.fields[f"helper_{n}"] = forms.CharField(
                label=_("Helper %(n)s: volunteer number") % {"n": n}, max_length=24,
                required=False,
            )  # fmt: skip
            self.fields[f"helper_{n}_minutes"] = forms.IntegerField(
                label=_("Helper %(n)s: minutes") % {"n": n}, min_value=1, max_value=24 * 60,
                required=False,
            )  # fmt: skip

    def clean(self):
        data = super().clean()
        for n in range(1, HELPER_ROWS + 1):
            if data.get(f"helper_{n}") and not data.get(f"helper_{n}_minutes"):
                self.add_error(f"helper_{n}_minutes", _("How many minutes did they serve?"))
        return data

    def helper_rows(self) -> list[tuple[str, int]]:
        rows = []
        for n in range(1, HELPER_ROWS + 1):
            number = (self.cleaned_data.get(f"helper_{n}") or "").strip()
            if number:
                rows.append((number, self.cleaned_data[f"helper_{n}_minutes"]))
        return rows


class RevealForm(AccessibleForm):
    reason = forms.CharField(
        label=_("Why you need the filer's contact details"), max_length=200,
        help_text=_("Written to the audit log with your name."),
    )  # fmt: skip


class RateForm(AccessibleForm):
    stars = forms.TypedChoiceField(
        label=_("How satisfied are you"),
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment (optional)"), max_length=300, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class StatsForm(forms.Form):
    BY = (("kind", _("By kind")), ("township", _("By township")), ("station", _("By station")),
          ("month", _("By month")))  # fmt: skip
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    by = forms.ChoiceField(label=_("Breakdown"), choices=BY, required=False)
