"""Calendar feeds (RFC 5545) with ``icalendar``: a renderer returns (filename, mimetype, bytes).

- UIDs are stable: ``event-<pk>@host``, ``series-<pk>@host``, ``shift-<pk>@host``.
- A series is one VEVENT with RRULE, EXDATE (skipped dates), RDATE (make-up workdays),
  and one VEVENT per changed occurrence with its RECURRENCE-ID, never expanded copies.
- Times carry TZID Asia/Shanghai, and the calendar includes its VTIMEZONE.
- Cancelled events are STATUS:CANCELLED.
"""

from datetime import UTC, datetime, timedelta
from itertools import islice

from django.conf import settings
from django.utils import timezone

from core.links import public_host
from events.models import Event, Series, Shift
from events.recurrence import parse_rule

MIMETYPE = "text/calendar; charset=utf-8"
STATUS = {
    Event.Status.DRAFT: "TENTATIVE",
    Event.Status.PUBLISHED: "CONFIRMED",
    Event.Status.DONE: "CONFIRMED",
    Event.Status.CANCELLED: "CANCELLED",
}


def host() -> str:
    return public_host()


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment)


def _base(component, *, uid: str, title: str, starts_at, ends_at, location: str, status, seq):
    component.add("uid", uid)
    component.add("summary", title)
    component.add("dtstart", _local(starts_at))
    component.add("dtend", _local(ends_at))
    component.add("dtstamp", timezone.now())
    component.add("location", location)
    component.add("status", STATUS[status])
    component.add("sequence", seq)
    return component


def _event_vevent(event: Event, uid: str):
    from icalendar import Event as VEvent

    return _base(
        VEvent(),
        uid=uid,
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        location=event.venue.name,
        status=event.status,
        seq=event.sequence,
    )


def _export_rule(series: Series):
    """The stored rule with UNTIL in UTC, as RFC 5545 asks when DTSTART has a TZID."""
    from icalendar import vRecur

    rule = vRecur.from_ical(series.rrule)
    if "UNTIL" in rule:
        until = rule["UNTIL"][0]
        if not isinstance(until, datetime):
            until = datetime.combine(until, datetime.min.time())
        if timezone.is_naive(until):
            until = timezone.make_aware(until)
        rule["UNTIL"] = [until.astimezone(UTC)]
    return rule


def _changed(event: Event, series: Series) -> bool:
    return (
        event.starts_at != event.original_start
        or event.minutes != series.duration_minutes
        or event.title != series.title
        or event.venue_id != series.venue_id
        or event.status in (Event.Status.CANCELLED, Event.Status.DRAFT)
    )


def _series_vevents(series: Series, occurrences: list[Event]) -> list:
    from icalendar import Event as VEvent

    first = series.starts_at
    master = _base(
        VEvent(),
        uid=f"series-{series.pk}@{host()}",
        title=series.title,
        starts_at=first,
        ends_at=first + timedelta(minutes=series.duration_minutes),
        location=series.venue.name,
        status=Event.Status.PUBLISHED,
        seq=0,
    )
    master.add("rrule", _export_rule(series))
    raw = set(islice(parse_rule(series.rrule, first), settings.HONGYI_SERIES_MAX_OCCURRENCES))
    skipped = [e.original_start for e in occurrences if e.skipped]
    extra = [
        e.original_start
        for e in occurrences
        if timezone.localtime(e.original_start).replace(tzinfo=None) not in raw
    ]
    if skipped:
        master.add("exdate", [_local(moment) for moment in sorted(skipped)])
    if extra:
        master.add("rdate", [_local(moment) for moment in sorted(extra)])
    components = [master]
    for event in occurrences:
        if event.skipped or not _changed(event, series):
            continue
        override = _event_vevent(event, master["uid"])
        override.add("recurrence-id", _local(event.original_start))
        components.append(override)
    return components


def _shift_vevent(shift: Shift):
    from icalendar import Event as VEvent

    return _base(
        VEvent(),
        uid=f"shift-{shift.pk}@{host()}",
        title=f"{shift.get_role_display()} · {shift.event.title}",
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        location=shift.event.venue.name,
        status=shift.event.status,
        seq=shift.event.sequence,
    )


def calendar(*, name: str, events, shifts=(), filename: str = "hongyi.ics"):
    """A calendar of ``events`` (series grouped back into RRULEs) and ``shifts``."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//Hongyi//Pingshan events//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    series_ids = set()
    for event in events:
        if event.series_id:
            series_ids.add(event.series_id)
        elif not event.skipped:
            cal.add_component(_event_vevent(event, f"event-{event.pk}@{host()}"))
    all_series = Series.objects.filter(pk__in=series_ids).select_related("venue")
    occurrences: dict[int, list] = {}
    for event in Event.objects.filter(series_id__in=series_ids).select_related("venue"):
        occurrences.setdefault(event.series_id, []).append(event)
    for series in all_series.order_by("pk"):
        for component in _series_vevents(series, occurrences.get(series.pk, [])):
            cal.add_component(component)
    for shift in shifts:
        cal.add_component(_shift_vevent(shift))
    cal.add_missing_timezones()
    return filename, MIMETYPE, cal.to_ical()


def single_event(event: Event):
    """One event as a download: a standalone VEVENT (an occurrence keeps its own UID)."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//Hongyi//Pingshan events//ZH")
    cal.add("version", "2.0")
    cal.add_component(_event_vevent(event, f"event-{event.pk}@{host()}"))
    cal.add_missing_timezones()
    return f"event-{event.pk}.ics", MIMETYPE, cal.to_ical()
