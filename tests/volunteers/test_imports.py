import csv
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from core.models import AuditEntry, RoleGrant, User
from tests.factories import VillageFactory
from tests.volunteers.factories import VolunteerFactory, id_number, years_ago
from volunteers.identity import decrypt
from volunteers.models import RosterImport, Volunteer
from volunteers.services import roster_import_commit, roster_import_preview

pytestmark = pytest.mark.django_db

HEADERS = [
    "姓名", "身份证号", "手机号", "乡镇", "村", "居住地", "服务类别", "专业技能", "可服务时间",
    "紧急联系人", "紧急联系人手机号", "政治面貌", "监护人姓名", "监护人手机号", "与监护人关系",
]  # fmt: skip
GOOD_ADULT = id_number(years_ago(45), seq=1)
GOOD_CHILD = id_number(years_ago(11), seq=2, male=False)
TWICE = id_number(years_ago(33), seq=3)


def row(name, number, mobile, township="西柏坡镇", village="西柏坡村", **extra):
    cells = {
        "居住地": "一组", "服务类别": "红色讲解、文艺演出", "专业技能": "合唱",
        "可服务时间": "周末", "紧急联系人": "家人", "紧急联系人手机号": "13999990000",
    }  # fmt: skip
    cells.update(extra)
    values = {"姓名": name, "身份证号": number, "手机号": mobile, "乡镇": township, "村": village}
    return [{**values, **cells}.get(header, "") for header in HEADERS]


def mixed_rows(existing_mobile):
    """Two good rows and one of every kind of problem, in file order (rows 2..11)."""
    return [
        row("好成年人", GOOD_ADULT, "13600000001"),
        row("好孩子", GOOD_CHILD, "13600000002", 监护人姓名="孩子爸", 监护人手机号="13600009999",
            与监护人关系="父亲"),
        row("校验位错", GOOD_ADULT[:-1] + ("0" if GOOD_ADULT[-1] != "0" else "1"), "13600000003"),
        row("重复甲", TWICE, "13600000004"),
        row("重复乙", TWICE, "13600000005"),
        row("手机已注册", id_number(years_ago(50), seq=6), existing_mobile),
        row("未知乡镇", id_number(years_ago(51), seq=7), "13600000007", township="火星镇"),
        row("村不对", id_number(years_ago(52), seq=8), "13600000008", village="温塘村"),
        row("没监护人", id_number(years_ago(9), seq=9), "13600000009"),
        row("手机号错", id_number(years_ago(53), seq=10), "1360000"),
        row("类别不对", id_number(years_ago(54), seq=11), "13600000011", 服务类别="跳舞"),
    ]  # fmt: skip


EXPECTED = {
    4: "身份证号：校验位不符",
    5: "身份证号：与本文件第 6 行重复",
    6: "身份证号：与本文件第 5 行重复",
    7: "手机号：该手机号已注册：请更正号码，或删去此行。",
    8: "乡镇：本县没有名为“火星镇”的乡镇：请填写乡镇全称或 9 位代码",
    9: "村：西柏坡镇没有名为“温塘村”的村：请填写村的全称或 12 位代码。",
    10: "监护人姓名、监护人手机号、与监护人关系：志愿者现年 9 岁，须由监护人填写此项。",
    11: "手机号：请输入以13至19开头的11位手机号。",
    12: "服务类别：“跳舞”不在可选范围内",
}


@pytest.fixture
def places(pingshan):
    VillageFactory(parent=pingshan.xibaipo, code="130131110201", name="西柏坡村")
    VillageFactory(parent=pingshan.wentang, code="130131102201", name="温塘村")
    return pingshan


@pytest.fixture
def existing(places):
    return VolunteerFactory(user__mobile="13600000006")


def as_csv(rows, encoding="utf-8-sig") -> bytes:
    buffer = StringIO()
    writer = csv.writer(buffer)  # noqa: TID251 - a roster to import
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def as_xlsx(rows) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()  # noqa: TID251 - a roster to import
    sheet = book.active
    sheet.append(HEADERS)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def messages_by_row(roster_import):
    return {p["row"]: "；".join(p["messages"]) for p in roster_import.problems}


