from django import forms
from django.utils.translation import gettext_lazy as _

from ledger.models import Dispute, Entry, RecordingUnit

MINUTES = {"min_value": 1, "max_value": 1440}


class ApproveForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("Minutes to credit"),
        required=False,
        help_text=_("Leave empty to credit what was claimed."),
        **MINUTES,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        help_text=_("Required when you change the minutes."),
    )

    def __init__(self, *args, claim=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.claim = claim

    def clean(self):
        data = super().clean()
        minutes = data.get("minutes")
        if minutes and minutes != self.claim.minutes and not data.get("reason", "").strip():
            self.add_error("reason", _("Changing the minutes needs a reason."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Please give a reason."))
        return reason


class BulkApproveForm(forms.Form):
    claims = forms.ModelMultipleChoiceField(
        label=_("Claims"),
        queryset=None,
        error_messages={"required": _("Tick at least one claim.")},
    )

    def __init__(self, *args, pending=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claims"].queryset = pending


class DisputeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is wrong"), choices=Dispute.Kind.choices, widget=forms.RadioSelect
    )
    entry = forms.ModelChoiceField(
        label=_("The record"), queryset=Entry.objects.none(), required=False
    )
    unit = forms.ModelChoiceField(
        label=_("Recording unit"), queryset=RecordingUnit.objects.all(), required=False
    )
    service_date = forms.DateField(
        label=_("Date of service"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    minutes = forms.IntegerField(label=_("Minutes you served"), min_value=0, max_value=1440)
    description = forms.CharField(
        label=_("Description"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, volunteer=None, **kwargs):
        super().__init__(*args, **kwargs)
        own = Entry.objects.filter(volunteer=volunteer, reverses=None, reversed_by=None)
        self.fields["entry"].queryset = own.order_by("-service_date")

    def clean(self):
        data = super().clean()
        if data.get("kind") == Dispute.Kind.ERROR and not data.get("entry"):
            self.add_error("entry", _("Choose the record that is wrong."))
        if data.get("kind") == Dispute.Kind.OMISSION:
            for name in ("unit", "service_date"):
                if not data.get(name):
                    self.add_error(name, _("This field is required for a missing record."))
        return data


class DisputeAnswerForm(ReasonForm):
    minutes = forms.IntegerField(
        label=_("Minutes to record"),
        required=False,
        min_value=0,
        max_value=1440,
        help_text=_("Leave empty to record what the volunteer states."),
    )
