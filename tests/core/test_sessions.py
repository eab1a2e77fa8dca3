"""Sessions stay in the database: logging out ends them for every copy of the cookie."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from core.models import LoginSession as Session
from core.roles import Role
from core.sessions import SessionStore
from tests.factories import UserFactory
from tests.volunteers.factories import VolunteerFactory

pytestmark = pytest.mark.django_db


def logged_in_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def is_logged_in(cookie: str) -> bool:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    return client.get("/api/v1/me").status_code == 200


def test_a_session_cookie_logs_in():
    assert is_logged_in(logged_in_cookie(UserFactory.with_role(Role.VOLUNTEER)))


def test_logging_out_ends_the_session_for_a_copied_cookie_too():
    cookie = logged_in_cookie(UserFactory.with_role(Role.VOLUNTEER))
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    client.post("/logout/")
    assert not is_logged_in(cookie)


def test_an_expired_session_no_longer_logs_in():
    cookie = logged_in_cookie(UserFactory.with_role(Role.VOLUNTEER))
    Session.objects.filter(session_key=cookie).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert not is_logged_in(cookie)


def test_a_made_up_session_key_is_anonymous_and_gets_a_fresh_session():
    assert not is_logged_in("x" * 32)


def me(cookie: str):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    return client.get("/api/v1/me")


def test_the_session_row_names_the_logged_in_user():
    user = UserFactory.with_role(Role.VOLUNTEER)
    assert Session.objects.get(session_key=logged_in_cookie(user)).user == user


def test_a_logged_in_request_reads_its_session_and_user_in_one_query(
    django_assert_num_queries,
):
    cookie = logged_in_cookie(UserFactory.with_role(Role.VOLUNTEER, name="王芳"))
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    with django_assert_num_queries(2) as queries:  # session with user, then the role grants
        response = client.get("/api/v1/me")
    assert response.json()["name"] == "王芳"
    assert "JOIN" in queries.captured_queries[0]["sql"]


def test_the_session_data_decides_who_is_logged_in_if_the_row_disagrees():
    user = UserFactory.with_role(Role.VOLUNTEER, name="王芳")
    cookie = logged_in_cookie(user)
    other = UserFactory.with_role(Role.VOLUNTEER, name="李强")
    Session.objects.filter(session_key=cookie).update(user=other)
    assert me(cookie).json()["name"] == "王芳"


def test_changing_the_password_still_ends_other_sessions():
    user = UserFactory.with_role(Role.VOLUNTEER)
    cookie = logged_in_cookie(user)
    user.set_password("a-new-long-password")
    user.save()
    assert me(cookie).status_code == 401


def test_deleting_a_user_ends_their_sessions():
    user = UserFactory.with_role(Role.VOLUNTEER)
    cookie = logged_in_cookie(user)
    user.delete()
    assert not Session.objects.filter(session_key=cookie).exists()
    assert me(cookie).status_code == 401


def test_clearsessions_deletes_only_expired_login_sessions():
    from django.core.management import call_command

    live = logged_in_cookie(UserFactory.with_role(Role.VOLUNTEER))
    stale = logged_in_cookie(UserFactory.with_role(Role.VOLUNTEER))
    Session.objects.filter(session_key=stale).update(expire_date=timezone.now() - timedelta(days=1))
    call_command("clearsessions")
    assert list(Session.objects.values_list("session_key", flat=True)) == [live]


def test_the_session_read_brings_the_volunteer_fields_a_request_asks_for(
    django_assert_num_queries,
):
    """Status, date of birth and number come with the session; the rest of the record
    is a query away, and right."""
    volunteer = VolunteerFactory(residence="西柏坡村")
    store = SessionStore(logged_in_cookie(volunteer.user))
    with django_assert_num_queries(1):
        store.load()
        loaded = store.joined_user.volunteer
        assert (loaded.status, loaded.birth_date, loaded.number) == (
            volunteer.status, volunteer.birth_date, volunteer.number
        )  # fmt: skip
    with django_assert_num_queries(1):
        assert loaded.residence == "西柏坡村"
