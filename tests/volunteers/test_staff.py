import io

import pytest
from django.urls import reverse

from core.models import AuditEntry
from tests.volunteers.factories import VolunteerFactory, id_number, join, years_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(pingshan):
    """A member of the xibaipo team, a child guide there, and an adult of wentang."""

    class People:
        member = VolunteerFactory(
            user__name="西柏坡队员", township=pingshan.xibaipo, id_text=id_number(years_ago(40))
        )
        child = VolunteerFactory(
            user__name="西柏坡小讲解员",
            township=pingshan.xibaipo,
            id_text=id_number(years_ago(10), male=False),
            guardian_name="王建国",
        )
        outsider = VolunteerFactory(
            user__name="温塘志愿者", township=pingshan.wentang, id_text=id_number(years_ago(65))
        )

    join(People.member, pingshan.team)
    return People


@pytest.mark.parametrize(
    ("who", "status", "shown", "hidden"),
    [
        ("township_office", 200, ["西柏坡队员", "西柏坡小讲解员"], ["温塘志愿者"]),
        ("other_township_office", 200, ["温塘志愿者"], ["西柏坡队员"]),
        ("county_office", 200, ["西柏坡队员", "温塘志愿者"], []),
        ("admin", 200, ["西柏坡队员", "温塘志愿者"], []),
        ("leader", 200, ["西柏坡队员"], ["西柏坡小讲解员", "温塘志愿者"]),
        ("volunteer", 403, [], ["西柏坡队员"]),
        ("manager", 403, [], ["西柏坡队员"]),
    ],
)
def test_the_list_as_each_role(people, pingshan, login, who, status, shown, hidden):
    response = login(getattr(pingshan, who)).get(reverse("volunteers:list"))
    page = response.content.decode()
    assert response.status_code == status
    for name in shown:
        assert name in page
    for name in hidden:
        assert name not in page


def test_the_list_masks_mobiles_and_id_numbers(people, pingshan, login):
    page = login(pingshan.county_office).get(reverse("volunteers:list")).content.decode()
    assert people.member.id_number_masked in page
    assert people.member.user.mobile not in page
    assert people.member.user.mobile[:3] + "****" + people.member.user.mobile[-4:] in page
    assert "平山红第二合唱队" in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"township": "130131102"}, "温塘志愿者", "西柏坡队员"),
        ({"age_band": "under_14"}, "西柏坡小讲解员", "西柏坡队员"),
        ({"age_band": "60_plus"}, "温塘志愿者", "西柏坡小讲解员"),
        ({"age_band": "36_59"}, "西柏坡队员", "温塘志愿者"),
        ({"gender": "female"}, "西柏坡小讲解员", "西柏坡队员"),
        ({"q": "小讲解"}, "西柏坡小讲解员", "西柏坡队员"),
        ({"status": "active"}, "西柏坡队员", "nobody"),
    ],
)
def test_the_filters(people, pingshan, login, query, shown, hidden):
    if "township" in query:
        from core.models import Region

        query = {"township": Region.objects.get(code=query["township"]).pk}
    page = login(pingshan.county_office).get(reverse("volunteers:list"), query).content.decode()
    assert shown in page
    assert hidden not in page.split("<tbody")[-1]


def test_the_team_filter_shows_current_members_only(people, pingshan, login):
    from tests.volunteers.factories import join as join_team

    join_team(people.outsider, pingshan.team, joined_on=years_ago(2), left_on=years_ago(1))
    query = {"team": pingshan.team.pk}
    body = login(pingshan.county_office).get(reverse("volunteers:list"), query).content.decode()
    rows = body.split("<tbody")[-1]
    assert "西柏坡队员" in rows
    assert "温塘志愿者" not in rows


