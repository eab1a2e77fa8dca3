"""Reading roster files: headers in either language, the template round trip, and hostile
rosters as a township office sends them (formulas, a 10,000-character name, an emoji…)."""

import io
import json
import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from core.models import User
from tests.volunteers.factories import id_number, years_ago
from tests.volunteers.test_imports import HEADERS, as_csv, messages_by_row, row, upload
from volunteers.models import RosterImport, Volunteer
from volunteers.roster import header_field
from volunteers.services import roster_import_enqueue, roster_import_preview

pytestmark = pytest.mark.django_db

# Latin words a Chinese message may hold: the file formats and the X of an ID number.
LATIN_ALLOWED = re.compile(r"Excel|XLSX|CSV|\bX\b|--commit")
CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture
def places(pingshan):
    from tests.factories import VillageFactory

    VillageFactory(parent=pingshan.xibaipo, code="130131110201", name="西柏坡村")
    return pingshan


def wholly_chinese(message: str) -> bool:
    return not re.search(r"[A-Za-z]", LATIN_ALLOWED.sub("", message))


def workbook_bytes(rows, headers=HEADERS) -> bytes:
    """An XLSX as Excel saves it: a cell that starts with = is a live formula."""
    import openpyxl

    book = openpyxl.Workbook()  # noqa: TID251 - a hostile roster, not an export
    sheet = book.active
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- Headers -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("姓名", "name"),
        ("姓名*", "name"),
        (" 姓名 ＊ ", "name"),
        ("Name", "name"),
        ("name *", "name"),
        ("身份证号码", "id_number"),
        ("身份证号（18位）", "id_number"),
        ("ID number*", "id_number"),
        ("手机号", "mobile"),
        ("联系电话", "mobile"),
        ("乡镇*", "township"),
        ("村（社区）", "village"),
        ("Emergency contact's mobile", "emergency_contact_mobile"),
        ("紧急联系人手机号 *", "emergency_contact_mobile"),
        ("与监护人关系", "guardian_relationship"),
        ("序号", None),
        ("名字", None),
    ],
)
def test_a_header_names_its_column_whatever_the_active_language(language, header, field):
    with translation.override(language):
        assert header_field(header) == field


def test_a_title_row_above_the_headers_is_passed_over(places):
    content = as_csv([row("好成年人", id_number(years_ago(40), seq=1), "13600000001")])
    content = "平山县志愿者花名册\n".encode() + content.removeprefix(b"\xef\xbb\xbf")
    preview = roster_import_preview(filename="r.csv", content=content, actor=None)
    assert (preview.total_rows, preview.valid_rows) == (1, 1)
    assert preview.problems == []


def test_a_column_given_twice_is_refused_naming_both(places):
    headers = [*HEADERS, "身份证号码"]
    content = workbook_bytes([row("好成年人", id_number(years_ago(40)), "13600000001")], headers)
    with pytest.raises(ValidationError) as caught:
        roster_import_preview(filename="r.xlsx", content=content, actor=None)
    assert caught.value.messages == [
        "第 1 行（表头）：“身份证号”、“身份证号码” 几列都表示“身份证号”，请只保留一列。"
    ]


# --- The template, through the page and through the command ---------------------------------


