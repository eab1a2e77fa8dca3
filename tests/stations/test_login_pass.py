"""The check-in scan takes its login from a signed pass and reads nothing before its
INSERT, which checks in the same statement that the login still holds (core.passes).
Whatever changed in another process, the scan answers as if it had read the login."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core import passes
from core.models import LoginSession, User
from core.roles import Role
from stations.models import ServiceProgram, Session
from tests.factories import TEST_PASSWORD, UserFactory
from tests.stations.conftest import HERE
from tests.volunteers.factories import VolunteerFactory
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def logged_in(user) -> Client:
    """A browser that logged in through the login page, as a volunteer does."""
    client = Client()
    response = client.post(reverse("login"), {"username": user.mobile, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def scan(client, poster, **fields):
    body = {"token": poster.secret, **{key: float(value) for key, value in HERE.items()}, **fields}
    return client.post("/api/v1/stations/scan", body, content_type="application/json")


@pytest.fixture
def member():
    return VolunteerFactory().user


@pytest.fixture
def warm(poster, member):
    """The poster is already in this process's memory (another volunteer scanned it)."""
    assert scan(logged_in(VolunteerFactory().user), poster).status_code == 201
    return poster


def test_logging_in_gives_a_volunteer_a_pass_and_logging_out_takes_it(member):
    client = logged_in(member)
    assert client.cookies[passes.COOKIE].value
    assert client.cookies[passes.COOKIE]["httponly"]
    client.post(reverse("logout"))
    assert not client.cookies[passes.COOKIE].value


def test_staff_without_a_volunteer_record_get_no_pass():
    assert passes.COOKIE not in logged_in(UserFactory.with_role(Role.STATION_MANAGER)).cookies


def test_a_page_does_not_issue_the_same_pass_again(member):
    client = logged_in(member)
    response = client.get(reverse("volunteers:me"))
    assert response.status_code == 200
    assert passes.COOKIE not in response.cookies


def test_a_scan_with_a_pass_sends_only_its_insert(warm, member, django_assert_num_queries):
    client = logged_in(member)
    with django_assert_num_queries(1) as queries:
        response = scan(client, warm)
    assert response.status_code == 201, response.content
    insert = queries.captured_queries[0]["sql"].lower()
    assert insert.startswith("insert")
    assert "login_session" in insert  # the login, checked by the INSERT
    assert "postersecret" in insert  # the poster, likewise
    assert Session.objects.get(volunteer=member).status == "open"


def test_a_login_ended_elsewhere_checks_nobody_in(warm, member):
    client = logged_in(member)
    LoginSession.objects.filter(user=member).delete()  # logged out on another device
    response = scan(client, warm)
    assert response.status_code == 401
    assert response.json()["detail"] == "请先登录。"
    assert not Session.objects.filter(volunteer=member).exists()
    assert not response.cookies[passes.COOKIE].value  # the stale pass is dropped


def test_a_volunteer_suspended_elsewhere_is_refused_with_the_reason(warm, member):
    client = logged_in(member)
    Volunteer.objects.filter(user=member).update(status="suspended")
    response = scan(client, warm)
    assert (response.status_code, response.json()["code"]) == (403, "volunteer_suspended")
    assert not Session.objects.filter(volunteer=member).exists()
    assert response.cookies[passes.COOKIE].value  # a new pass, stating the suspension


def test_a_password_changed_elsewhere_ends_the_pass(warm, member):
    client = logged_in(member)
    member.set_password("another-horse-battery")
    member.save()
    assert scan(client, warm).status_code == 401
    assert not Session.objects.filter(volunteer=member).exists()


def test_a_deactivated_account_is_refused(warm, member):
    client = logged_in(member)
    User.objects.filter(pk=member.pk).update(is_active=False)
    assert scan(client, warm).status_code == 401
    assert not Session.objects.filter(volunteer=member).exists()


def test_an_expired_session_is_refused(warm, member):
    client = logged_in(member)
    LoginSession.objects.filter(user=member).update(expire_date=timezone.now() - timedelta(1))
    assert scan(client, warm).status_code == 401
    assert not Session.objects.filter(volunteer=member).exists()


def test_a_birth_date_corrected_to_a_minor_applies_at_once(warm, member):
    client = logged_in(member)
    minor = date(timezone.localdate().year - 12, 1, 1)
    Volunteer.objects.filter(user=member).update(birth_date=minor)
    talks = ServiceProgram.objects.get(name="理论宣讲")  # for adults only
    response = scan(client, warm, program=talks.pk)
    assert (response.status_code, response.json()["code"]) == (400, "minors_not_allowed")
    assert not Session.objects.filter(volunteer=member).exists()


def test_a_pass_counts_only_beside_the_session_it_was_issued_for(warm, member):
    """A pass copied into another browser names nobody there: that browser's own
    session decides who checks in."""
    other = VolunteerFactory().user
    mine, theirs = logged_in(member), logged_in(other)
    theirs.cookies[passes.COOKIE] = mine.cookies[passes.COOKIE].value
    assert scan(theirs, warm).status_code == 201
    assert Session.objects.filter(volunteer=other).exists()
    assert not Session.objects.filter(volunteer=member).exists()


def test_a_tampered_pass_is_ignored(warm, member):
    client = logged_in(member)
    token = client.cookies[passes.COOKIE].value
    client.cookies[passes.COOKIE] = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert scan(client, warm).status_code == 201  # by the session, read as usual
    assert Session.objects.get(volunteer=member).status == "open"


def test_without_a_session_cookie_a_pass_logs_nobody_in(warm, member):
    client = logged_in(member)
    stolen = client.cookies[passes.COOKIE].value
    bare = Client()
    bare.cookies[passes.COOKIE] = stolen
    assert scan(bare, warm).status_code == 401
    assert not Session.objects.filter(volunteer=member).exists()
