"""Reads by key compiled once (core.prepared) give the objects the ORM gives."""

import pytest
from django.contrib.auth import get_user_model

from core.prepared import RowByKey
from stations.models import PosterSecret
from stations.services import poster_ensure
from tests.factories import StationFactory, UserFactory
from tests.volunteers.factories import VolunteerFactory

pytestmark = pytest.mark.django_db

USERS = RowByKey(lambda: get_user_model().objects.select_related("volunteer"), "pk")
POSTERS = RowByKey(
    lambda: PosterSecret.objects.select_related("station__default_program"), "secret"
)


def values(obj) -> dict:
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def test_a_user_and_their_volunteer_record_read_as_the_orm_reads_them():
    volunteer = VolunteerFactory()
    expected = get_user_model().objects.select_related("volunteer").get(pk=volunteer.user_id)
    user = USERS.get(volunteer.user_id)
    assert values(user) == values(expected)
    assert values(user.volunteer) == values(expected.volunteer)
    assert user._state.db == "default"
    assert not user._state.adding


def test_the_related_objects_come_with_one_query(django_assert_num_queries):
    station = StationFactory()
    secret = poster_ensure(station=station).secret
    with django_assert_num_queries(1):
        poster = POSTERS.get(secret)
        assert poster.station.name == station.name
        assert poster.station.default_program == station.default_program


def test_a_user_without_a_volunteer_record_has_none_without_another_query(
    django_assert_num_queries,
):
    user = UserFactory()
    with django_assert_num_queries(1):
        loaded = USERS.get(user.pk)
        assert not hasattr(loaded, "volunteer")


def test_an_unknown_key_reads_nothing():
    assert USERS.get(999_999) is None
    assert POSTERS.get("not-a-secret") is None


def test_a_key_from_a_session_is_taken_as_text():
    user = UserFactory()
    assert USERS.get(str(user.pk)) == user