def test_a_bad_filter_value_is_not_a_500(people, pingshan, login):
    response = login(pingshan.county_office).get(
        reverse("volunteers:list"), {"township": "abc", "age_band": "old", "team": "99999"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_exports_are_masked_scoped_and_audited(people, pingshan, login, export):
    response = login(pingshan.township_office).get(reverse("volunteers:list"), {"_export": export})
    if export == "csv":
        text = response.content.decode("utf-8")
    else:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        text = str(list(book.worksheets[0].iter_rows(values_only=True)))
    assert response.status_code == 200
    assert "西柏坡队员" in text
    assert "温塘志愿者" not in text
    assert people.member.id_number_masked in text
    assert people.member.user.mobile not in text
    assert AuditEntry.objects.get(action="volunteer.export").data["rows"] == 2


def test_the_list_does_not_query_per_row(pingshan, login, django_assert_num_queries):
    client = login(pingshan.county_office)
    join(VolunteerFactory(), pingshan.team)
    client.get(reverse("volunteers:list"))
    with django_assert_num_queries(8) as one:  # +1: the nav's unread badge (notices)
        client.get(reverse("volunteers:list"))
    for _ in range(2):
        join(VolunteerFactory(), pingshan.team)
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(reverse("volunteers:list")).content.decode()
    assert page.count("平山红第二合唱队</td>") == 3


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("township_office", 200),
        ("county_office", 200),
        ("leader", 200),
        ("other_township_office", 404),
        ("volunteer", 403),
        ("manager", 403),
    ],
)
def test_the_detail_page_as_each_role(people, pingshan, login, who, status):
    response = login(getattr(pingshan, who)).get(
        reverse("volunteers:detail", args=[people.member.pk])
    )
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "西柏坡队员" in page
        assert people.member.id_number_masked in page


def test_the_owner_uses_their_own_page_not_the_staff_page(people, login):
    client = login(people.member.user)
    assert client.get(reverse("volunteers:detail", args=[people.member.pk])).status_code == 403
    assert "西柏坡队员" in client.get(reverse("volunteers:me")).content.decode()


def test_only_offices_in_scope_see_the_review_buttons(people, pingshan, login):
    url = reverse("volunteers:detail", args=[people.member.pk])
    assert "暂停" in login(pingshan.township_office).get(url).content.decode()
    assert "暂停" not in login(pingshan.leader).get(url).content.decode()


def full_id(volunteer):
    from volunteers.identity import decrypt

    return decrypt(volunteer.id_number_encrypted)


def test_the_county_office_unmasks_one_number_with_a_reason_and_it_is_audited(
    people, pingshan, login
):
    client = login(pingshan.county_office)
    detail = client.get(reverse("volunteers:detail", args=[people.member.pk])).content.decode()
    assert "查看完整身份证号" in detail
    url = reverse("volunteers:reveal", args=[people.member.pk])
    response = client.post(url, {"reason": "出具志愿服务证明，核对身份"})
    assert response.status_code == 200
    assert full_id(people.member) in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action="volunteer.id_number_reveal")
    assert entry.actor == pingshan.county_office
    assert entry.target_id == str(people.member.pk)
    assert entry.data["reason"] == "出具志愿服务证明，核对身份"
    assert full_id(people.member) not in str(entry.data)


def test_unmasking_needs_a_reason(people, pingshan, login):
    url = reverse("volunteers:reveal", args=[people.member.pk])
    page = login(pingshan.county_office).post(url, {"reason": ""}).content.decode()
    assert "查看完整身份证号的原因：" in page
    assert full_id(people.member) not in page
    assert not AuditEntry.objects.filter(action="volunteer.id_number_reveal").exists()


@pytest.mark.parametrize(
    "who", ["township_office", "admin", "leader", "volunteer", "other_township_office"]
)
def test_nobody_else_can_unmask(people, pingshan, login, who):
    client = login(getattr(pingshan, who))
    url = reverse("volunteers:detail", args=[people.member.pk])
    assert "查看完整身份证号" not in client.get(url).content.decode()
    response = client.post(reverse("volunteers:reveal", args=[people.member.pk]), {"reason": "x"})
    assert response.status_code == 403
    assert full_id(people.member) not in response.content.decode()
    assert not AuditEntry.objects.filter(action="volunteer.id_number_reveal").exists()


def test_unmasking_is_refused_to_anonymous_visitors(people, client):
    response = client.post(reverse("volunteers:reveal", args=[people.member.pk]), {"reason": "x"})
    assert response.status_code == 302


def test_an_id_number_in_the_search_box_is_dropped_not_searched(people, pingshan, login):
    full = full_id(people.member)
    response = login(pingshan.county_office).get(
        reverse("volunteers:list"), {"q": full, "status": "active"}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("volunteers:list") + "?status=active"
    assert "身份证号不能用于搜索" in page
    assert full not in page


@pytest.mark.parametrize("sort", ["name", "-age", "township", "village", "number", "status"])
def test_every_sortable_column_sorts_for_a_team_leader(people, pingshan, login, sort):
    """A leader's list is DISTINCT (a many-to-many path); PostgreSQL is strict about that."""
    response = login(pingshan.leader).get(reverse("volunteers:list"), {"sort": sort})
    assert response.status_code == 200
    assert "西柏坡队员" in response.content.decode()
