"""Every volunteers view as the four users the brief names: the volunteer who owns the
record, a team leader (of the owner's team), an office of another township, and an
anonymous visitor. Finer behaviour is tested per module; this is the access matrix."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.volunteers.factories import VolunteerFactory, join
from tests.volunteers.test_imports import GOOD_ADULT, as_csv, row
from volunteers.services import roster_import_preview

pytestmark = pytest.mark.django_db
WHO = ("owner", "leader", "other_township_office", "anonymous")
LOGIN = "login"  # any redirect to the login page


@pytest.fixture
def world(pingshan):
    owner = VolunteerFactory(township=pingshan.xibaipo)
    membership = join(owner, pingshan.team)
    roster = roster_import_preview(
        filename="r.csv",
        content=as_csv([row("好成年人", GOOD_ADULT, "13600000001", village="")]),
        actor=pingshan.township_office,
    )
    return {"pingshan": pingshan, "owner": owner, "membership": membership, "roster": roster}


def views(world):
    """(name, method, url, expected status for owner, leader, other office, anonymous)."""
    owner, team, roster = world["owner"], world["pingshan"].team, world["roster"]
    detail = reverse("volunteers:detail", args=[owner.pk])
    remove = reverse("volunteers:member_remove", args=[team.pk, world["membership"].pk])
    return [
        ("register", "get", reverse("volunteers:register"), (302, 302, 302, 200)),
        ("privacy", "get", reverse("volunteers:privacy"), (200, 200, 200, 200)),
        ("claim", "get", reverse("volunteers:claim"), (200, 200, 200, 200)),
        ("me", "get", reverse("volunteers:me"), (200, 200, 200, LOGIN)),
        ("card", "get", reverse("volunteers:card"), (200, 404, 404, LOGIN)),
        ("card pdf", "get", reverse("volunteers:card_pdf"), (200, 404, 404, LOGIN)),
        ("card renew", "post", reverse("volunteers:card_renew"), (302, 404, 404, LOGIN)),
        ("my data", "get", "/me/data.json", (200, 404, 404, LOGIN)),
        ("close account", "get", reverse("volunteers:close_account"), (200, 404, 404, LOGIN)),
        ("staff list", "get", reverse("volunteers:list"), (403, 200, 200, LOGIN)),
        ("review queue", "get", reverse("volunteers:review"), (403, 403, 200, LOGIN)),
        ("staff detail", "get", detail, (403, 200, 404, LOGIN)),
        ("approve", "post", f"{detail}approve/", (403, 403, 404, LOGIN)),
        ("suspend", "post", f"{detail}suspend/", (403, 403, 404, LOGIN)),
        ("reveal", "post", f"{detail}reveal/", (403, 403, 403, LOGIN)),
        ("staff card", "post", f"{detail}card/renew/", (403, 403, 404, LOGIN)),
        ("teams", "get", reverse("volunteers:team_list"), (403, 200, 200, LOGIN)),
        ("roster", "get", reverse("volunteers:team_detail", args=[team.pk]),
         (403, 200, 404, LOGIN)),
        ("add member", "post", reverse("volunteers:member_add", args=[team.pk]),
         (403, 200, 404, LOGIN)),
        ("remove member", "post", remove, (403, 302, 404, LOGIN)),
        ("import", "get", reverse("volunteers:import"), (403, 403, 200, LOGIN)),
        ("import template", "get", reverse("volunteers:import_template"), (403, 403, 200, LOGIN)),
        ("import detail", "get", reverse("volunteers:import_detail", args=[roster.pk]),
         (403, 403, 404, LOGIN)),
        ("import errors", "get", reverse("volunteers:import_errors", args=[roster.pk]),
         (403, 403, 404, LOGIN)),
        ("import commit", "post", reverse("volunteers:import_commit", args=[roster.pk]),
         (403, 403, 404, LOGIN)),
        ("import discard", "post", reverse("volunteers:import_discard", args=[roster.pk]),
         (403, 403, 404, LOGIN)),
        ("api me", "get", "/api/v1/volunteers/me", (200, 404, 404, 401)),
        ("api list", "get", "/api/v1/volunteers/", (403, 200, 200, 401)),
        ("api detail", "get", f"/api/v1/volunteers/{owner.number}", (403, 200, 404, 401)),
    ]  # fmt: skip


def client_for(world, who) -> Client:
    client = Client()
    users = {"owner": world["owner"].user, "anonymous": None}
    user = users.get(who, getattr(world["pingshan"], who, None))
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("who", WHO)
def test_every_view_answers_each_user_as_it_should(world, who):
    wrong = []
    for name, method, url, expected in views(world):
        want = expected[WHO.index(who)]
        response = getattr(client_for(world, who), method)(url)
        got = response.status_code
        if want == LOGIN:
            ok = got == 302 and response["Location"].startswith(reverse("login"))
        else:
            ok = got == want
        if not ok:
            wrong.append((name, want, got))
    assert wrong == []