@pytest.mark.parametrize(("name", "build"), [("roster.csv", as_csv), ("roster.xlsx", as_xlsx)])
def test_the_preview_names_every_problem_and_imports_nothing(places, existing, name, build):
    users_before = User.objects.count()
    preview = roster_import_preview(
        filename=name, content=build(mixed_rows("13600000006")), actor=places.county_office
    )
    found = messages_by_row(preview)
    assert (preview.total_rows, preview.valid_rows, preview.error_rows) == (11, 2, 9)
    assert set(found) == set(EXPECTED)
    for number, message in EXPECTED.items():
        assert message in found[number], (number, found[number])
    assert "须经监护人同意" not in found[10]  # the guardian signs the paper form itself
    assert User.objects.count() == users_before
    assert Volunteer.objects.count() == 1
    assert TWICE not in str(preview.problems)
    assert GOOD_ADULT not in preview.payload


@pytest.mark.parametrize(("name", "build"), [("roster.csv", as_csv), ("roster.xlsx", as_xlsx)])
def test_the_commit_imports_all_good_rows_as_active_paper_consented(places, existing, name, build):
    preview = roster_import_preview(
        filename=name, content=build(mixed_rows("13600000006")), actor=places.county_office
    )
    done = roster_import_commit(roster_import_id=preview.pk, waiting=False)
    adult = Volunteer.objects.get(user__mobile="13600000001")
    child = Volunteer.objects.get(user__mobile="13600000002")
    assert done.status == "done"
    assert done.imported_rows == 2
    assert done.payload == ""
    assert adult.status == child.status == "active"
    assert adult.number
    assert child.number
    assert adult.number != child.number
    assert adult.consent_source == "paper"
    assert adult.card_secret
    assert decrypt(adult.id_number_encrypted) == GOOD_ADULT
    assert adult.service_categories == ["red_guide", "arts"]
    assert adult.village.name == "西柏坡村"
    assert child.guardian_name == "孩子爸"
    assert child.guardian_relationship == "father"
    assert child.guardian_consent_at is not None
    assert not adult.user.has_usable_password()
    assert RoleGrant.objects.filter(user=adult.user, role="volunteer").exists()
    assert AuditEntry.objects.get(action="volunteer.import_commit").data["imported"] == 2
    again = roster_import_commit(roster_import_id=preview.pk, waiting=False)
    assert again.imported_rows == 2
    assert Volunteer.objects.count() == 3


def test_a_gbk_csv_from_chinese_excel_is_read(places):
    content = as_csv([row("好成年人", GOOD_ADULT, "13600000001")], encoding="gb18030")
    preview = roster_import_preview(filename="名册.csv", content=content, actor=None)
    assert preview.valid_rows == 1


