import re

import pytest
from django.test import Client
from django.urls import reverse

from core.models import AuditEntry, RoleGrant, User
from tests.factories import VillageFactory, township
from tests.volunteers.factories import VolunteerFactory, id_number, years_ago
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile"}


@pytest.fixture
def village(db):
    return VillageFactory(parent=township("130131110"), code="130131110201", name="西柏坡村")


def form_data(village_row, **changes):
    data = {
        "name": "李红梅",
        "id_number": id_number(years_ago(30)),
        "mobile": "13612345678",
        "password": "hongse-2026-yi",
        "password_again": "hongse-2026-yi",
        "township": village_row.parent_id,
        "village": village_row.pk,
        "residence": "西柏坡村二组",
        "service_categories": ["red_guide", "arts"],
        "skills": "合唱",
        "availability": ["weekend"],
        "emergency_contact_name": "李大山",
        "emergency_contact_mobile": "13987654321",
        "political_status": "",
        "consent": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_form_renders_in_chinese_for_a_phone(client, village):
    page = client.get(reverse("volunteers:register"), **PHONE).content.decode()
    assert "注册成为志愿者" in page
    assert 'name="viewport"' in page
    for label in (
        "姓名",
        "身份证号",
        "手机号",
        "乡镇",
        "村",
        "服务类别",
        "可服务时间",
        "紧急联系人",
    ):
        assert f"{label}" in page
    assert '<optgroup label="西柏坡镇">' in page
    assert "隐私政策" in page
    assert "<script>" not in page  # only external scripts: a CSP without unsafe-inline


def test_a_new_volunteer_registers_and_sees_pending_review(client, village):
    response = client.post(reverse("volunteers:register"), form_data(village), follow=True)
    page = response.content.decode()
    volunteer = Volunteer.objects.get(user__mobile="13612345678")
    assert response.redirect_chain[-1][0] == reverse("volunteers:me")
    assert "待审核" in page
    assert "西柏坡镇文明办审核" in page
    assert volunteer.status == "pending"
    assert volunteer.number is None
    assert volunteer.gender == "male"
    assert volunteer.consent_policy_version == "2026-01"
    assert volunteer.consent_source == "online"
    assert volunteer.consent_at is not None
    assert RoleGrant.objects.filter(user=volunteer.user, role="volunteer").exists()
    assert AuditEntry.objects.filter(action="volunteer.register", actor=volunteer.user).exists()


def test_the_id_number_is_stored_encrypted_hashed_and_masked(client, village):
    number = id_number(years_ago(30), seq=45)
    client.post(reverse("volunteers:register"), form_data(village, id_number=number))
    volunteer = Volunteer.objects.get()
    stored = " ".join(str(v) for v in Volunteer.objects.values().get().values())
    assert number not in stored
    assert volunteer.id_number_masked == number[:6] + "********" + number[-4:]


def field_error(page: str, field: str) -> str:
    match = re.search(rf'<p class="error" id="id_{field}_error">(.*?)</p>', page)
    return match.group(1) if match else ""


def test_a_bad_id_number_is_named_on_its_field_and_the_rest_is_kept(client, village):
    data = form_data(village, id_number="130131199003070014")
    response = client.post(reverse("volunteers:register"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert field_error(page, "id_number") == "身份证号：校验位不符，有数字填错了，请逐位核对。"
    assert 'value="130131199003070014"' in page
    assert 'value="李红梅"' in page
    assert 'value="13612345678"' in page
    assert 'value="西柏坡村二组"' in page
    assert re.search(r'value="red_guide"[^>]*checked', page)
    assert re.search(rf'<option value="{village.pk}" selected>', page)
    assert 'aria-invalid="true"' in page
    assert not Volunteer.objects.exists()
    assert not User.objects.filter(mobile="13612345678").exists()


def test_a_duplicate_mobile_is_named_on_its_field(client, village):
    VolunteerFactory(user__mobile="13612345678")
    page = client.post(reverse("volunteers:register"), form_data(village)).content.decode()
    assert field_error(page, "mobile") == "手机号：该手机号已注册，请直接登录。"
    assert 'value="李红梅"' in page
    assert Volunteer.objects.count() == 1


def test_a_duplicate_id_number_is_named_on_its_field(client, village):
    number = id_number(years_ago(40))
    VolunteerFactory(id_text=number)
    data = form_data(village, id_number=number.lower())
    page = client.post(reverse("volunteers:register"), data).content.decode()
    assert field_error(page, "id_number") == "身份证号：该身份证号已登记，请直接登录。"


def test_a_child_without_a_guardian_is_told_on_each_guardian_field(client, village):
    data = form_data(village, id_number=id_number(years_ago(10)))
    page = client.post(reverse("volunteers:register"), data).content.decode()
    assert (
        field_error(page, "guardian_name") == "监护人姓名：志愿者现年 10 岁，须由监护人填写此项。"
    )
    assert field_error(page, "guardian_mobile").startswith("监护人手机号：志愿者现年 10 岁")
    assert field_error(page, "guardian_relationship").startswith("与监护人关系：")
    assert field_error(page, "guardian_consent") == "志愿者现年 10 岁，须经监护人同意。"
    assert not Volunteer.objects.exists()


def test_a_child_with_a_guardian_registers_and_the_consent_is_recorded(client, village):
    data = form_data(
        village,
        id_number=id_number(years_ago(10), male=False),
        guardian_name="李建国",
        guardian_mobile="13712340000",
        guardian_relationship="father",
        guardian_consent="on",
    )
    client.post(reverse("volunteers:register"), data)
    volunteer = Volunteer.objects.get()
    assert volunteer.gender == "female"
    assert volunteer.guardian_name == "李建国"
    assert volunteer.guardian_consent_at is not None


def test_a_sixteen_year_old_needs_a_guardian_by_default_but_not_when_turned_off(
    client, village, settings
):
    data = form_data(village, id_number=id_number(years_ago(16)))
    page = client.post(reverse("volunteers:register"), data).content.decode()
    assert "志愿者现年 16 岁，须经监护人同意。" in page
    settings.HONGYI_GUARDIAN_CONSENT_14_17 = False
    client.post(reverse("volunteers:register"), data)
    assert Volunteer.objects.get().guardian_consent_at is None


def test_the_day_before_the_fourteenth_birthday_still_needs_a_guardian(client, village, settings):
    settings.HONGYI_GUARDIAN_CONSENT_14_17 = False
    data = form_data(village, id_number=id_number(years_ago(14, days=-1)))
    page = client.post(reverse("volunteers:register"), data).content.decode()
    assert "志愿者现年 13 岁" in page
    client.post(
        reverse("volunteers:register"), form_data(village, id_number=id_number(years_ago(14)))
    )
    assert Volunteer.objects.count() == 1


def test_a_village_of_another_township_is_refused(client, village):
    other = VillageFactory(parent=township("130131102"), code="130131102201", name="温塘村")
    page = client.post(reverse("volunteers:register"), form_data(village, village=other.pk))
    assert field_error(page.content.decode(), "village") == "村：温塘村不属于西柏坡镇。"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"mobile": "12612345678"}, "mobile", "手机号："),
        ({"emergency_contact_mobile": "139"}, "emergency_contact_mobile", "紧急联系人手机号："),
        ({"password": "12345678", "password_again": "12345678"}, "password", "密码："),
        ({"password_again": "different-1"}, "password_again", "两次输入的密码不一致"),
        ({"consent": None}, "consent", "请勾选同意处理您的身份证号"),
        ({"service_categories": None}, "service_categories", "服务类别："),
        ({"name": ""}, "name", "姓名："),
        ({"name": "李红梅😀"}, "name", "姓名：姓名只能包含文字、空格和“·”等标点：请删去“😀”。"),
        ({"name": "李\u200b红梅"}, "name", "请删去“U+200B”"),
        ({"name": "12345"}, "name", "姓名：请用文字（汉字或其他文字）填写姓名。"),
        ({"name": "长" * 10_000}, "name", "姓名："),
    ],
)
def test_each_bad_input_is_named_in_chinese(client, village, changes, field, message):
    page = client.post(reverse("volunteers:register"), form_data(village, **changes))
    assert message in field_error(page.content.decode(), field)
    assert not Volunteer.objects.exists()


@pytest.mark.parametrize("name", ["阿依古丽·买买提", "𠮷田", "Anna Müller-Li", "=张三"])
def test_names_in_any_script_register(client, village, name):
    """A rare character beyond the basic plane is a letter; a leading = is the exports'
    business (core.exports), not a reason to turn a person away."""
    assert (
        client.post(reverse("volunteers:register"), form_data(village, name=name)).status_code
        == 302
    )
    assert Volunteer.objects.get().user.name == name


def test_a_logged_in_user_is_sent_to_their_page(login, pingshan):
    response = login(pingshan.volunteer).get(reverse("volunteers:register"))
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteers:me")


def test_the_privacy_policy_is_public_and_shows_its_version(client, settings):
    settings.HONGYI_PRIVACY_POLICY_VERSION = "2026-07"
    page = Client().get(reverse("volunteers:privacy")).content.decode()
    assert "隐私政策" in page
    assert "版本 2026-07" in page
    assert "敏感个人信息" in page
