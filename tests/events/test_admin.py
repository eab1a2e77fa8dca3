import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_admin_lists_events_read_only_and_venues(login, pingshan, event):
    client = login(pingshan.admin)
    page = client.get(reverse("admin:events_event_changelist")).content.decode()
    assert event.title in page
    assert client.get(reverse("admin:events_event_add")).status_code == 403
    assert client.get(reverse("admin:events_venue_changelist")).status_code == 200
    assert (
        login(pingshan.county_office).get(reverse("admin:events_event_changelist")).status_code
        == 302
    )
