"""What the wish pages share: showing a refusal, and the timeline as each reader sees it."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from core.masking import mask_name
from wishes.deadlines import COLOUR_OF_RANK, LABELS
from wishes.forms import ERROR_FIELDS
from wishes.models import Status, WishEvent

ROLE_LABELS = {
    WishEvent.Role.FILER: _("Filer"),
    WishEvent.Role.STAFF: _("Station"),
    WishEvent.Role.SYSTEM: _("System"),
}


def refused(request, error, status=None):
    context = {"message": error.message, "code": error.code}
    return render(request, "wishes/refused.html", context, status=status or error.http_status)


def add_service_error(form, error) -> None:
    """A service's refusal on the form, beside the field it is about."""
    field = ERROR_FIELDS.get(error.code)
    form.add_error(field if field in form.fields else None, str(error.message))


def steps_for(events, *, staff: bool) -> list[dict]:
    """Who did what when. Staff read names; the filer reads roles and masked names."""
    return [
        {"label": event.get_action_display(), "at": event.at, "note": event.note,
         "by": _actor(event, staff), "data": event.data, "photos": list(event.photos.all())}
        for event in events
    ]  # fmt: skip


def _actor(event, staff: bool) -> str:
    if event.actor_role == WishEvent.Role.VOLUNTEER and event.actor:
        name = event.actor.name if staff else mask_name(event.actor.name)
        return _("Volunteer %(name)s") % {"name": name}
    if staff and event.actor:
        return event.actor.name
    return str(ROLE_LABELS.get(event.actor_role, ""))


def with_colours(rows) -> list[dict]:
    """List rows (dicts with ``rank``) with their colour and its words, for the templates."""
    rows = list(rows)
    for row in rows:
        colour = COLOUR_OF_RANK.get(row.get("rank"))
        row["colour"], row["colour_label"] = colour, LABELS.get(colour, "")
    return rows


def with_status_labels(rows) -> list[dict]:
    labels = dict(Status.choices)
    for row in rows:
        row["status_label"] = labels.get(row["status"], row["status"])
    return rows
