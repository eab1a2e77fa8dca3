"""Sessions stay in the database: logging out ends them for every copy of the cookie."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from core.roles import Role
from tests.factories import UserFactory

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
