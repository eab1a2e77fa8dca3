"""The exchange pages as each role that can reach them: what they show, what they refuse."""

import io

import pytest
from django.urls import reverse

from exchange.models import ExternalRecord, NationalExport, Redemption
from exchange.services import points_grant, reward_redeem
from tests.exchange.test_imports import hours_row, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich(member, pingshan):
    points_grant(volunteer=member.user, points=250, reason="测试", actor=pingshan.county_office)
    return member.user


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_my_points_page_shows_balance_history_and_what_can_be_redeemed(
    rich, reward, county_reward, login
):
    page = text(login(rich).get(reverse("exchange:points")))
    assert "我的积分" in page
    assert "250" in page
    assert "红色文创帆布袋" in page
    assert "县级纪念徽章" in page
    assert "县级奖励" in page
    assert "测试" in page
    assert "每小时经确认的志愿服务：10 积分" in page


def test_redeeming_on_the_page_shows_the_pick_up_code_and_its_qr(rich, reward, login):
    client = login(rich)
    response = client.post(reverse("exchange:redeem", args=[reward.pk]))
    redemption = Redemption.objects.get()
    assert response.url == reverse("exchange:redemption", args=[redemption.pk])
    page = text(client.get(response.url))
    assert redemption.code in page
    assert "<svg" in page
    assert "西柏坡纪念馆红色驿站服务台" in page


def test_a_refused_redemption_says_why_in_chinese(member, reward, login):
    client = login(member.user)
    response = client.post(reverse("exchange:redeem", args=[reward.pk]), follow=True)
    assert "积分不足：需要 100 积分，您有 0 积分。" in text(response)
    assert not Redemption.objects.exists()


def test_someone_elses_redemption_is_not_found(rich, reward, login, pingshan):
    redemption = reward_redeem(reward=reward, volunteer=rich)
    url = reverse("exchange:redemption", args=[redemption.pk])
    assert login(pingshan.volunteer).get(url).status_code == 404
    assert login(pingshan.other_township_office).get(url).status_code == 404
    assert login(pingshan.township_office).get(url).status_code == 200


def test_the_station_manager_scans_and_hands_over(rich, reward, login, pingshan):
    redemption = reward_redeem(reward=reward, volunteer=rich)
    client = login(pingshan.manager)
    page = text(client.get(reverse("exchange:pickup")))
    assert "在此待领取" in page
    assert "红色文创帆布袋" in page
    found = text(client.get(reverse("exchange:pickup"), {"code": redemption.code.upper()}))
    assert "确认发放" in found
    done = client.post(
        reverse("exchange:pickup"), {"code": redemption.code, "confirm": "1"}, follow=True
    )
    assert "已发放：红色文创帆布袋" in text(done)
    assert Redemption.objects.get().status == "collected"


def test_another_station_manager_finds_nothing(rich, reward, login, pingshan):
    redemption = reward_redeem(reward=reward, volunteer=rich)
    page = text(
        login(pingshan.other_manager).post(
            reverse("exchange:pickup"), {"code": redemption.code, "confirm": "1"}
        )
    )
    assert "此处没有使用该领取码的待领兑换" in page
    assert Redemption.objects.get().status == "reserved"


