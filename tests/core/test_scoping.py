import pytest
from django.urls import reverse

from core.roles import Role
from core.selectors import scoped, user_roles
from stations.models import Station
from stations.selectors import station_list
from volunteers.selectors import team_list

pytestmark = pytest.mark.django_db


def names(queryset):
    return sorted(str(item) for item in queryset)


def test_a_station_manager_sees_only_their_station(pingshan):
    assert names(station_list(user=pingshan.manager)) == ["西柏坡纪念馆红色驿站"]
    assert names(station_list(user=pingshan.other_manager)) == ["平山团纪念馆红色驿站"]


def test_a_township_office_sees_only_its_township(pingshan):
    assert names(station_list(user=pingshan.township_office)) == ["西柏坡纪念馆红色驿站"]
    assert names(team_list(user=pingshan.other_township_office)) == ["温塘文艺小分队"]


def test_the_county_office_and_admin_see_everything(pingshan):
    for user in (pingshan.county_office, pingshan.admin):
        assert station_list(user=user).count() == Station.objects.count() == 2


def test_a_team_leader_sees_their_team_but_no_station(pingshan):
    assert names(team_list(user=pingshan.leader)) == ["平山红第二合唱队"]
    assert station_list(user=pingshan.leader).count() == 0


def test_a_plain_volunteer_and_an_anonymous_visitor_see_nothing(pingshan, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert station_list(user=pingshan.volunteer).count() == 0
    assert station_list(user=AnonymousUser()).count() == 0


def test_a_station_with_several_managers_is_listed_once(pingshan, make_user):
    pingshan.station.managers.add(make_user(Role.STATION_MANAGER), pingshan.other_manager)
    assert names(station_list(user=pingshan.other_manager)) == [
        "平山团纪念馆红色驿站",
        "西柏坡纪念馆红色驿站",
    ]


def test_scoping_by_owner_path_keeps_a_users_own_rows(pingshan):
    from core.models import User

    own = scoped(User.objects.all(), pingshan.volunteer, owner="")
    assert list(own) == [pingshan.volunteer]


def test_a_superuser_counts_as_admin_without_a_grant(django_user_model):
    user = django_user_model.objects.create_superuser("13700009999", "pw-123456", name="root")
    assert Role.ADMIN in user_roles(user)


@pytest.mark.parametrize(
    ("who", "status", "shows", "hides"),
    [
        ("manager", 200, "西柏坡纪念馆红色驿站", "平山团纪念馆红色驿站"),
        ("other_manager", 200, "平山团纪念馆红色驿站", "西柏坡纪念馆红色驿站"),
        ("township_office", 200, "西柏坡纪念馆红色驿站", "平山团纪念馆红色驿站"),
        ("other_township_office", 200, "平山团纪念馆红色驿站", "西柏坡纪念馆红色驿站"),
        ("county_office", 200, "平山团纪念馆红色驿站", None),
        ("admin", 200, "西柏坡纪念馆红色驿站", None),
        ("volunteer", 403, "没有权限", "西柏坡纪念馆红色驿站"),
        ("leader", 403, "没有权限", "西柏坡纪念馆红色驿站"),
    ],
)
def test_the_station_list_page_as_each_role(pingshan, login, who, status, shows, hides):
    response = login(getattr(pingshan, who)).get(reverse("stations:list"))
    page = response.content.decode()
    assert response.status_code == status
    assert shows in page
    if hides:
        assert hides not in page


@pytest.mark.parametrize(
    ("who", "status", "shows", "hides"),
    [
        ("leader", 200, "平山红第二合唱队", "温塘文艺小分队"),
        ("township_office", 200, "平山红第二合唱队", "温塘文艺小分队"),
        ("other_township_office", 200, "温塘文艺小分队", "平山红第二合唱队"),
        ("county_office", 200, "温塘文艺小分队", None),
        ("manager", 403, "没有权限", "平山红第二合唱队"),
        ("volunteer", 403, "没有权限", "平山红第二合唱队"),
    ],
)
def test_the_team_list_page_as_each_role(pingshan, login, who, status, shows, hides):
    response = login(getattr(pingshan, who)).get(reverse("volunteers:team_list"))
    page = response.content.decode()
    assert response.status_code == status
    assert shows in page
    if hides:
        assert hides not in page


def test_an_anonymous_visitor_is_sent_to_log_in(client, pingshan):
    response = client.get(reverse("stations:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_station_list_does_not_query_per_row(pingshan, login, django_assert_num_queries):
    from tests.factories import StationFactory

    client = login(pingshan.county_office)
    client.get(reverse("stations:list"))  # warm the session
    with django_assert_num_queries(6) as one:  # +1: the nav's unread badge (notices)
        client.get(reverse("stations:list"))
    for _ in range(3):
        StationFactory().managers.add(pingshan.manager)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse("stations:list"))
