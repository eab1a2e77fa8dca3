import json

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse

from core.models import AuditEntry, User
from core.roles import Role
from core.services import role_grant
from tests.factories import TEST_PASSWORD
from tests.volunteers.factories import VolunteerFactory, id_number, join, years_ago
from volunteers.identity import decrypt
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer(pingshan):
    volunteer = VolunteerFactory(
        user__name="张小兵", user__mobile="13512345678", id_text=id_number(years_ago(30), seq=66)
    )
    join(volunteer, pingshan.team)
    return volunteer


def test_my_page_shows_profile_masked_status_number_card_teams_and_placeholders(volunteer, login):
    page = login(volunteer.user).get(reverse("volunteers:me")).content.decode()
    assert "我的" in page
    assert "张小兵" in page
    assert volunteer.id_number_masked in page
    assert decrypt(volunteer.id_number_encrypted) not in page
    assert volunteer.number in page
    assert reverse("volunteers:card") in page
    assert "平山红第二合唱队" in page
    assert 'id="my-hours"' in page
    assert "暂无服务记录" in page
    assert "暂无排班" in page
    assert reverse("reports:mine") in page  # certificates live in the reports app


def test_a_staff_account_without_a_registration_sees_a_note(pingshan, login):
    page = login(pingshan.county_office).get(reverse("volunteers:me")).content.decode()
    assert "您的账号还没有志愿者登记信息。" in page


def test_my_data_as_json_is_complete_and_masked(volunteer, login):
    response = login(volunteer.user).get(reverse("volunteers:my_data", args=["json"]))
    data = json.loads(response.content)
    assert response["Content-Disposition"] == 'attachment; filename="my-volunteer-data.json"'
    assert data["profile"]["姓名"] == "张小兵"
    assert data["profile"]["身份证号"] == volunteer.id_number_masked
    assert data["profile"]["志愿者编号"] == volunteer.number
    assert data["profile"]["隐私政策版本"] == "2026-01"
    assert data["teams"][0]["队伍"] == "平山红第二合唱队"
    assert decrypt(volunteer.id_number_encrypted) not in response.content.decode()


def test_my_data_as_csv_opens_in_excel(volunteer, login):
    response = login(volunteer.user).get(reverse("volunteers:my_data", args=["csv"]))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff项目,内容")
    assert "姓名,张小兵" in text
    assert volunteer.id_number_masked in text


def test_my_data_needs_a_registration(pingshan, login, client):
    assert login(pingshan.county_office).get("/me/data.json").status_code == 404
    assert client.get("/me/data.json").status_code == 302
    assert login(pingshan.county_office).get("/me/data.xml").status_code == 404


def test_closing_the_account_erases_the_person_and_keeps_the_statistics(volunteer):
    client = Client()
    client.force_login(volunteer.user)
    number, birth_year = volunteer.number, volunteer.birth_date.year
    page = client.get(reverse("volunteers:close_account")).content.decode()
    assert "注销账号" in page
    response = client.post(
        reverse("volunteers:close_account"), {"password": TEST_PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    closed = Volunteer.objects.select_related("user").get(pk=volunteer.pk)
    assert closed.number == number
    assert closed.status == "closed"
    assert closed.user.name == "已注销志愿者"
    assert closed.user.mobile != "13512345678"
    assert not closed.user.is_active
    assert closed.id_number_encrypted == closed.id_number_masked == ""
    assert closed.id_number_hash is None
    assert closed.card_secret is None
    assert closed.birth_date.year == birth_year
    assert (closed.birth_date.month, closed.birth_date.day) == (1, 1)
    assert closed.township_id == volunteer.township_id
    assert closed.village is None
    assert closed.memberships.get().left_on is not None
    assert AuditEntry.objects.filter(action="volunteer.close_account").exists()
    assert not Client().login(mobile="13512345678", password=TEST_PASSWORD)
    assert client.get(reverse("volunteers:me")).status_code == 302  # logged out


def test_the_mobile_and_id_number_are_free_again_after_closing(volunteer, login):
    number = decrypt(volunteer.id_number_encrypted)
    client = login(volunteer.user)
    client.post(reverse("volunteers:close_account"), {"password": TEST_PASSWORD, "confirm": "on"})
    again = VolunteerFactory(user__mobile="13512345678", id_text=number)
    assert again.pk != volunteer.pk


def test_closing_needs_the_password_and_the_confirmation(volunteer, login):
    page = login(volunteer.user).post(reverse("volunteers:close_account"), {"password": "wrong"})
    text = page.content.decode()
    assert "密码不正确。" in text
    assert "此项必填" in text
    assert Volunteer.objects.get(pk=volunteer.pk).status == "active"


def test_a_staff_member_cannot_close_their_volunteer_profile_here(volunteer, login):
    role_grant(user=volunteer.user, role=Role.TEAM_LEADER)
    page = login(volunteer.user).post(
        reverse("volunteers:close_account"), {"password": TEST_PASSWORD, "confirm": "on"}
    )
    assert "您还担任工作人员角色" in page.content.decode()
    assert Volunteer.objects.get(pk=volunteer.pk).status == "active"


def imported(mobile="13300001111", birth=None):
    volunteer = VolunteerFactory(user__mobile=mobile, id_text=id_number(birth or years_ago(50)))
    User.objects.filter(pk=volunteer.user_id).update(password=make_password(None))
    return volunteer


def test_an_imported_volunteer_claims_the_account_and_logs_in(db):
    volunteer = imported()
    data = {
        "mobile": "13300001111",
        "id_number": decrypt(volunteer.id_number_encrypted),
        "password": "hongse-2026-yi",
        "password_again": "hongse-2026-yi",
    }
    response = Client().post(reverse("volunteers:claim"), data)
    assert response.status_code == 302
    assert Client().login(mobile="13300001111", password="hongse-2026-yi")
    again = Client().post(reverse("volunteers:claim"), data).content.decode()
    assert "没有与该手机号和身份证号相符、且尚未设置密码的导入账号" in again


def test_claiming_with_a_wrong_id_number_fails_and_keeps_the_mobile(db):
    imported()
    data = {
        "mobile": "13300001111",
        "id_number": id_number(years_ago(20)),
        "password": "hongse-2026-yi",
        "password_again": "hongse-2026-yi",
    }
    page = Client().post(reverse("volunteers:claim"), data).content.decode()
    assert "没有与该手机号和身份证号相符" in page
    assert 'value="13300001111"' in page
    assert not Client().login(mobile="13300001111", password="hongse-2026-yi")
