"""Automatic notices about shifts and rehearsals (docs/notices.md, "Reminders").

- ``reminders_send(now=...)``: the periodic scan (``manage.py notices_remind`` from cron,
  every 10 minutes). Everyone due at a shift or a rehearsal gets a reminder the day
  before (when the start is 2–24 hours away) and one two hours before (0–2 hours away),
  with the time, the place and the event's calendar link. Each reminder's key names the
  kind, the event, the person and the event's start: a second scan queues nothing, and a
  moved occurrence is reminded of at its new time (its old time's key no longer matches).
- ``occurrence_changed(change)`` and ``waitlist_promoted(signup)``: listeners on
  ``events.hooks`` (registered in ``NoticesConfig.ready``). A moved or cancelled
  occurrence tells everyone on it; a volunteer moved up from the waitlist is told.

Events never imports notices; notices reads events through its selectors only. Texts go
out in the site's language (Chinese), whoever's request caused them.
"""

import logging
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.links import public_url
from events.hooks import MOVED, OccurrenceChange
from events.selectors import Appointment, appointments_starting, occurrence_people
from notices.errors import NoticeError
from notices.models import Channel, Notice
from notices.services import reminder_enqueue

DAY_BEFORE = "day"
TWO_HOURS = "2h"
LEADS = {TWO_HOURS: timedelta(hours=2), DAY_BEFORE: timedelta(hours=24)}
logger = logging.getLogger(__name__)


def when_text(moment: datetime) -> str:
    """``12月5日 19:00`` in Asia/Shanghai."""
    local = timezone.localtime(moment)
    return f"{local.month}月{local.day}日 {local:%H:%M}"


def calendar_url(event) -> str:
    return public_url(reverse("events:ics", args=[event.pk]))


def place_text(event) -> str:
    venue = event.venue
    return f"{venue.name}（{venue.address}）" if venue.address else venue.name


# --- the periodic scan ---------------------------------------------------------------------


def windows(now: datetime) -> list[tuple[str, datetime, datetime]]:
    """Which starts each kind of reminder is due for at ``now``."""
    return [
        (TWO_HOURS, now, now + LEADS[TWO_HOURS]),
        (DAY_BEFORE, now + LEADS[TWO_HOURS], now + LEADS[DAY_BEFORE]),
    ]


def reminder_key(kind: str, appointment: Appointment) -> str:
    start = appointment.event.starts_at.astimezone(UTC)
    return f"reminder:{kind}:{appointment.event.pk}:{appointment.user_id}:{start:%Y%m%dT%H%M}"


def reminders_send(*, now: datetime | None = None) -> int:
    """Queue every reminder due at ``now`` that was not queued before; how many."""
    now = now or timezone.now()
    due = [
        (reminder_key(kind, appointment), kind, appointment)
        for kind, start, end in windows(now)
        for appointment in appointments_starting(start, end)
    ]
    keys = [item[0] for item in due]
    done = set(Notice.objects.filter(key__in=keys).values_list("key", flat=True))
    queued = 0
    with translation.override(settings.LANGUAGE_CODE):
        for key, kind, appointment in due:
            if key not in done and _remind(key, kind, appointment, now) is not None:
                queued += 1
    return queued


def _remind(key: str, kind: str, appointment: Appointment, now):
    event = appointment.event
    if kind == TWO_HOURS:
        title = _("In two hours: %(event)s") % {"event": typed(event.title)}
    else:
        title = _("Reminder: %(event)s") % {"event": typed(event.title)}
    post = _("post: %(role)s. ") % {"role": appointment.role} if appointment.role else ""
    sms_body = _("{姓名}, a reminder: “{活动}” starts at {时间} at {地点}. ") + post
    body = sms_body + _("Add it to your calendar: %(url)s") % {"url": calendar_url(event)}
    context = {"活动": event.title, "时间": when_text(appointment.starts_at),
               "地点": place_text(event)}  # fmt: skip
    return _enqueue(key=key, user_ids=[appointment.user_id], title=title, body=body,
                    sms_body=sms_body.strip(), event_id=event.pk, context=context,
                    now=now)  # fmt: skip


