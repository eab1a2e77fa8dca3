"""Forms: they check shapes; the services decide. A refusal lands on the field it concerns."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Kind, Shift, Venue
from volunteers.models import Team

LOCAL = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
# Which field a service's refusal code belongs on.
FIELD_OF = {
    "end_before_start": "ends_at",
    "rrule_invalid": "rrule",
    "rrule_unbounded": "rrule",
    "capacity_invalid": "needed",
    "audience_invalid": "actual_audience",
}


def local_datetime(label):
    return forms.DateTimeField(
        label=label,
        input_formats=LOCAL,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL[0]),
    )


class RefusalMixin:
    def add_refusal(self, error) -> None:
        field = FIELD_OF.get(error.code)
        self.add_error(field if field in self.fields else None, error.message)


class EventForm(RefusalMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    starts_at = local_datetime(_("Start"))
    ends_at = local_datetime(_("End"))
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.all())
    teams = forms.ModelMultipleChoiceField(
        label=_("Performing teams"),
        queryset=Team.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    expected_audience = forms.IntegerField(
        label=_("Expected audience"), required=False, min_value=0, max_value=1_000_000
    )
    rrule = forms.CharField(
        label=_("Repeat (RRULE)"),
        required=False,
        max_length=300,
        help_text=_(
            "Leave empty for a single event. Example: FREQ=WEEKLY;BYDAY=SA;COUNT=10 "
            "(every Saturday, 10 times). A series must end (COUNT or UNTIL)."
        ),
    )
    skip_holidays = forms.BooleanField(label=_("Skip statutory holidays"), required=False)
    makeup_workdays = forms.BooleanField(
        label=_("Also meet on make-up workdays (调休)"), required=False
    )
    override_reason = forms.CharField(
        label=_("Reason to go ahead despite the conflicts"), required=False, max_length=300
    )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must be after the start."))
        return data


class ShiftForm(RefusalMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Shift.Role.choices)
    starts_at = local_datetime(_("Start"))
    ends_at = local_datetime(_("End"))
    needed = forms.IntegerField(
        label=_("Number needed"),
        min_value=1,
        max_value=500,
        error_messages={"min_value": _("A shift needs at least 1 person.")},
    )
    minors_allowed = forms.BooleanField(label=_("Minors allowed"), required=False)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must be after the start."))
        return data


class CloseForm(RefusalMixin, forms.Form):
    actual_audience = forms.IntegerField(
        label=_("Audience (人次)"), min_value=0, max_value=10_000_000
    )


class OverrideForm(forms.Form):
    override_reason = forms.CharField(required=False, max_length=300)


class EditForm(RefusalMixin, forms.Form):
    """Edit an event; for an occurrence, "this occurrence" or "this and following"."""

    class Scope:
        THIS = "this"
        FOLLOWING = "following"

    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = local_datetime(_("Start"))
    ends_at = local_datetime(_("End"))
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.all())
    scope = forms.ChoiceField(
        label=_("Apply to"),
        choices=[
            ("this", _("This occurrence only")),
            ("following", _("This and following occurrences")),
        ],
        initial="this",
        widget=forms.RadioSelect,
    )
    override_reason = forms.CharField(
        label=_("Reason to go ahead despite the conflicts"), required=False, max_length=300
    )

    def __init__(self, *args, in_series: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not in_series:
            del self.fields["scope"]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must be after the start."))
        return data
