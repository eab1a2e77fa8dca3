from datetime import date, timedelta

import pytest
from django.urls import reverse

from ledger.services import claim_approve
from tests.volunteers.factories import VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_star_and_none(pingshan, submit):
    starred, plain = VolunteerFactory(), VolunteerFactory()
    for day in range(10):  # 10 days × 10 hours: exactly the 100 hours of one star
        claim = submit(600, volunteer=starred.user, on=date(2026, 3, 1) + timedelta(days=day))
        claim_approve(claim=claim, actor=pingshan.manager)
    claim_approve(claim=submit(90, volunteer=plain.user), actor=pingshan.manager)
    return starred, plain


@pytest.mark.parametrize(("level", "shown"), [("1", 0), ("0", 1), ("2", None)])
def test_the_staff_list_filters_by_star_level(one_star_and_none, pingshan, login, level, shown):
    page = login(pingshan.county_office).get(reverse("volunteers:list"), {"star_level": level})
    text = page.content.decode()
    for index, volunteer in enumerate(one_star_and_none):
        assert (volunteer.number in text) is (index == shown)


def test_the_staff_list_shows_hours_and_stars(one_star_and_none, pingshan, login):
    text = login(pingshan.county_office).get(reverse("volunteers:list")).content.decode()
    assert "100.0" in text
    assert "1.5" in text
    assert "★" in text
