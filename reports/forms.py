from django import forms
from django.utils.translation import gettext_lazy as _

from core.selectors import townships
from reports.models import Certificate
from volunteers.models import Team


class IssueForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Certificate"), choices=Certificate.Kind.choices, initial=Certificate.Kind.SERVICE
    )
    with_seal = forms.BooleanField(
        label=_("Print the issuing unit's seal"),
        required=False,
        help_text=_("Only if you need a sealed certificate, for example for a school or employer."),
    )


class StaffIssueForm(IssueForm):
    mobile = forms.RegexField(
        label=_("Volunteer's mobile number"),
        regex=r"^1[3-9]\d{9}$",
        error_messages={
            "invalid": _("Enter an 11-digit mainland mobile number starting with 13–19.")
        },
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class BatchForm(forms.Form):
    township = forms.ModelChoiceField(label=_("Township"), queryset=townships(), required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.all(), required=False)
    star_level = forms.IntegerField(label=_("At least this star level"), min_value=1, max_value=5,
                                    required=False)  # fmt: skip
    min_hours = forms.IntegerField(label=_("At least this many hours"), min_value=0,
                                   max_value=100000, required=False)  # fmt: skip
    with_seal = forms.BooleanField(label=_("Print the issuing unit's seal"), required=False)


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Period"),
        choices=[("month", _("Month")), ("quarter", _("Quarter")), ("year", _("Year"))],
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    number = forms.IntegerField(
        label=_("Month or quarter"), min_value=1, max_value=12, required=False,
        help_text=_("1–12 for a month, 1–4 for a quarter; ignored for a year."),
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        number = data.get("number") or 1
        if data.get("kind") == "quarter" and number > 4:
            self.add_error("number", _("A quarter is 1 to 4."))
        data["number"] = 1 if data.get("kind") == "year" else number
        return data