def _enqueue(**fields):
    """In the app and by SMS (its text without the calendar link, which the app's
    message offers as a button); in the app only when even that is over one SMS."""
    fields["title"] = titled(fields["title"])
    try:
        return reminder_enqueue(channels=(Channel.INAPP, Channel.SMS), **fields)
    except NoticeError as error:
        if error.code != "sms_too_long":
            raise
        return reminder_enqueue(channels=(Channel.INAPP,), **fields)


# --- listeners on events.hooks -------------------------------------------------------------


def typed(text: str) -> str:
    """What a person typed, put into a template: braces can't open a placeholder."""
    return text.strip().replace("{", "｛").replace("}", "｝")


def titled(text: str) -> str:
    """A notice's title fits its 100 characters."""
    return text if len(text) <= 100 else text[:99] + "…"


def _listener(function):
    """A notice that cannot be queued never stops the organizer's change: it is logged."""

    def listener(*args):
        try:
            function(*args)
        except NoticeError as error:
            logger.error("notice about %r not queued: %s (%s)", args[0], error.message, error.code)

    listener.__name__ = listener.__qualname__ = function.__name__
    listener.__doc__ = function.__doc__
    return listener


@_listener
def occurrence_changed(change: OccurrenceChange) -> None:
    """A published occurrence moved (time or place) or was cancelled: tell everyone on it."""
    event = change.event
    people = occurrence_people(event)
    if not people:
        return
    with translation.override(settings.LANGUAGE_CODE):
        if change.kind == MOVED:
            title, body, sms_body = _moved_text(change)
        else:
            title, body = _cancelled_text(change)
            sms_body = ""
        context = {"活动": event.title, "时间": when_text(event.starts_at),
                   "地点": place_text(event)}  # fmt: skip
        _enqueue(key=f"changed:{change.kind}:{event.pk}:{event.sequence}", user_ids=people,
                 title=title, body=body, sms_body=sms_body, event_id=event.pk,
                 context=context)  # fmt: skip


def _moved_text(change: OccurrenceChange) -> tuple[str, str, str]:
    title = _("Changed: %(event)s") % {"event": typed(change.event.title)}
    before = when_text(change.previous_starts_at)
    if change.previous_venue and change.previous_venue != change.event.venue.name:
        before = f"{before} {change.previous_venue}"
    changed = _("{姓名}, “{活动}” has changed: it was %(before)s, it is now {时间} at {地点}. ")
    sms_body = changed % {"before": before}
    body = sms_body + _("Your calendar link shows the new time: %(url)s") % {
        "url": calendar_url(change.event)
    }
    return title, body, sms_body.strip()


def _cancelled_text(change: OccurrenceChange) -> tuple[str, str]:
    title = _("Cancelled: %(event)s") % {"event": typed(change.event.title)}
    body = _("{姓名}, “{活动}” on {时间} at {地点} is cancelled.")
    if change.reason.strip():
        body += " " + _("Reason: %(reason)s") % {"reason": typed(change.reason)}
    return title, body


@_listener
def waitlist_promoted(signup) -> None:
    """A seat came free: the first on the waitlist is now on the shift, and is told."""
    shift = signup.shift
    event = shift.event
    with translation.override(settings.LANGUAGE_CODE):
        title = _("You are on the shift: %(event)s") % {"event": typed(event.title)}
        sms_body = _(
            "{姓名}, a seat came free: you are no longer on the waitlist but on the shift "
            "“{活动}” (%(role)s), {时间} at {地点}. If you cannot come, cancel it on the site. "
        ) % {"role": shift.get_role_display()}
        body = sms_body + _("Add it to your calendar: %(url)s") % {"url": calendar_url(event)}
        context = {"活动": event.title, "时间": when_text(shift.starts_at),
                   "地点": place_text(event)}  # fmt: skip
        _enqueue(key=f"promoted:{signup.pk}", user_ids=[signup.volunteer_id], title=title,
                 body=body, sms_body=sms_body.strip(), event_id=event.pk,
                 context=context)  # fmt: skip
