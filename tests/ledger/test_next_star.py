"""What the next star needs (issue #17): "我的" and "我的时长" say how many hours are
missing, and at the top level that it is reached. Thresholds are a setting."""

from datetime import date

import pytest
from django.urls import reverse

from ledger import policies
from ledger.services import entries_import
from tests.volunteers.factories import VolunteerFactory

pytestmark = pytest.mark.django_db


def served(volunteer, unit, minutes: int) -> None:
    entries_import(rows=[{"source_key": f"paper:{volunteer.pk}", "volunteer": volunteer,
                          "unit": unit, "kind": "award", "minutes": minutes,
                          "service_date": date(2026, 3, 1), "activity": "驿站服务",
                          "township": unit.region}])  # fmt: skip


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(0, (1, 6000)), (3822, (1, 2178)), (6000, (2, 12000)), (89_999, (5, 1)), (90_000, None)],
)
def test_the_next_level_and_the_minutes_it_still_needs(minutes, expected):
    assert policies.next_star(minutes) == expected


def test_star_titles_are_the_chinese_names():
    assert [policies.star_title(level) for level in (1, 3, 5)] == [
        "一星志愿者", "三星志愿者", "五星志愿者",
    ]  # fmt: skip


def test_my_page_says_how_far_the_next_star_is(pingshan, unit, login):
    volunteer = VolunteerFactory().user
    served(volunteer, unit, 3822)  # 63.7 hours
    client = login(volunteer)
    for page in (reverse("volunteers:me"), reverse("ledger:mine")):
        text = client.get(page).content.decode()
        assert "距一星志愿者还差 36.3 小时" in text, page


def test_at_the_top_level_my_page_says_it_is_reached(pingshan, unit, login):
    volunteer = VolunteerFactory().user
    served(volunteer, unit, 1600 * 60)
    text = login(volunteer).get(reverse("volunteers:me")).content.decode()
    assert "已达最高等级：五星志愿者" in text
    assert "还差" not in text


def test_the_thresholds_setting_moves_the_next_star(pingshan, unit, login, settings):
    settings.HONGYI_STAR_THRESHOLDS_HOURS = (50, 150)
    volunteer = VolunteerFactory().user
    served(volunteer, unit, 60 * 60)
    text = login(volunteer).get(reverse("volunteers:me")).content.decode()
    assert "距二星志愿者还差 90.0 小时" in text


def test_the_api_gives_the_next_star_and_the_records_period(pingshan, unit, login):
    volunteer = VolunteerFactory().user
    served(volunteer, unit, 3822)
    body = login(volunteer).get("/api/v1/ledger/me").json()
    assert (body["next_star_level"], body["next_star_missing_hours"]) == (1, "36.3")
    assert body["first_service_date"] == body["last_service_date"] == "2026-03-01"
