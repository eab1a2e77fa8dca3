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


@pytest.fixture
def november(make_event, other_venue):
    """Held in November 2026: 3,500 at the station's venue; one in December; one dropped."""
    from tests.events.conftest import at

    held = make_event(title="十一月合唱展演", starts_at=at(2026, 11, 5, 19))
    event_close(event=held, actor=held.organizer, actual_audience=3500)
    later = make_event(title="十二月合唱展演", venue=other_venue, starts_at=at(2026, 12, 1, 19))
    event_close(event=later, actor=later.organizer, actual_audience=800)
    dropped = make_event(title="取消的演出", starts_at=at(2026, 11, 20, 19))
    event_cancel(event=dropped, actor=dropped.organizer)
    return held


NOVEMBER = {"kind": "month", "year": 2026, "number": 11}


def test_the_county_report_pdf_lists_the_events_held_in_its_period(november, pingshan, login):
    from tests.reports.conftest import pdf_text

    response = login(pingshan.county_office).get("/reports/county/", {**NOVEMBER, "format": "pdf"})
    text = pdf_text(response.content)
    assert "本期举办活动 1 场，观众 3500 人次" in text
    assert "2026-11-05" in text
    assert "十一月合唱展演" in text
    assert "3500" in text
    assert "十二月合唱展演" not in text
    assert "取消的演出" not in text
    assert "活动排期功能上线后" not in text


def test_the_county_report_page_shows_and_exports_the_events(november, pingshan, login):
    client = login(pingshan.county_office)
    page = client.get("/reports/county/", NOVEMBER).content.decode()
    assert "十一月合唱展演" in page
    assert "活动与观众" in page
    csv = client.get("/reports/county/", {**NOVEMBER, "table": "events", "_export": "csv"})
    assert "十一月合唱展演" in csv.content.decode()
    assert "十二月合唱展演" not in csv.content.decode()


def test_a_year_counts_every_month_of_its_events(november, pingshan):
    from reports.county import Period

    scope = selectors.scope_for(pingshan.county_office)
    year = Period(kind="year", year=2026)
    figures = selectors.event_figures(scope, since=year.start, until=year.stop)
    assert figures == {"events_held": 2, "audience_total": 4300}


def test_the_printed_report_lists_its_first_events_and_counts_the_rest(make_event, pingshan, login):
    from reports.county import EVENT_ROWS_PRINTED
    from tests.events.conftest import at
    from tests.reports.conftest import pdf_text

    for n in range(EVENT_ROWS_PRINTED + 1):  # one a day at 8:00, then 11:00, 14:00, 17:00
        starts = at(2026, 11, 1 + n % 30, 8 + 3 * (n // 30))
        event = make_event(title=f"展演{n:03d}号", starts_at=starts)
        event_close(event=event, actor=event.organizer, actual_audience=100)
    client = login(pingshan.county_office)
    text = pdf_text(client.get("/reports/county/", {**NOVEMBER, "format": "pdf"}).content)
    assert "另有 1 场活动未列出" in text
    assert text.count("展演") == EVENT_ROWS_PRINTED
    csv = client.get("/reports/county/", {**NOVEMBER, "table": "events", "_export": "csv"})
    assert csv.content.decode().count("展演") == EVENT_ROWS_PRINTED + 1