def test_a_township_office_adds_to_its_own_catalogue(login, pingshan):
    client = login(pingshan.township_office)
    form = text(client.get(reverse("exchange:rewards")))
    assert "西柏坡镇" in form
    assert "温塘镇" not in form
    response = client.post(
        reverse("exchange:rewards"),
        {
            "township": pingshan.xibaipo.pk,
            "name": "西柏坡茶叶",
            "points": "80",
            "stock": "10",
            "place": "镇文明实践所",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert "西柏坡茶叶" in text(client.get(reverse("exchange:rewards")))


def test_a_bad_reward_keeps_what_was_typed_and_names_the_field(login, pingshan):
    page = text(
        login(pingshan.township_office).post(
            reverse("exchange:rewards"),
            {
                "township": pingshan.xibaipo.pk,
                "name": "西柏坡茶叶",
                "points": "0",
                "stock": "-1",
                "place": "",
            },
        )
    )
    assert 'value="西柏坡茶叶"' in page
    assert "积分：确保该值大于或等于1。" in page
    assert "库存：确保该值大于或等于0。" in page
    assert "领取地点：此项必填。" in page


def test_the_county_grants_a_bonus_by_volunteer_number(member, login, pingshan):
    client = login(pingshan.county_office)
    response = client.post(
        reverse("exchange:grant"),
        {"volunteer": member.number, "points": "30", "reason": "抗洪抢险"},
        follow=True,
    )
    assert "奖励积分已发放" in text(response)
    assert "抗洪抢险" in text(client.get(reverse("exchange:grant")))
    unknown = text(
        client.post(reverse("exchange:grant"), {"volunteer": "X-1", "points": "3", "reason": "x"})
    )
    assert "没有编号为 X-1 的志愿者" in unknown


def test_the_county_exports_with_a_reason_and_downloads_the_file(
    member, serve, login, pingshan, django_capture_on_commit_callbacks
):
    serve(120, user=member.user)
    client = login(pingshan.county_office)
    refused = text(client.post(reverse("exchange:national"), {"export-reason": ""}))
    assert "原因：此项必填。" in refused
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("exchange:national"), {"export-reason": "季度报送"})
    export = NationalExport.objects.get()
    assert response.url == reverse("exchange:export", args=[export.pk])
    page = text(client.get(response.url))
    assert "下载 XLSX" in page
    assert "季度报送" in page
    download = client.get(reverse("exchange:export_download", args=[export.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert download.content.startswith(b"PK")
    assert "季度报送" in text(client.get(reverse("exchange:national")))


def test_a_township_office_imports_but_does_not_export(
    member, login, pingshan, django_capture_on_commit_callbacks
):
    client = login(pingshan.township_office)
    page = text(client.get(reverse("exchange:national")))
    assert "导入志愿者的既往记录" in page
    assert 'name="export-reason"' not in page
    client.post(reverse("exchange:national"), {"export-reason": "x"})
    assert not NationalExport.objects.exists()
    from tests.volunteers.factories import id_number  # noqa: F401 - a registered ID below

    content = workbook([hours_row(member.user.name, _number_of(member))])
    upload = io.BytesIO(content)
    upload.name = "fuping.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("exchange:national"), {"import-file": upload, "import-origin": "阜平县"}
        )
    assert "已导入 1 条外部记录" in text(client.get(response.url))
    assert ExternalRecord.objects.get().origin == "阜平县"


def _number_of(member) -> str:
    from exchange.people import full_id_number

    return full_id_number(member)


def test_an_import_with_problems_lists_them_row_by_row(
    member, login, pingshan, django_capture_on_commit_callbacks
):
    content = workbook([hours_row("别人", _number_of(member))])
    upload = io.BytesIO(content)
    upload.name = "bad.xlsx"
    client = login(pingshan.county_office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("exchange:national"), {"import-file": upload, "import-origin": "x"}
        )
    page = text(client.get(response.url))
    assert "未导入任何记录" in page
    assert "“别人”与证件号码" in page


def test_a_file_that_is_not_xlsx_is_refused_on_the_form(login, pingshan):
    upload = io.BytesIO(b"a,b")
    upload.name = "records.csv"
    page = text(
        login(pingshan.county_office).post(
            reverse("exchange:national"), {"import-file": upload, "import-origin": "x"}
        )
    )
    assert "请上传从全国系统导出的 .xlsx 文件" in page


def test_my_page_shows_points_and_external_records(rich, login):
    page = text(login(rich).get(reverse("volunteers:me")))
    assert 'id="my-points"' in page
    assert "250" in page
    assert "外地记录" in page


def test_the_volunteer_downloads_a_transfer_package(member, serve, login):
    serve(120, user=member.user)
    client = login(member.user)
    assert "下载我的转移接续包" in text(client.get(reverse("exchange:my_records")))
    response = client.post(reverse("exchange:my_transfer"))
    assert response["Content-Type"] == "application/zip"
    assert response.content.startswith(b"PK")


def test_the_transfers_page_shows_the_key_and_refuses_a_tampered_package(login, pingshan):
    client = login(pingshan.county_office)
    page = text(client.get(reverse("exchange:transfers")))
    assert "BEGIN PUBLIC KEY" in page
    upload = io.BytesIO(b"PK\x03\x04 not really")
    upload.name = "package.zip"
    refused = text(
        client.post(reverse("exchange:transfers"), {"package-file": upload, "package-submit": "1"})
    )
    assert "这不是可读取的转移接续包" in refused


def test_the_dashboard_shows_points_issued_and_redeemed_by_township(rich, reward, login, pingshan):
    reward_redeem(reward=reward, volunteer=rich)
    county = text(login(pingshan.county_office).get(reverse("reports:dashboard")))
    assert "积分发放与兑换" in county
    assert "累计发放 250 · 兑换 100" in county
    township = text(login(pingshan.township_office).get(reverse("reports:dashboard")))
    assert "累计发放 250 · 兑换 100" in township
    other = text(login(pingshan.other_township_office).get(reverse("reports:dashboard")))
    assert "累计发放 0 · 兑换 0" in other
    station = text(login(pingshan.manager).get(reverse("reports:dashboard")))
    assert "积分发放与兑换" not in station


@pytest.mark.parametrize("count", [1, 3])
def test_the_points_page_costs_the_same_queries_for_one_or_three_redemptions(
    member, pingshan, county_reward, login, count, django_assert_num_queries
):
    points_grant(volunteer=member.user, points=1000, reason="x", actor=pingshan.county_office)
    county_reward.stock = 10
    county_reward.save()
    for _ in range(count):
        reward_redeem(reward=county_reward, volunteer=member.user)
    client = login(member.user)
    client.get(reverse("exchange:points"))  # warm: the session's user and grants
    with django_assert_num_queries(QUERIES):
        client.get(reverse("exchange:points"))


QUERIES = 11  # +1: the nav's unread badge (notices)
