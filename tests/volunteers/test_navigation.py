import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def nav(page: str) -> str:
    found = re.search(r"<nav .*?</nav>", page, re.DOTALL)
    return found.group(0) if found else ""


@pytest.mark.parametrize(
    ("who", "visible", "hidden"),
    [
        ("volunteer", ["我的"], ["志愿者</a>", "审核"]),
        ("leader", ["志愿者</a>"], ["审核", "我的"]),
        ("township_office", ["志愿者</a>", "审核"], ["我的"]),
        ("county_office", ["志愿者</a>", "审核"], []),
    ],
)
def test_volunteer_entries_in_the_navigation_follow_the_role(pingshan, login, who, visible, hidden):
    menu = nav(login(getattr(pingshan, who)).get("/").content.decode())
    for label in visible:
        assert label in menu
    for label in hidden:
        assert label not in menu


def test_the_login_and_home_pages_lead_to_registration(db):
    for url in (reverse("login"), reverse("home")):
        page = Client().get(url).content.decode()
        assert reverse("volunteers:register") in page
    assert reverse("volunteers:claim") in Client().get(reverse("login")).content.decode()


def test_the_list_links_offices_to_imports_but_not_team_leaders(pingshan, login):
    url = reverse("volunteers:list")
    assert reverse("volunteers:import") in login(pingshan.township_office).get(url).content.decode()
    assert reverse("volunteers:import") not in login(pingshan.leader).get(url).content.decode()
