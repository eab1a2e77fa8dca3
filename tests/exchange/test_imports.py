"""Importing a national file as external records: good files, and every kind of bad one."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from exchange import selectors
from exchange.mapping import HOURS, VOLUNTEERS
from exchange.models import ExternalImport, ExternalRecord
from exchange.services import import_create
from ledger.models import Balance
from tests.volunteers.factories import VolunteerFactory, id_number

pytestmark = pytest.mark.django_db
ORIGIN = "河北省阜平县"


def workbook(hours_rows, *, volunteers_rows=None, hours_headers=None, title=HOURS.title):
    import openpyxl

    book = openpyxl.Workbook()  # noqa: TID251 - a national file as another system writes it
    sheet = book.active
    sheet.title = title
    sheet.append(hours_headers or HOURS.headers)
    for values in hours_rows:
        sheet.append(values)
    if volunteers_rows is not None:
        people = book.create_sheet(VOLUNTEERS.title)
        people.append(VOLUNTEERS.headers)
        for values in volunteers_rows:
            people.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def hours_row(name, number, *, minutes=120, day="2024-05-04", record="FP-1", kind="新增"):
    values = dict.fromkeys(HOURS.keys, "")
    values.update(
        record=record,
        record_type=kind,
        name=name,
        id_type="居民身份证",
        id_number=number,
        service_date=day,
        activity="阜平县敬老院慰问",
        place="阜平县敬老院",
        hours=round(minutes / 60, 2),
        minutes=minutes,
        unit="阜平县志愿者协会",
    )
    return [values[key] for key in HOURS.keys]


@pytest.fixture
def person(pingshan):
    number = id_number(date(1990, 3, 4), seq=33)
    return VolunteerFactory(township=pingshan.xibaipo, id_text=number, user__name="王建国"), number


def upload(actor, content, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        made = import_create(actor=actor, filename="fuping.xlsx", content=content, origin=ORIGIN)
    made.refresh_from_db()
    return made


def test_a_good_file_becomes_read_only_external_records_apart_from_the_ledger(
    person, pingshan, django_capture_on_commit_callbacks
):
    volunteer, number = person
    content = workbook(
        [hours_row("王建国", number), hours_row("王建国", number, minutes=45, record="FP-2")]
    )
    made = upload(pingshan.county_office, content, django_capture_on_commit_callbacks)
    assert (made.status, made.imported_rows, made.problems) == ("done", 2, [])
    assert made.payload == ""  # the file with its ID numbers is gone
    records = selectors.external_records_of(volunteer.user)
    assert sorted(r.minutes for r in records) == [45, 120]
    assert selectors.external_totals(volunteer.user)[0]["origin"] == ORIGIN
    assert selectors.external_totals(volunteer.user)[0]["hours"] == "2.8"
    assert not Balance.objects.filter(volunteer=volunteer.user).exists()  # never in the ledger


def test_importing_the_same_file_again_adds_nothing(
    person, pingshan, django_capture_on_commit_callbacks
):
    _volunteer, number = person
    content = workbook([hours_row("王建国", number)])
    upload(pingshan.county_office, content, django_capture_on_commit_callbacks)
    again = upload(pingshan.county_office, content, django_capture_on_commit_callbacks)
    assert (again.imported_rows, again.skipped_rows) == (0, 1)
    assert ExternalRecord.objects.count() == 1


def test_a_row_without_a_record_number_gets_a_stable_fingerprint(
    person, pingshan, django_capture_on_commit_callbacks
):
    _volunteer, number = person
    content = workbook([hours_row("王建国", number, record="")])
    upload(pingshan.county_office, content, django_capture_on_commit_callbacks)
    upload(pingshan.county_office, content, django_capture_on_commit_callbacks)
    assert ExternalRecord.objects.get().record_ref.startswith("sha256:")


def refused(made) -> list[tuple]:
    assert made.status == ExternalImport.Status.FAILED
    assert not ExternalRecord.objects.exists()
    return [(p["sheet"], p["row"], p["field"], p["message"]) for p in made.problems]


def test_a_wrong_sheet_is_refused_naming_the_sheet(
    person, pingshan, django_capture_on_commit_callbacks
):
    _volunteer, number = person
    content = workbook([hours_row("王建国", number)], title="Sheet1")
    made = upload(pingshan.county_office, content, django_capture_on_commit_callbacks)
    assert refused(made) == [
        ("", 0, "", "文件中没有名为“服务时长”的工作表（文件中的工作表：Sheet1）。")
    ]


def test_a_missing_column_is_refused_naming_the_column(
    person, pingshan, django_capture_on_commit_callbacks
):
    _volunteer, number = person
    headers = [h for h in HOURS.headers if h != "服务日期"]
    row = hours_row("王建国", number)
    del row[HOURS.headers.index("服务日期")]
    made = upload(
        pingshan.county_office,
        workbook([row], hours_headers=headers),
        django_capture_on_commit_callbacks,
    )
    assert refused(made) == [("服务时长", 1, "服务日期", "表中缺少这些列：服务日期。")]


def test_bad_rows_get_one_problem_each_in_chinese_and_nothing_is_imported(
    person, pingshan, django_capture_on_commit_callbacks
):
    _volunteer, number = person
    bad_checksum = number[:17] + ("0" if number[17] != "0" else "1")
    content = workbook(
        [
            hours_row("王建国", number),  # good, but the file as a whole is refused
            hours_row("王建国", bad_checksum, record="FP-2"),
            hours_row("李四", number, record="FP-3"),
            hours_row("王建国", number, record="FP-4", day="2024-13-01"),
            hours_row("王建国", number, record="FP-5", minutes=2000),
            hours_row("王建国", id_number(date(1991, 1, 1)), record="FP-6"),
        ]
    )
    made = upload(pingshan.county_office, content, django_capture_on_commit_callbacks)
    masked = number[:6] + "********" + number[-4:]
    problems = refused(made)
    assert (
        "服务时长",
        3,
        "证件号码",
        f"{bad_checksum[:6]}********{bad_checksum[-4:]}：校验位不符，有数字填错了，请逐位核对。",
    ) in problems
    assert ("服务时长", 4, "姓名", f"“李四”与证件号码 {masked} 的登记人不一致。") in problems
    assert ("服务时长", 5, "服务日期", "请按 YYYY-MM-DD 格式输入日期。") in problems
    assert any(p[1] == 6 and p[2] == "服务时长（小时）" for p in problems)
    assert any(p[1] == 7 and "尚未在本县注册为志愿者" in p[3] for p in problems)
    assert len(problems) == 5
    assert number not in str(made.problems)  # never a full ID number in a message


def test_the_volunteers_sheet_is_checked_too(person, pingshan, django_capture_on_commit_callbacks):
    _volunteer, number = person
    volunteers = [
        [
            "张三" if key == "name" else (number if key == "id_number" else "")
            for key in VOLUNTEERS.keys
        ]
    ]
    content = workbook([hours_row("王建国", number)], volunteers_rows=volunteers)
    problems = refused(upload(pingshan.county_office, content, django_capture_on_commit_callbacks))
    assert [(p[0], p[1], p[2]) for p in problems] == [("志愿者", 2, "姓名")]


def test_a_file_that_is_not_a_workbook_is_refused(pingshan, django_capture_on_commit_callbacks):
    made = upload(pingshan.county_office, b"not a spreadsheet", django_capture_on_commit_callbacks)
    assert "无法读取" in refused(made)[0][3]


def test_a_township_office_imports_only_for_its_own_volunteers(
    person, pingshan, django_capture_on_commit_callbacks
):
    _volunteer, number = person
    content = workbook([hours_row("王建国", number)])
    made = upload(pingshan.other_township_office, content, django_capture_on_commit_callbacks)
    assert "不属于您管辖的乡镇" in refused(made)[0][3]
    made = upload(pingshan.township_office, content, django_capture_on_commit_callbacks)
    assert made.status == "done"


@pytest.mark.parametrize("who", ["admin", "manager", "volunteer", "leader"])
def test_only_offices_import(pingshan, who):
    with pytest.raises(PermissionDenied):
        import_create(actor=getattr(pingshan, who), filename="x.xlsx", content=b"x")
