"""Feeds parsed back by an independent parser (recurring-ical-events over icalendar)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import ical
from events.models import Event, Kind
from events.selectors import feed_events, public_events
from events.services import (
    event_cancel,
    occurrence_move,
    occurrence_skip,
    series_create,
    series_edit_following,
)
from tests.events.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(organizer, venue, other_venue, pingshan, make_event):
    """A weekday series over National Day 2025, edited in every way, and two single events."""
    series = series_create(
        organizer=organizer,
        kind=Kind.SERVICE,
        title="纪念馆志愿服务",
        rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20251017T235900",
        starts_at=at(2025, 9, 24, 9),
        duration_minutes=180,
        venue=venue,
        skip_holidays=True,
        makeup_workdays=True,
    )
    occurrences = list(series.occurrences.filter(skipped=False))
    occurrence_skip(event=occurrences[1], actor=organizer)
    occurrence_move(
        event=occurrences[2],
        actor=organizer,
        starts_at=at(2025, 9, 26, 14),
        ends_at=at(2025, 9, 26, 16),
    )
    event_cancel(event=occurrences[3], actor=organizer)
    series_edit_following(
        event=occurrences[6],
        actor=organizer,
        starts_at=timezone.localtime(occurrences[6].starts_at).replace(hour=8),
    )
    single = make_event(starts_at=at(2025, 10, 20, 19), venue=other_venue, teams=[pingshan.team])
    dropped = make_event(starts_at=at(2025, 10, 21, 19), venue=other_venue, title="取消的演出")
    event_cancel(event=dropped, actor=organizer)
    return series, single


def parse(content: bytes):
    import icalendar
    import recurring_ical_events

    calendar = icalendar.Calendar.from_ical(content)
    found = recurring_ical_events.of(calendar).between(at(2025, 9, 1), at(2025, 12, 31))
    return calendar, sorted(
        (
            timezone.localtime(component["DTSTART"].dt),
            str(component["SUMMARY"]),
            str(component.get("STATUS", "CONFIRMED")),
        )
        for component in found
    )


STATUS = {"published": "CONFIRMED", "done": "CONFIRMED", "cancelled": "CANCELLED"}


def listed(events):
    return sorted((timezone.localtime(e.starts_at), e.title, STATUS[e.status]) for e in events)


def test_public_feed_expands_to_exactly_the_public_listing(programme):
    _name, mimetype, content = ical.calendar(name="平山县文化活动", events=feed_events())
    assert mimetype.startswith("text/calendar")
    _calendar, occurrences = parse(content)
    assert occurrences == listed(public_events(start=at(2025, 9, 1), end=at(2025, 12, 31)))
    days = {moment.date().isoformat() for moment, _title, _status in occurrences}
    assert "2025-09-28" in days  # a make-up workday, exported as RDATE
    assert "2025-10-11" in days
    assert not any(day.startswith("2025-10-0") and day < "2025-10-09" for day in days)


def test_series_are_rrules_with_exdate_and_recurrence_id_not_copies(programme):
    series, _single = programme
    content = ical.calendar(name="x", events=feed_events())[2].decode()
    assert content.count("RRULE:") == 2  # the series, split once by "this and following"
    assert "EXDATE;TZID=Asia/Shanghai:" in content
    assert "RDATE;TZID=Asia/Shanghai:" in content
    assert "RECURRENCE-ID;TZID=Asia/Shanghai:20250926T090000" in content
    assert "BEGIN:VTIMEZONE" in content
    assert "TZID:Asia/Shanghai" in content
    assert "STATUS:CANCELLED" in content
    assert content.count("BEGIN:VEVENT") < series.occurrences.count()


def test_uids_are_stable_across_regenerations(programme):
    import icalendar

    def uids():
        content = ical.calendar(name="x", events=feed_events())[2]
        return [str(c["UID"]) for c in icalendar.Calendar.from_ical(content).walk("VEVENT")]

    first = uids()
    assert first == uids()
    assert any(uid.startswith("series-") for uid in first)
    assert any(uid.startswith("event-") for uid in first)


def test_single_event_download_parses(programme):
    import icalendar

    _series, single = programme
    filename, _mimetype, content = ical.single_event(single)
    assert filename == f"event-{single.pk}.ics"
    (component,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert component["DTSTART"].dt == single.starts_at
    assert component["DTEND"].dt - component["DTSTART"].dt == timedelta(hours=2)


def test_team_and_venue_feeds_hold_only_their_events(programme, pingshan, other_venue):
    _series, single = programme
    _calendar, team = parse(ical.calendar(name="t", events=feed_events(team=pingshan.team))[2])
    assert [title for _moment, title, _s in team] == [single.title]
    _calendar, venue = parse(ical.calendar(name="v", events=feed_events(venue=other_venue))[2])
    assert len(venue) == 2
    assert Event.objects.filter(venue=other_venue).count() == 2


def test_uids_and_subscription_links_name_the_public_host(programme, client, settings):
    import icalendar

    settings.HONGYI_PUBLIC_URL = "https://hongyi.example.cn"
    content = ical.calendar(name="x", events=feed_events())[2]
    uids = [str(c["UID"]) for c in icalendar.Calendar.from_ical(content).walk("VEVENT")]
    assert uids
    assert all(uid.endswith("@hongyi.example.cn") for uid in uids)
    page = client.get(reverse("events:programme")).content.decode()
    assert "webcal://hongyi.example.cn/" in page
    assert "webcal://testserver" not in page
