"""Reports count the events held and their audience through the events selector."""

import pytest

from events.services import event_cancel, event_close
from reports import selectors

pytestmark = pytest.mark.django_db


def test_summary_counts_held_events_and_audience_by_scope(make_event, other_venue, pingshan):
    here = make_event()
    event_close(event=here, actor=here.organizer, actual_audience=3500)
    there = make_event(venue=other_venue, days=12)
    event_close(event=there, actor=there.organizer, actual_audience=800)
    dropped = make_event(days=14)
    event_cancel(event=dropped, actor=dropped.organizer)
    county = selectors.summary(pingshan.county_office, selectors.scope_for(pingshan.county_office))
    assert (county["events_held"], county["audience_total"]) == (2, 4300)
    office = pingshan.township_office
    township = selectors.summary(office, selectors.scope_for(office))
    assert (township["events_held"], township["audience_total"]) == (1, 3500)
    manager = selectors.summary(pingshan.manager, selectors.scope_for(pingshan.manager))
    assert manager["audience_total"] == 3500  # the venue is his red station
