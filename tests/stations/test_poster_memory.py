"""A poster found in force is remembered by the process for API scans, and checked again
by the check-in's own INSERT: replaced in another process, it is refused at once."""

import pytest
from django.utils import timezone

from core.roles import Role
from stations.models import PosterSecret, Session
from stations.services import poster_rotate
from tests.factories import UserFactory
from tests.stations.conftest import HERE

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def api_scan(client, poster):
    body = {"token": poster.secret, **{key: float(value) for key, value in HERE.items()}}
    return client.post("/api/v1/stations/scan", body, content_type="application/json")


def volunteer_client(login):
    return login(UserFactory.with_role(Role.VOLUNTEER))


def test_a_second_scan_of_a_poster_reads_no_poster(poster, login, django_assert_num_queries):
    assert api_scan(volunteer_client(login), poster).status_code == 201
    client = volunteer_client(login)
    with django_assert_num_queries(2) as queries:  # the session with its user, the INSERT
        response = api_scan(client, poster)
    assert response.status_code == 201, response.content
    assert "postersecret" in queries.captured_queries[-1]["sql"].lower()  # checked again
    assert response.json()["station_name"] == "西柏坡纪念馆红色驿站"
    assert Session.objects.filter(status="open").count() == 2


def test_a_poster_replaced_by_another_process_is_refused_at_once(poster, login):
    assert api_scan(volunteer_client(login), poster).status_code == 201
    # Another process replaces it: this process's memory is not told.
    PosterSecret.objects.filter(pk=poster.pk).update(revoked_at=timezone.now())
    client = volunteer_client(login)
    for _again in range(2):  # refused by the INSERT, then by the poster read
        response = api_scan(client, poster)
        assert (response.status_code, response.json()["code"]) == (410, "token_revoked")
        assert response.json()["detail"] == "这张海报已更换，请扫描驿站现场的新海报。"
    assert Session.objects.count() == 1


def test_a_poster_deleted_by_another_process_checks_nobody_in(poster, login):
    assert api_scan(volunteer_client(login), poster).status_code == 201
    Session.objects.all().delete()
    PosterSecret.objects.filter(pk=poster.pk).delete()
    response = api_scan(volunteer_client(login), poster)
    assert response.status_code in (404, 410)
    assert not Session.objects.exists()


def test_replacing_the_poster_here_forgets_it_before_any_insert(
    poster, station, login, django_assert_num_queries
):
    assert api_scan(volunteer_client(login), poster).status_code == 201
    new = poster_rotate(station=station)
    client = volunteer_client(login)
    with django_assert_num_queries(2):  # the session with its user, the poster: no INSERT
        response = api_scan(client, poster)
    assert response.json()["code"] == "token_revoked"
    assert api_scan(client, new).status_code == 201
