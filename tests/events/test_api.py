"""The events API: schemas with bounds, the same services, conflicts listed on refusal."""

import json

import pytest

from events.models import Event, SignUp
from tests.events.conftest import at, soon

pytestmark = pytest.mark.django_db


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def body_for(venue, **fields):
    start = fields.pop("starts_at", soon(10))
    return {
        "kind": "performance",
        "title": "平山红合唱展演",
        "starts_at": start.isoformat(),
        "ends_at": fields.pop("ends_at", start.replace(hour=21)).isoformat(),
        "venue": venue.pk,
        **fields,
    }


def test_create_then_a_clash_is_refused_with_the_list_of_conflicts(login, organizer, venue):
    client = login(organizer)
    assert post(client, "/api/v1/events/", body_for(venue)).status_code == 201
    refused = post(client, "/api/v1/events/", body_for(venue, title="同场"))
    assert refused.status_code == 409
    answer = refused.json()
    assert answer["code"] == "conflict"
    assert [c["code"] for c in answer["conflicts"]] == ["venue_double_booked"]
    assert Event.objects.count() == 1
    preview = post(client, "/api/v1/events/conflicts", body_for(venue)).json()
    assert [c["code"] for c in preview] == ["venue_double_booked"]


def test_bad_input_answers_in_chinese_and_saves_nothing(login, organizer, venue):
    client = login(organizer)
    backwards = post(client, "/api/v1/events/", body_for(venue, ends_at=soon(10, 18)))
    assert backwards.status_code == 400
    assert backwards.json() == {"code": "end_before_start", "detail": "结束时间必须晚于开始时间。"}
    unbounded = post(client, "/api/v1/events/series", body_for(venue, rrule="FREQ=WEEKLY;BYDAY=SA"))
    assert unbounded.json()["code"] == "rrule_unbounded"
    too_many = post(client, "/api/v1/events/", body_for(venue, expected_audience=-1))
    assert too_many.status_code == 422
    assert not Event.objects.exists()


def test_series_then_this_and_following(login, organizer, venue):
    client = login(organizer)
    created = post(
        client,
        "/api/v1/events/series",
        body_for(
            venue,
            kind="rehearsal",
            starts_at=at(2026, 3, 7, 19),
            ends_at=at(2026, 3, 7, 21),
            rrule="FREQ=WEEKLY;BYDAY=SA;COUNT=4",
        ),
    ).json()
    third = created["occurrences"][2]["id"]
    split = post(
        client, f"/api/v1/events/{third}/following", {"starts_at": at(2026, 3, 21, 9).isoformat()}
    ).json()
    assert split["rrule"] == "FREQ=WEEKLY;BYDAY=SA;COUNT=2"
    assert [o["starts_at"][:16] for o in split["occurrences"]] == [
        "2026-03-21T01:00",  # 09:00 in Shanghai, in UTC
        "2026-03-28T01:00",
    ]


def test_sign_up_cancel_and_check_in(login, shift, volunteer):
    client = login(volunteer)
    signed = post(client, f"/api/v1/events/shifts/{shift.pk}/sign-up")
    assert signed.status_code == 201
    assert signed.json()["status"] == "confirmed"
    again = post(client, f"/api/v1/events/shifts/{shift.pk}/sign-up")
    assert again.status_code == 409
    assert again.json()["code"] == "already_signed_up"
    cancelled = post(client, f"/api/v1/events/signups/{signed.json()['id']}/cancel")
    assert cancelled.json()["status"] == "cancelled"
    assert post(client, "/api/v1/events/check-in", {"secret": "nonsense"}).status_code == 404


def test_access(client, login, event, volunteer, other_organizer):
    assert client.get("/api/v1/events/").status_code == 200
    assert post(client, "/api/v1/events/", {}).status_code == 401
    assert post(login(volunteer), f"/api/v1/events/{event.pk}/skip").status_code == 404
    assert post(login(other_organizer), f"/api/v1/events/{event.pk}/hours").status_code == 404
    refused = post(login(volunteer), "/api/v1/events/", body_for(event.venue))
    assert refused.status_code in (403, 422)
    assert SignUp.objects.count() == 0


def test_this_and_following_on_a_single_event_is_refused_not_a_500(event, organizer, login):
    response = login(organizer).post(
        f"/api/v1/events/{event.pk}/following", {}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "not_in_series"