def test_an_id_number_saved_as_a_number_in_excel_is_explained(places):
    values = row("数字身份证", "", "13600000001")
    values[1] = 130131199003070013
    preview = roster_import_preview(filename="r.xlsx", content=as_xlsx([values]), actor=None)
    assert "保存成了数字" in messages_by_row(preview)[2]


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("r.xlsx", b"PK\x03\x04 not really a zip", "无法读取该 XLSX 文件"),
        ("r.csv", b"", "文件是空的"),
        (
            "r.csv",
            "姓名,手机号\n张三,13600000001\n".encode(),
            "第 1 行（表头）缺少这些列：“身份证号”、“乡镇”、“村”",
        ),
        ("r.csv", b"\xff\xfe\x00\xd8bad", "既不是 UTF-8 也不是 GBK"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message(places, filename, content, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        roster_import_preview(filename=filename, content=content, actor=None)
    assert message in caught.value.messages[0]
    assert not RosterImport.objects.exists()


def test_a_file_with_too_many_rows_is_refused(places, settings):
    from django.core.exceptions import ValidationError

    settings.HONGYI_IMPORT_MAX_ROWS = 2
    rows = [row(f"人{i}", id_number(years_ago(30), seq=i), f"1360000000{i}") for i in range(3)]
    with pytest.raises(ValidationError, match="超过 2 行"):
        roster_import_preview(filename="r.csv", content=as_csv(rows), actor=None)


def test_a_township_office_imports_only_its_township(places):
    rows = [
        row("本镇", GOOD_ADULT, "13600000001"),
        row("外镇", TWICE, "13600000002", township="温塘镇", village="温塘村"),
    ]
    preview = roster_import_preview(
        filename="r.csv", content=as_csv(rows), actor=places.township_office
    )
    assert messages_by_row(preview) == {
        3: "乡镇：温塘镇 不在您所在文明办的管辖范围内：请交由该乡镇文明办导入此行。"
    }


def test_rows_that_became_invalid_after_the_preview_are_not_imported(places):
    preview = roster_import_preview(
        filename="r.csv", content=as_csv([row("后来者", GOOD_ADULT, "13600000001")]), actor=None
    )
    VolunteerFactory(id_text=GOOD_ADULT)
    done = roster_import_commit(roster_import_id=preview.pk, waiting=False)
    assert done.imported_rows == 0
    assert "该身份证号已登记" in messages_by_row(done)[2]


def upload(client, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("volunteers:import"), {"file": SimpleUploadedFile(name, content)})


def test_the_upload_page_previews_then_queues_the_commit_in_the_background(
    places, existing, login, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    client = login(places.county_office)
    assert "下载模板" in client.get(reverse("volunteers:import")).content.decode()
    response = upload(client, "roster.xlsx", as_xlsx(mixed_rows("13600000006")))
    preview = RosterImport.objects.get()
    assert response["Location"] == reverse("volunteers:import_detail", args=[preview.pk])
    page = client.get(response["Location"]).content.decode()
    assert "共 11 行：2 行可以导入，9 行有问题。" in page
    assert "本县没有名为“火星镇”的乡镇" in page
    assert "导入 2 行合格数据" in page
    assert TWICE not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("volunteers:import_commit", args=[preview.pk]))
    task = DBTaskResult.objects.get()
    assert task.task_path == "volunteers.tasks.roster_import_commit_task"
    assert task.args_kwargs == {"args": [str(preview.pk), "zh-hans"], "kwargs": {}}
    progress = client.get(response["Location"]).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in progress
    assert "排队中" in progress
    assert Volunteer.objects.count() == 1


def test_the_error_rows_download_as_xlsx_with_a_reason_column(places, existing, login):
    import openpyxl

    client = login(places.county_office)
    upload(client, "roster.csv", as_csv(mixed_rows("13600000006")))
    preview = RosterImport.objects.get()
    response = client.get(reverse("volunteers:import_errors", args=[preview.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert response["Content-Disposition"] == 'attachment; filename="roster-errors.xlsx"'
    assert rows[0] == ("行号", *HEADERS, "问题")
    assert len(rows) == 10
    assert rows[1][0] == 4
    assert "校验位不符" in rows[1][-1]
    assert TWICE not in str(rows)
    assert TWICE[:6] + "********" + TWICE[-4:] in str(rows)


def test_upload_limits_size_and_type(places, login, settings):
    client = login(places.county_office)
    page = upload(client, "roster.pdf", b"%PDF-1.4").content.decode()
    assert "名册文件：请上传 .xlsx 或 .csv 文件。" in page
    settings.HONGYI_IMPORT_MAX_BYTES = 1024
    page = upload(client, "roster.csv", b"x" * 2048).content.decode()
    assert "文件超过 0 MB" in page or "文件超过" in page
    page = upload(client, "roster.xlsx", b"not a zip at all").content.decode()
    assert "无法读取该 XLSX 文件" in page
    assert not RosterImport.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("county_office", 200), ("township_office", 200), ("leader", 403), ("volunteer", 403)],
)
def test_the_import_pages_as_each_role(places, login, client, who, status):
    assert login(getattr(places, who)).get(reverse("volunteers:import")).status_code == status
    assert client.get(reverse("volunteers:import")).status_code == 302


def test_another_office_cannot_see_or_commit_my_import(places, login):
    preview = roster_import_preview(
        filename="r.csv",
        content=as_csv([row("好成年人", GOOD_ADULT, "13600000001")]),
        actor=places.township_office,
    )
    other = login(places.other_township_office)
    assert other.get(reverse("volunteers:import_detail", args=[preview.pk])).status_code == 404
    assert other.post(reverse("volunteers:import_commit", args=[preview.pk])).status_code == 404
    county = login(places.county_office)
    assert county.get(reverse("volunteers:import_detail", args=[preview.pk])).status_code == 200


def test_discarding_erases_the_stored_file(places, login):
    client = login(places.county_office)
    upload(client, "roster.csv", as_csv([row("好成年人", GOOD_ADULT, "13600000001")]))
    preview = RosterImport.objects.get()
    client.post(reverse("volunteers:import_discard", args=[preview.pk]))
    preview.refresh_from_db()
    assert (preview.status, preview.payload) == ("discarded", "")
    page = client.post(reverse("volunteers:import_commit", args=[preview.pk]), follow=True)
    assert "该导入已处于“已放弃”状态。" in page.content.decode()


def test_the_template_has_every_column(places, login):
    import openpyxl

    response = login(places.county_office).get(reverse("volunteers:import_template"))
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    required = {"姓名", "身份证号", "手机号", "乡镇", "村", "服务类别", "可服务时间", "紧急联系人",
                "紧急联系人手机号"}  # fmt: skip
    starred = tuple(f"{h}*" if h in required else h for h in HEADERS)
    assert next(book.worksheets[0].iter_rows(values_only=True)) == starred
    assert "红色讲解" in str(list(book.worksheets[1].iter_rows(values_only=True)))


def test_the_command_checks_then_commits(places, existing, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(as_csv(mixed_rows("13600000006")))
    out = StringIO()
    call_command("import_volunteers", str(path), stdout=out)
    assert "第 8 行（未知乡镇）：乡镇：本县没有名为“火星镇”的乡镇" in out.getvalue()
    assert "共 11 行：2 行合格，9 行有问题。" in out.getvalue()
    assert "试运行：没有导入任何数据。" in out.getvalue()
    assert Volunteer.objects.count() == 1
    errors = tmp_path / "errors.xlsx"
    out = StringIO()
    call_command(
        "import_volunteers", str(path), "--commit", "--by", places.county_office.mobile,
        "--errors", str(errors), stdout=out,
    )  # fmt: skip
    assert "已导入 2 名志愿者。" in out.getvalue()
    assert Volunteer.objects.count() == 3
    assert errors.exists()
    assert AuditEntry.objects.get(action="volunteer.import_commit").actor == places.county_office


def test_the_command_says_what_is_wrong_with_its_arguments(places, tmp_path):
    with pytest.raises(CommandError, match=r"missing\.csv 不存在。"):
        call_command("import_volunteers", str(tmp_path / "missing.csv"))
    path = tmp_path / "r.csv"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="文件是空的"):
        call_command("import_volunteers", str(path))
    with pytest.raises(CommandError, match="没有以 13000000000 登录的用户。"):
        call_command("import_volunteers", str(path), "--by", "13000000000")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_background_worker_commits_and_the_progress_page_says_done(login):
    """Through the real queue: on_commit enqueues, ``db_worker --batch`` runs the task."""
    from core.models import Region
    from core.roles import Role
    from tests.factories import UserFactory

    VillageFactory(
        parent=Region.objects.get(code="130131110"), code="130131110201", name="西柏坡村"
    )
    office = UserFactory.with_role(Role.COUNTY_OFFICE, region=Region.objects.get(code="130131"))
    client = login(office)
    rows = [row("好成年人", GOOD_ADULT, "13600000001"), row("坏行", "123", "13600000002")]
    upload(client, "roster.csv", as_csv(rows))
    preview = RosterImport.objects.get()
    client.post(reverse("volunteers:import_commit", args=[preview.pk]))
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    page = client.get(reverse("volunteers:import_detail", args=[preview.pk])).content.decode()
    assert "已导入 1 名志愿者。" in page
    assert 'http-equiv="refresh"' not in page
    assert Volunteer.objects.get().user.name == "好成年人"


def test_an_import_stopped_by_a_worker_restart_can_be_committed_again(places, login):
    from datetime import timedelta

    from django.utils import timezone

    preview = roster_import_preview(
        filename="r.csv", content=as_csv([row("好成年人", GOOD_ADULT, "13600000001")]), actor=None
    )
    preview.status, preview.started_at = "running", timezone.now() - timedelta(minutes=20)
    preview.save()
    page = login(places.county_office).get(reverse("volunteers:import_detail", args=[preview.pk]))
    text = page.content.decode()
    assert "导入中途停止" in text
    assert 'http-equiv="refresh"' not in text
    assert "导入 1 行合格数据" in text
