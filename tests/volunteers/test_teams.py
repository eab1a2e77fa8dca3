from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from tests.factories import TeamFactory
from tests.volunteers.factories import VolunteerFactory, id_number, join, years_ago
from volunteers.models import Membership
from volunteers.selectors import volunteer_can_take

pytestmark = pytest.mark.django_db


def add(client, team, number):
    return client.post(reverse("volunteers:member_add", args=[team.pk]), {"number": number})


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("leader", 200),
        ("township_office", 200),
        ("county_office", 200),
        ("other_township_office", 404),
        ("manager", 403),
        ("volunteer", 403),
    ],
)
def test_the_roster_page_as_each_role(pingshan, login, who, status):
    join(VolunteerFactory(user__name="队员甲"), pingshan.team)
    response = login(getattr(pingshan, who)).get(
        reverse("volunteers:team_detail", args=[pingshan.team.pk])
    )
    assert response.status_code == status
    if status == 200:
        assert "队员甲" in response.content.decode()


def test_another_leader_cannot_touch_this_roster(pingshan, login, make_user):
    from core.roles import Role

    stranger = make_user(Role.TEAM_LEADER)
    pingshan.other_team.leaders.add(stranger)
    volunteer = VolunteerFactory()
    assert add(login(stranger), pingshan.team, volunteer.number).status_code == 404
    assert not Membership.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(pingshan, client):
    response = client.get(reverse("volunteers:team_detail", args=[pingshan.team.pk]))
    assert response.status_code == 302


def test_a_leader_adds_by_number_removes_and_the_volunteer_rejoins(pingshan, login):
    volunteer = VolunteerFactory(user__name="王小明")
    client = login(pingshan.leader)
    page = add(client, pingshan.team, volunteer.number)
    assert page.status_code == 302
    assert "王小明 已加入队伍" in client.get(page["Location"]).content.decode()
    membership = Membership.objects.get()
    assert membership.joined_on == timezone.localdate()
    client.post(reverse("volunteers:member_remove", args=[pingshan.team.pk, membership.pk]))
    membership.refresh_from_db()
    assert membership.left_on == timezone.localdate()
    add(client, pingshan.team, volunteer.number)
    assert Membership.objects.filter(volunteer=volunteer).count() == 2
    assert Membership.objects.filter(volunteer=volunteer, left_on__isnull=True).count() == 1
    actions = list(AuditEntry.objects.values_list("action", flat=True)[:3])
    assert actions == ["team.member_add", "team.member_remove", "team.member_add"]


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("130131-2026-999999", "没有编号为 130131-2026-999999 的志愿者。"),
        ("", "志愿者编号：此项必填"),
    ],
)
def test_a_bad_number_is_named_and_kept(pingshan, login, number, message):
    page = add(login(pingshan.leader), pingshan.team, number).content.decode()
    assert message in page
    assert f'value="{number}"' in page or not number


def test_an_id_number_typed_instead_is_refused_and_not_shown_back(pingshan, login):
    volunteer = VolunteerFactory(id_text=id_number(years_ago(30), seq=5))
    typed = volunteer.id_number_masked[:6] + id_number(years_ago(30), seq=5)[6:]
    page = add(login(pingshan.leader), pingshan.team, typed).content.decode()
    assert "志愿者编号：请输入志愿者编号，不要输入身份证号。" in page
    assert typed not in page
    assert not Membership.objects.exists()


def test_a_member_cannot_be_added_twice(pingshan, login):
    volunteer = VolunteerFactory(user__name="李四")
    client = login(pingshan.leader)
    add(client, pingshan.team, volunteer.number)
    assert "李四 已在本队伍中。" in add(client, pingshan.team, volunteer.number).content.decode()
    assert Membership.objects.count() == 1


def test_a_pending_volunteer_cannot_join(pingshan, login):
    pending = VolunteerFactory(status="pending", number="130131-2026-000777")
    page = add(login(pingshan.leader), pingshan.team, pending.number).content.decode()
    assert "只有已通过审核的志愿者才能加入队伍。" in page


def test_a_child_joins_only_a_team_suitable_for_minors(pingshan, login):
    child = VolunteerFactory(id_text=id_number(years_ago(11)), guardian_name="张父")
    page = add(login(pingshan.leader), pingshan.team, child.number).content.decode()
    assert "该队伍未标记为适合未成年人" in page
    guides = TeamFactory(name="小小红色讲解员", kind="guides", minors_allowed=True)
    guides.leaders.add(pingshan.leader)
    add(login(pingshan.leader), guides, child.number)
    assert Membership.objects.get().team == guides


def test_volunteer_can_take_follows_age_status_and_the_task(pingshan):
    adult = VolunteerFactory(id_text=id_number(years_ago(18)))
    almost = VolunteerFactory(id_text=id_number(years_ago(18, days=-1)))
    assert volunteer_can_take(volunteer=adult, minors_allowed=False)
    assert not volunteer_can_take(volunteer=almost, minors_allowed=False)
    assert volunteer_can_take(volunteer=almost, minors_allowed=True)
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert volunteer_can_take(volunteer=almost, minors_allowed=False, on=tomorrow)
    adult.status = "suspended"
    assert not volunteer_can_take(volunteer=adult, minors_allowed=True)


def test_history_shows_former_members(pingshan, login):
    volunteer = VolunteerFactory(user__name="老队员")
    join(volunteer, pingshan.team, joined_on=years_ago(3), left_on=years_ago(1))
    page = login(pingshan.leader).get(reverse("volunteers:team_detail", args=[pingshan.team.pk]))
    text = page.content.decode()
    assert "曾经的队员" in text
    assert "老队员" in text
    me = login(volunteer.user).get(reverse("volunteers:me")).content.decode()
    assert "队伍经历" in me
    assert "您还没有加入队伍" in me


def test_the_roster_does_not_query_per_row(pingshan, login, django_assert_num_queries):
    client = login(pingshan.leader)
    url = reverse("volunteers:team_detail", args=[pingshan.team.pk])
    join(VolunteerFactory(), pingshan.team)
    client.get(url)
    with django_assert_num_queries(6) as one:  # +1: the nav's unread badge (notices)
        client.get(url)
    join(VolunteerFactory(), pingshan.team)
    join(VolunteerFactory(), pingshan.team, joined_on=years_ago(2), left_on=years_ago(1))
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)


def test_the_team_list_links_to_rosters(pingshan, login):
    page = login(pingshan.leader).get(reverse("volunteers:team_list")).content.decode()
    assert reverse("volunteers:team_detail", args=[pingshan.team.pk]) in page
