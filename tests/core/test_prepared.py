"""Reads by key compiled once (core.prepared) give the objects the ORM gives."""

import pytest
from django.contrib.auth import get_user_model

from core.models import AuditEntry
from core.prepared import InsertOne, RowByKey
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


_INSERT_ENTRY = InsertOne(lambda: AuditEntry)


def test_a_compiled_insert_saves_what_create_would(django_assert_num_queries):
    with django_assert_num_queries(1):
        entry = _INSERT_ENTRY.create(action="test.insert", data={"名字": "王芳"})
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.action, stored.data, stored.target_id) == ("test.insert", {"名字": "王芳"}, "")
    assert stored.created_at == entry.created_at  # the default was taken, as in save()
    assert not entry._state.adding


def _no_entry_says(connection) -> str:
    table, column = (connection.ops.quote_name(n) for n in ("core_auditentry", "action"))
    return f"NOT EXISTS (SELECT 1 FROM {table} WHERE {column} = %s)"  # noqa: S608 - fixed names


_INSERT_UNLESS = InsertOne(lambda: AuditEntry, where=_no_entry_says)


def test_a_guarded_insert_writes_only_while_its_condition_holds(django_assert_num_queries):
    with django_assert_num_queries(1):
        entry = _INSERT_UNLESS.create_if(("test.stop",), action="test.go", data={"n": 1})
    assert AuditEntry.objects.get(pk=entry.pk).data == {"n": 1}
    _INSERT_ENTRY.create(action="test.stop")
    with django_assert_num_queries(1):
        assert _INSERT_UNLESS.create_if(("test.stop",), action="test.go") is None
    assert AuditEntry.objects.filter(action="test.go").count() == 1


def test_a_compiled_insert_is_reused_and_each_row_gets_its_own_key():
    first = _INSERT_ENTRY.create(action="test.one")
    second = _INSERT_ENTRY.create(action="test.two")
    assert second.pk > first.pk
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "test.one",
        "test.two",
    ]
