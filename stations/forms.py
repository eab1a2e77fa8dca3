from django import forms
from django.utils.translation import gettext_lazy as _


class CheckInForm(forms.Form):
    """The volunteer confirms the program; the phone's location rides along if given."""

    grant = forms.CharField(widget=forms.HiddenInput)
    # Validated by the service against the station's programs, so a scan costs no
    # extra query; the choices only draw the menu.
    program = forms.IntegerField(label=_("Service program"), min_value=1, widget=forms.Select)
    latitude = forms.FloatField(
        required=False, min_value=-90, max_value=90, widget=forms.HiddenInput
    )
    longitude = forms.FloatField(
        required=False, min_value=-180, max_value=180, widget=forms.HiddenInput
    )
    accuracy = forms.FloatField(
        required=False, min_value=0, max_value=100_000, widget=forms.HiddenInput
    )

    def __init__(self, *args, programs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].widget.choices = [(p.pk, p.name) for p in programs]


class UndoForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class KioskForm(forms.Form):
    name = forms.CharField(label=_("Tablet name"), max_length=50)
