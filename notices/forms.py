"""Forms of the notices pages: they check shapes; the services decide. A refusal lands on
the field it concerns, and the form keeps everything that was typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from notices import rendering
from notices.audiences import Kind, Roster, audience_from_json
from notices.models import Channel
from notices.services import Draft

KIND_LABELS = {
    Kind.TEAM: _("A team I lead"),
    Kind.EVENT_PERFORMERS: _("The performers of an event"),
    Kind.EVENT_ROSTER: _("The volunteers on an event's shifts"),
    Kind.STATION: _("Volunteers who checked in at a station"),
    Kind.TOWNSHIP: _("The volunteers of a township"),
    Kind.COUNTY: _("Every volunteer in the county"),
    Kind.STAR: _("Volunteers of a star level"),
}
# The option list each kind needs, and the form field that picks from it.
PICKER = {
    Kind.TEAM: ("teams", "team"),
    Kind.EVENT_PERFORMERS: ("events", "event"),
    Kind.EVENT_ROSTER: ("events", "event"),
    Kind.STATION: ("stations", "station"),
    Kind.TOWNSHIP: ("townships", "township"),
}
TEMPLATE_CODES = {"unknown_placeholder", "template_invalid", "placeholder_unfilled"}
FIELD_OF = {
    "title_empty": "title",
    "body_empty": "body",
    "too_long": "body",
    "sms_too_long": "body",
    "not_allowed": "kind",
    "audience_empty": "kind",
    "audience_invalid": "kind",
    "urgent_not_allowed": "urgent",
    "channel_invalid": "channels",
    "email_missing": "email_address",
    "email_invalid": "email_address",
}


class RefusalMixin:
    def add_refusal(self, error) -> None:
        field = FIELD_OF.get(error.code)
        if error.code in TEMPLATE_CODES:
            title = self.cleaned_data.get("title", "")
            field = "title" if rendering.template_placeholders(title) or "{" in title else "body"
        self.add_error(field if field in self.fields else None, error.message)


def _choices(rows, empty=True):
    first = [("", _("— choose —"))] if empty else []
    return first + [(str(pk), name) for pk, name in rows]


class ComposeForm(RefusalMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Send to"), widget=forms.RadioSelect)
    team = forms.TypedChoiceField(label=_("Team"), coerce=int, required=False)
    event = forms.TypedChoiceField(label=_("Event"), coerce=int, required=False)
    roster = forms.ChoiceField(
        label=_("Which sign-ups"),
        required=False,
        initial=Roster.BOTH,
        choices=[
            (Roster.BOTH, _("Confirmed and waitlisted")),
            (Roster.CONFIRMED, _("Confirmed only")),
            (Roster.WAITLISTED, _("Waitlisted only")),
        ],
    )
    station = forms.TypedChoiceField(label=_("Red station"), coerce=int, required=False)
    days = forms.IntegerField(
        label=_("Checked in within the last (days)"),
        required=False,
        min_value=1,
        max_value=366,
        initial=30,
    )
    township = forms.TypedChoiceField(label=_("Township"), coerce=int, required=False)
    level = forms.TypedChoiceField(
        label=_("Star level"),
        coerce=int,
        required=False,
        choices=[("", _("— choose —"))] + [(str(n), str(n)) for n in range(6)],
    )
    title = forms.CharField(label=_("Title"), max_length=100)
    body = forms.CharField(
        label=_("Text"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Placeholders: {姓名} is each recipient's name; {活动}, {时间} and {地点} the "
            "event's title, time and place (or what you type below)."
        ),
    )
    channels = forms.MultipleChoiceField(
        label=_("Also send by"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(Channel.SMS, _("SMS")), (Channel.EMAIL, _("Email"))],
        help_text=_("Every recipient gets it in the app; SMS and email only if they allow it."),
    )
    time = forms.CharField(label=_("Time, for {时间}"), max_length=50, required=False)
    place = forms.CharField(label=_("Place, for {地点}"), max_length=100, required=False)
    urgent = forms.BooleanField(
        label=_("Urgent: send the SMS at night too"),
        required=False,
        help_text=_("Only for warnings that cannot wait until 08:00."),
    )

    def __init__(self, *args, options: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = options
        kinds = [kind for kind in KIND_LABELS if self._offers(kind)]
        self.fields["kind"].choices = [(kind.value, KIND_LABELS[kind]) for kind in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0].value
        for key, field in {p[0]: p[1] for p in PICKER.values()}.items():
            self.fields[field].choices = _choices(options.get(key, []))
        if not options.get("urgent"):
            del self.fields["urgent"]

    def _offers(self, kind) -> bool:
        if kind in PICKER:
            return bool(self.options.get(PICKER[kind][0]))
        return bool(self.options.get("county" if kind == Kind.COUNTY else "star"))

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in PICKER and data.get(PICKER[kind][1]) in (None, ""):
            name = PICKER[kind][1]
            self.add_error(name, _("Choose the %(what)s.") % {"what": self.fields[name].label})
        if kind == Kind.STAR and data.get("level") in (None, ""):
            self.add_error("level", _("Choose the star level."))
        return data

    def draft(self) -> Draft:
        data = self.cleaned_data
        kind = Kind(data["kind"])
        audience = {"kind": kind.value}
        if kind in PICKER:
            audience["id"] = data[PICKER[kind][1]]
        if kind == Kind.EVENT_ROSTER:
            audience["roster"] = data.get("roster") or Roster.BOTH
        if kind == Kind.STATION:
            audience["days"] = data.get("days")
        if kind == Kind.STAR:
            audience["level"] = data.get("level")
        about_event = kind in (Kind.EVENT_PERFORMERS, Kind.EVENT_ROSTER)
        event_id = audience["id"] if about_event else None
        return Draft(
            audience=audience_from_json(audience),
            title=data["title"],
            body=data["body"],
            channels=(Channel.INAPP, *data.get("channels", ())),
            urgent=bool(data.get("urgent")),
            event_id=event_id,
            time=data.get("time", ""),
            place=data.get("place", ""),
        )


class PreferenceForm(RefusalMixin, forms.Form):
    inapp = forms.BooleanField(
        label=_("In the app (always on)"),
        required=False,
        initial=True,
        disabled=True,
        help_text=_("Messages always reach your inbox under “My page”."),
    )
    sms = forms.BooleanField(label=_("SMS to my mobile number"), required=False)
    email = forms.BooleanField(label=_("Email"), required=False)
    email_address = forms.EmailField(label=_("Email address"), required=False, max_length=254)