def filled_template(client) -> bytes:
    """The template downloaded from the page, filled in as an office would (Chinese headers
    with their *), two volunteers, saved again."""
    import openpyxl

    response = client.get(reverse("volunteers:import_template"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert "姓名*" in headers
    people = [
        row("王红", id_number(years_ago(40), seq=21), "13600000021"),
        row("李兵", id_number(years_ago(12), seq=22), "13600000022", 监护人姓名="李父",
            监护人手机号="13600009922", 与监护人关系="父亲"),
    ]  # fmt: skip
    for person in people:
        sheet.append([dict(zip(HEADERS, person, strict=True))[h.rstrip("*")] for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_filled_template_imports_through_the_page(
    places, login, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from volunteers.tasks import roster_import_commit_task

    client = login(places.county_office)
    response = upload(client, "名册.xlsx", filled_template(client))
    preview = RosterImport.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "共 2 行：2 行可以导入，0 行有问题。" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("volunteers:import_commit", args=[preview.pk]))
    roster_import_commit_task.call(*DBTaskResult.objects.get().args_kwargs["args"])
    page = client.get(response["Location"]).content.decode()
    assert "已导入 2 名志愿者。" in page
    assert set(Volunteer.objects.values_list("user__name", flat=True)) == {"王红", "李兵"}


def test_the_same_template_imports_through_an_english_command_line(places, login, tmp_path):
    path = tmp_path / "名册.xlsx"
    path.write_bytes(filled_template(login(places.county_office)))
    out = StringIO()
    with translation.override("en"):
        call_command("import_volunteers", str(path), "--commit", stdout=out)
    assert "2 rows: 2 valid, 0 with problems." in out.getvalue()
    assert "2 volunteers imported." in out.getvalue()
    assert set(Volunteer.objects.values_list("user__name", flat=True)) == {"王红", "李兵"}


def test_the_template_keeps_id_numbers_as_text(places, login):
    import openpyxl

    response = login(places.county_office).get(reverse("volunteers:import_template"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert sheet.column_dimensions["B"].number_format == "@"  # 身份证号
    assert ("西柏坡镇", "130131110") in set(book.worksheets[2].iter_rows(values_only=True))


# --- A hostile roster ----------------------------------------------------------------------

LONG_NAME = "长" * 10_000
MINOR = id_number(years_ago(9), seq=39)
TWICE = id_number(years_ago(33), seq=33)


def hostile_rows() -> list[list]:
    """Rows 2..9: one problem each (two in row 2), then rows 10..12 blank or nearly."""
    checksum = id_number(years_ago(44), seq=34)
    checksum = checksum[:-1] + ("0" if checksum[-1] != "0" else "1")
    formula = row('=HYPERLINK("http://evil.example/","点我")', id_number(years_ago(41), seq=31),
                  "13600000031")  # fmt: skip
    formula[2] = "=13600000000+31"
    return [
        formula,
        row("=cmd|' /C calc'!A0", id_number(years_ago(42), seq=32), "13600000032"),
        row("校验位错", checksum, "13600000034"),
        row("重复甲", TWICE, "13600000035"),
        row("重复乙", TWICE, "13600000036"),
        row("没监护人", MINOR, "13600000037"),
        row("张三😀", id_number(years_ago(45), seq=38), "13600000038"),
        row(LONG_NAME, id_number(years_ago(46), seq=40), "13600000040"),
        [""] * len(HEADERS),
        ["  ", "\u3000", "\u200b", *[""] * (len(HEADERS) - 3)],
        [None] * len(HEADERS),
    ]


NO_FORMULA = (
    "此单元格不允许使用公式：请直接填写内容（在 Excel 中可复制该列，再“选择性粘贴”为数值）。"
)
EXPECTED = {
    2: [f"姓名、手机号：{NO_FORMULA}"],
    3: [f"姓名：{NO_FORMULA}"],
    4: ["身份证号：校验位不符，有数字填错了，请逐位核对。"],
    5: ["身份证号：与本文件第 6 行重复：请只保留其中一行。"],
    6: ["身份证号：与本文件第 5 行重复：请只保留其中一行。"],
    7: ["监护人姓名、监护人手机号、与监护人关系：志愿者现年 9 岁，须由监护人填写此项。"],
    8: ["姓名：姓名只能包含文字、空格和“·”等标点：请删去“😀”。"],
    9: ["姓名：内容过长：最多 50 个字符，这里有 10000 个，请删减。"],
}  # fmt: skip


@pytest.fixture
def hostile(places):
    return workbook_bytes(hostile_rows())


def test_a_hostile_roster_gets_one_chinese_message_per_problem(places, hostile):
    preview = roster_import_preview(filename="r.xlsx", content=hostile, actor=places.county_office)
    found = {p["row"]: p["messages"] for p in preview.problems}
    assert found == EXPECTED
    assert (preview.total_rows, preview.valid_rows) == (8, 0)
    assert all(wholly_chinese(m) for messages in found.values() for m in messages)


def test_a_hostile_roster_imports_nothing(places, hostile, tmp_path):
    users = User.objects.count()
    preview = roster_import_preview(filename="r.xlsx", content=hostile, actor=places.county_office)
    with pytest.raises(ValidationError, match="没有可以导入的行"):
        roster_import_enqueue(roster_import=preview, actor=places.county_office)
    path = tmp_path / "r.xlsx"
    path.write_bytes(hostile)
    out = StringIO()
    call_command("import_volunteers", str(path), "--commit", stdout=out)
    assert "共 8 行：0 行合格，8 行有问题。" in out.getvalue()
    assert "第 9 行（" + "长" * 30 + "…）：姓名：内容过长" in out.getvalue()
    assert (User.objects.count(), Volunteer.objects.count()) == (users, 0)


def test_a_ten_thousand_character_name_is_never_echoed_in_full(places, hostile, login):
    import openpyxl

    client = login(places.county_office)
    upload(client, "r.xlsx", hostile)
    preview = RosterImport.objects.get()
    page = client.get(reverse("volunteers:import_detail", args=[preview.pk])).content.decode()
    errors = client.get(reverse("volunteers:import_errors", args=[preview.pk]))
    cells = list(openpyxl.load_workbook(io.BytesIO(errors.content)).worksheets[0].values)
    for shown in (page, json.dumps(preview.problems, ensure_ascii=False), str(cells)):
        assert "长" * 31 not in shown
    assert "姓名：内容过长：最多 50 个字符，这里有 10000 个，请删减。" in page


def test_the_error_file_shows_formulas_as_text(places, hostile, login):
    import openpyxl

    client = login(places.county_office)
    upload(client, "r.xlsx", hostile)
    preview = RosterImport.objects.get()
    response = client.get(reverse("volunteers:import_errors", args=[preview.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    names = [sheet.cell(row=r, column=2) for r in (2, 3)]
    assert [cell.data_type for cell in names] == ["s", "s"]
    assert names[0].value.startswith("'=HYPERLINK(")  # cut to 30 characters, as shown
    assert names[1].value == "'=cmd|' /C calc'!A0"


def test_a_hostile_roster_with_a_wrong_header_gets_one_message_and_nothing_is_kept(places):
    headers = ["名字" if h == "姓名" else h for h in HEADERS]
    content = workbook_bytes(hostile_rows(), headers)
    with pytest.raises(ValidationError) as caught:
        roster_import_preview(filename="r.xlsx", content=content, actor=places.county_office)
    fix = "请按模板填写表头（模板可在导入页面下载）。"
    assert caught.value.messages == [
        f"第 1 行（表头）缺少这些列：“姓名”。无法识别的列：“名字”。{fix}"
    ]
    assert not RosterImport.objects.exists()


def test_the_wrong_header_is_named_on_the_page_and_by_the_command(places, login, tmp_path):
    headers = ["名字" if h == "姓名" else h for h in HEADERS]
    content = workbook_bytes(hostile_rows(), headers)
    page = upload(login(places.county_office), "r.xlsx", content).content.decode()
    assert "第 1 行（表头）缺少这些列：“姓名”。无法识别的列：“名字”。" in page
    path = tmp_path / "r.xlsx"
    path.write_bytes(content)
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="无法识别的列：“名字”"):
        call_command("import_volunteers", str(path))


def test_an_english_instance_says_it_all_in_english(places, hostile, settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        preview = roster_import_preview(filename="r.xlsx", content=hostile, actor=None)
    found = messages_by_row(preview)
    assert found[4] == "身份证号: The check character does not match: one of the digits is wrong."
    guardian = "监护人姓名, 监护人手机号, 与监护人关系"
    assert found[7] == f"{guardian}: The volunteer is 9: a guardian must fill this in."
    assert found[9] == "姓名: Too long: at most 50 characters, and this has 10000. Shorten it."
    for message in found.values():  # the file's own headers are Chinese; nothing else is
        assert not CJK.search(re.sub(r"^[^:]*:", "", message).replace("点我", ""))


def test_a_csv_cell_that_starts_a_formula_is_refused_too(places):
    content = as_csv([row("=1+1", id_number(years_ago(40), seq=51), "13600000051")])
    preview = roster_import_preview(filename="r.csv", content=content, actor=None)
    assert messages_by_row(preview) == {2: f"姓名：{NO_FORMULA}"}
