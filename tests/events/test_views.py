"""Pages as the organizer, another organizer, a volunteer, an office and anonymous."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from events.models import Event, SignUp
from events.services import (
    attendance_mark,
    feed_token_rotate,
    series_create,
    shift_sign_up,
)
from ledger.models import Claim
from tests.events.conftest import at, soon
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(pingshan, organizer, other_organizer, volunteer):
    return {
        "organizer": organizer,
        "other_organizer": other_organizer,
        "volunteer": volunteer,
        "office": pingshan.county_office,
        "anonymous": None,
    }


def client_for(client, login, users, who):
    return client if users[who] is None else login(users[who])


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("organizer", 200),
        ("other_organizer", 200),
        ("volunteer", 403),
        ("office", 200),
        ("anonymous", 302),
    ],
)
def test_calendar_access(client, login, users, who, status, event):
    response = client_for(client, login, users, who).get(reverse("events:calendar"))
    assert response.status_code == status


def test_organizer_sees_own_event_in_month_and_week_not_anothers(
    login, make_event, organizer, other_organizer, other_venue
):
    mine = make_event(title="我的演出")
    make_event(title="别人的演出", organizer=other_organizer, venue=other_venue)
    month = timezone.localtime(mine.starts_at).strftime("%Y-%m")
    page = login(organizer).get(reverse("events:calendar"), {"month": month}).content.decode()
    assert "我的演出" in page
    assert "别人的演出" not in page
    week = timezone.localtime(mine.starts_at).date().isoformat()
    page = login(organizer).get(reverse("events:calendar"), {"week": week}).content.decode()
    assert "我的演出" in page


@pytest.mark.parametrize(
    ("who", "sees_roster"),
    [
        ("organizer", True),
        ("other_organizer", False),
        ("volunteer", False),
        ("office", True),
        ("anonymous", False),
    ],
)
def test_event_page(client, login, users, who, sees_roster, event, shift, make_volunteer):
    shift_sign_up(shift=shift, user=make_volunteer(user__name="王报名"))
    page = client_for(client, login, users, who).get(reverse("events:detail", args=[event.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert event.title in text
    assert "引导" in text or "Guiding" in text
    assert ("王报名" in text) == sees_roster


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("organizer", 200),
        ("other_organizer", 404),
        ("volunteer", 404),
        ("office", 200),
        ("anonymous", 404),
    ],
)
def test_a_draft_is_seen_only_by_who_manages_it(client, login, users, who, status, make_event):
    draft = make_event(publish=False)
    response = client_for(client, login, users, who).get(reverse("events:detail", args=[draft.pk]))
    assert response.status_code == status


def test_volunteer_signs_up_from_the_event_page_and_sees_it_on_my_pages(
    login, event, shift, volunteer
):
    client = login(volunteer)
    response = client.post(reverse("events:sign_up", args=[shift.pk]), follow=True)
    assert "报名成功" in response.content.decode() or "signed up" in response.content.decode()
    mine = client.get(reverse("events:mine")).content.decode()
    assert event.title in mine
    me = client.get(reverse("volunteers:me")).content.decode()
    assert event.title in me


def test_signing_up_twice_shows_a_message_and_keeps_one(login, event, shift, volunteer):
    client = login(volunteer)
    client.post(reverse("events:sign_up", args=[shift.pk]))
    page = client.post(reverse("events:sign_up", args=[shift.pk]), follow=True)
    assert "已经报名" in page.content.decode()
    assert SignUp.objects.count() == 1


def test_bad_event_form_keeps_what_was_typed_and_saves_nothing(login, organizer, venue):
    data = {
        "kind": "performance",
        "title": "平山红新春演出",
        "starts_at": "2026-02-10T19:00",
        "ends_at": "2026-02-10T18:00",
        "venue": venue.pk,
    }
    page = login(organizer).post(reverse("events:new"), data).content.decode()
    assert "结束时间必须晚于开始时间" in page
    assert "平山红新春演出" in page
    assert not Event.objects.exists()
    data |= {"ends_at": "2026-02-10T21:00", "rrule": "FREQ=WEEKLY;BYDAY=SA"}
    page = login(organizer).post(reverse("events:new"), data).content.decode()
    assert "COUNT" in page
    assert "FREQ=WEEKLY;BYDAY=SA" in page
    assert not Event.objects.exists()


def test_conflicting_form_lists_the_conflicts_then_saves_with_a_reason(login, organizer, event):
    start = timezone.localtime(event.starts_at)
    data = {
        "kind": "lecture",
        "title": "同场宣讲",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "venue": event.venue.pk,
    }
    page = login(organizer).post(reverse("events:new"), data).content.decode()
    assert 'class="conflict"' in page
    assert Event.objects.count() == 1
    data["override_reason"] = "宣讲在演出间隙"
    response = login(organizer).post(reverse("events:new"), data)
    assert response.status_code == 302
    assert Event.objects.count() == 2


def test_shift_of_zero_people_is_refused_on_the_field(login, event):
    data = {
        "role": "guiding",
        "starts_at": "2026-02-10T18:00",
        "ends_at": "2026-02-10T21:00",
        "needed": 0,
    }
    page = login(event.organizer).post(reverse("events:shift_new", args=[event.pk]), data)
    assert "至少需要 1 人" in page.content.decode()


def test_attendance_list_ticks_and_hours_reach_the_ledger_queue(
    login, event, shift, make_volunteer
):
    came, absent = make_volunteer(), make_volunteer()
    for person in (came, absent):
        shift_sign_up(shift=shift, user=person)
    client = login(event.organizer)
    ticked = SignUp.objects.get(volunteer=came).pk
    client.post(reverse("events:attendance", args=[event.pk]), {"attended": [ticked]})
    assert SignUp.objects.get(volunteer=absent).attendance == SignUp.Attendance.NO_SHOW
    client.post(reverse("events:post_hours", args=[event.pk]))
    assert list(Claim.objects.values_list("volunteer", flat=True)) == [came.pk]
    queue = client.get(reverse("ledger:queue")).content.decode()
    assert came.name in queue


def test_attendance_list_is_refused_to_others(login, event, other_organizer, volunteer):
    for user in (other_organizer, volunteer):
        assert login(user).get(reverse("events:attendance", args=[event.pk])).status_code == 404


def test_qr_check_in_page(login, event, shift, volunteer):
    signup = shift_sign_up(shift=shift, user=volunteer)
    client = login(volunteer)
    url = reverse("events:check_in", args=[event.checkin_secret])
    assert event.title in client.get(url).content.decode()
    SignUp.objects.filter(pk=signup.pk).update()  # the shift starts in days: too early
    page = client.post(url, follow=True).content.decode()
    assert "此刻没有" in page or "no shift" in page
    assert client.get(reverse("events:check_in", args=["nonsense"])).status_code == 404


def test_public_programme_lists_published_events_with_a_webcal_link(client, make_event):
    shown = make_event(title="平山红合唱展演")
    make_event(title="还没发布", days=11, publish=False)
    month = timezone.localtime(shown.starts_at).strftime("%Y-%m")
    page = client.get(reverse("events:programme"), {"month": month}).content.decode()
    assert "平山红合唱展演" in page
    assert "还没发布" not in page
    assert "webcal://" in page


def test_programme_page_lists_exactly_what_the_feed_expands_to(client, organizer, venue):
    import icalendar
    import recurring_ical_events

    series = series_create(
        organizer=organizer,
        kind="rehearsal",
        title="平山红周六排练",
        rrule="FREQ=WEEKLY;BYDAY=SA;COUNT=8",
        starts_at=at(2025, 9, 6, 19),
        duration_minutes=120,
        venue=venue,
        skip_holidays=True,
    )
    assert series.occurrences.filter(skipped=True).count() == 1  # 2025-10-04
    page = client.get(reverse("events:programme"), {"month": "2025-10"}).content.decode()
    shown = sorted(part.split('"')[0] for part in page.split('data-start="')[1:])
    feed = client.get(reverse("events:feed_public")).content
    expanded = recurring_ical_events.of(icalendar.Calendar.from_ical(feed)).between(
        at(2025, 10, 1), at(2025, 11, 1)
    )
    assert shown == sorted(
        timezone.localtime(c["DTSTART"].dt).strftime("%Y-%m-%d %H:%M") for c in expanded
    )
    assert shown == ["2025-10-11 19:00", "2025-10-18 19:00", "2025-10-25 19:00"]


@pytest.mark.parametrize("count", [1, 3])
def test_programme_query_count_is_pinned(
    client, make_event, pingshan, count, django_assert_num_queries
):
    for day in range(count):
        make_event(days=10 + day, teams=[pingshan.team])
    month = timezone.localtime(soon(10)).strftime("%Y-%m")
    with django_assert_num_queries(2):
        client.get(reverse("events:programme"), {"month": month})


@pytest.mark.parametrize("count", [1, 3])
def test_calendar_query_count_is_pinned(
    login, organizer, make_event, count, django_assert_num_queries
):
    for day in range(count):
        make_event(days=10 + day)
    client = login(organizer)
    month = timezone.localtime(soon(10)).strftime("%Y-%m")
    client.get(reverse("events:calendar"), {"month": month})
    with django_assert_num_queries(4):  # +1: the nav's unread badge (notices)
        client.get(reverse("events:calendar"), {"month": month})


def test_private_feed_works_until_the_link_is_renewed(client, event, shift, volunteer):
    shift_sign_up(shift=shift, user=volunteer)
    token = feed_token_rotate(user=volunteer)
    url = reverse("events:feed_mine", args=[token.secret])
    assert f"shift-{shift.pk}@" in client.get(url).content.decode()
    feed_token_rotate(user=volunteer)
    assert client.get(url).status_code == 404


def test_team_venue_and_single_event_feeds(client, make_event, pingshan):
    event = make_event(teams=[pingshan.team])
    for url in (
        reverse("events:feed_team", args=[pingshan.team.pk]),
        reverse("events:feed_venue", args=[event.venue.pk]),
        reverse("events:ics", args=[event.pk]),
    ):
        response = client.get(url)
        assert response["Content-Type"].startswith("text/calendar")
        assert f"event-{event.pk}@" in response.content.decode()


def test_the_organizer_marks_no_show_via_service_and_page_shows_it(login, event, shift, volunteer):
    signup = shift_sign_up(shift=shift, user=volunteer)
    attendance_mark(signup=signup, actor=event.organizer, attended=False)
    page = login(event.organizer).get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "缺席" in page or "No-show" in page


def test_navigation_offers_events_to_organizers(login, organizer):
    page = login(organizer).get(reverse("home")).content.decode()
    assert reverse("events:calendar") in page
    volunteer = UserFactory.with_role(Role.VOLUNTEER)
    assert reverse("events:mine") in login(volunteer).get(reverse("home")).content.decode()


def test_programme_pdf_prints_the_songs(client, event):
    import io

    from pypdf import PdfReader

    from events.services import programme_set

    programme_set(event=event, actor=event.organizer, items=[("《团结就是力量》", "全体合唱队", 5)])
    response = client.get(reverse("events:programme_pdf", args=[event.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "团结就是力量" in text
    assert event.title in text
    assert "团结就是力量" in client.get(reverse("events:detail", args=[event.pk])).content.decode()


@pytest.fixture
def saturdays(organizer, venue):
    return series_create(
        organizer=organizer,
        kind="rehearsal",
        title="周六排练",
        rrule="FREQ=WEEKLY;BYDAY=SA;COUNT=4",
        starts_at=at(2026, 3, 7, 19),
        duration_minutes=120,
        venue=venue,
    )


def edit(client, event, scope, start, end, **extra):
    data = {
        "title": event.title,
        "starts_at": start,
        "ends_at": end,
        "venue": event.venue_id,
        "scope": scope,
        **extra,
    }
    return client.post(reverse("events:edit", args=[event.pk]), data)


def local_starts(series):
    return [
        timezone.localtime(e.starts_at).strftime("%m-%d %H:%M")
        for e in Event.objects.filter(series__title=series.title, skipped=False).order_by(
            "starts_at"
        )
    ]


def test_edit_this_occurrence_only_moves_one(login, organizer, saturdays):
    second = saturdays.occurrences.all()[1]
    response = edit(login(organizer), second, "this", "2026-03-15T10:00", "2026-03-15T12:00")
    assert response.status_code == 302
    assert local_starts(saturdays) == ["03-07 19:00", "03-15 10:00", "03-21 19:00", "03-28 19:00"]


def test_edit_this_and_following_moves_the_rest(login, organizer, saturdays):
    third = saturdays.occurrences.all()[2]
    response = edit(login(organizer), third, "following", "2026-03-21T09:00", "2026-03-21T11:00")
    assert response.status_code == 302
    assert local_starts(saturdays) == ["03-07 19:00", "03-14 19:00", "03-21 09:00", "03-28 09:00"]


def test_edit_refuses_an_end_before_the_start_and_others(
    login, organizer, other_organizer, saturdays
):
    first = saturdays.occurrences.first()
    page = edit(login(organizer), first, "this", "2026-03-07T19:00", "2026-03-07T18:00")
    assert "结束时间必须晚于开始时间" in page.content.decode()
    assert local_starts(saturdays)[0] == "03-07 19:00"
    assert (
        edit(
            login(other_organizer), first, "this", "2026-03-07T19:00", "2026-03-07T21:00"
        ).status_code
        == 404
    )


def test_organizer_assigns_by_volunteer_number_and_others_cannot(
    login, event, shift, other_organizer
):
    from tests.volunteers.factories import VolunteerFactory

    person = VolunteerFactory(user__name="周指派")
    url = reverse("events:assign", args=[shift.pk])
    assert login(other_organizer).post(url, {"number": person.number}).status_code == 404
    page = login(event.organizer).post(url, {"number": "nonsense"}, follow=True)
    assert "没有该编号的志愿者" in page.content.decode()
    login(event.organizer).post(url, {"number": person.number})
    assert SignUp.objects.get().volunteer == person.user


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("organizer", 200),
        ("other_organizer", 200),
        ("volunteer", 403),
        ("office", 200),
        ("anonymous", 302),
    ],
)
def test_new_event_page_access(client, login, users, who, status):
    response = client_for(client, login, users, who).get(reverse("events:new"))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("organizer", 200),
        ("other_organizer", 404),
        ("volunteer", 404),
        ("office", 200),
        ("anonymous", 302),
    ],
)
def test_edit_and_attendance_pages_access(client, login, users, who, status, event):
    for name in ("events:edit", "events:attendance"):
        response = client_for(client, login, users, who).get(reverse(name, args=[event.pk]))
        assert response.status_code == status


@pytest.mark.parametrize("who", ["organizer", "other_organizer", "volunteer", "office"])
def test_my_shifts_page_shows_only_ones_own(login, users, who, event, shift):
    shift_sign_up(shift=shift, user=users["volunteer"])
    page = login(users[who]).get(reverse("events:mine")).content.decode()
    assert (event.title in page) == (who == "volunteer")


def test_anonymous_is_sent_to_log_in_for_personal_pages(client, event):
    for url in (
        reverse("events:mine"),
        reverse("events:check_in", args=[event.checkin_secret]),
    ):
        assert client.get(url).status_code == 302
    assert client.post(reverse("events:feed_rotate")).status_code == 302


@pytest.mark.parametrize("count", [1, 3])
def test_event_page_query_count_is_pinned(
    login, event, make_shift, make_volunteer, count, django_assert_num_queries
):
    for _n in range(count):
        shift_sign_up(shift=make_shift(event, needed=5), user=make_volunteer())
    client = login(event.organizer)
    client.get(reverse("events:detail", args=[event.pk]))
    with django_assert_num_queries(10):  # +1: the nav's unread badge (notices)
        client.get(reverse("events:detail", args=[event.pk]))


def test_the_printed_check_in_link_uses_the_public_url(login, event, settings):
    settings.HONGYI_PUBLIC_URL = "https://hongyi.example.cn"
    page = login(event.organizer).get(reverse("events:detail", args=[event.pk])).content.decode()
    link = reverse("events:check_in", args=[event.checkin_secret])
    assert f"<code>https://hongyi.example.cn{link}</code>" in page
    assert f"webcal://hongyi.example.cn{reverse('events:ics', args=[event.pk])}" in page
