"""Incremental national exports: what each file carries, who may make it, the audit."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditEntry
from exchange.errors import ExchangeError
from exchange.mapping import HOURS, TEAMS, VOLUNTEERS
from exchange.models import NationalExport
from exchange.services import export_create, export_file
from ledger.services import entry_correct, entry_reverse
from tests.volunteers.factories import join

pytestmark = pytest.mark.django_db


def sheets(content: bytes) -> dict[str, list[tuple]]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


def export(pingshan, django_capture_on_commit_callbacks, reason="报送全国系统"):
    with django_capture_on_commit_callbacks(execute=True):
        made = export_create(actor=pingshan.county_office, reason=reason)
    made.refresh_from_db()
    return made, sheets(export_file(export=made, actor=pingshan.county_office)[2])


@pytest.fixture
def served(serve, member, pingshan):
    join(member, pingshan.team)
    return [serve(120, user=member.user), serve(90, user=member.user)]


def test_the_first_export_carries_volunteers_teams_and_hours(
    served, member, pingshan, django_capture_on_commit_callbacks
):
    made, book = export(pingshan, django_capture_on_commit_callbacks)
    assert list(book) == [VOLUNTEERS.title, TEAMS.title, HOURS.title]
    assert list(book[HOURS.title][0]) == HOURS.headers
    volunteers = [dict(zip(VOLUNTEERS.headers, row, strict=True)) for row in book["志愿者"][1:]]
    assert [v["姓名"] for v in volunteers] == [member.user.name]
    full = volunteers[0]["证件号码"]
    assert len(full) == 18
    assert "*" not in full
    hours = [dict(zip(HOURS.headers, row, strict=True)) for row in book["服务时长"][1:]]
    assert [(h["服务时长（分钟）"], h["服务时长（小时）"], h["记录类型"]) for h in hours] == [
        (120, 2, "新增"),
        (90, 1.5, "新增"),
    ]
    assert hours[0]["证件号码"] == full
    assert hours[0]["记录编号"] == f"130131-{served[0].seq}"
    shown = timezone.localtime(served[0].approved_at).strftime("%Y-%m-%d %H:%M")
    assert hours[0]["确认时间"] == shown  # Asia/Shanghai, to the minute
    assert volunteers[0]["注册时间"] == (
        timezone.localtime(member.registered_at).strftime("%Y-%m-%d %H:%M")
    )
    assert (volunteers[0]["性别"], volunteers[0]["出生日期"]) == (
        member.get_gender_display(),
        member.birth_date.isoformat(),
    )
    assert (volunteers[0]["所在地区"], volunteers[0]["所在地区代码"]) == (
        member.township.name + member.village.name,
        member.village.code,
    )
    assert (volunteers[0]["服务类别"], volunteers[0]["可服务时间"]) == ("红色讲解", "周末")
    teams = [dict(zip(TEAMS.headers, row, strict=True)) for row in book["志愿团体"][1:]]
    assert {t["团体名称"]: t["成员人数"] for t in teams}[pingshan.team.name] == 1
    assert (made.volunteer_rows, made.hour_rows, made.status) == (1, 2, "done")


def test_a_second_export_right_after_the_first_is_empty(
    served, pingshan, django_capture_on_commit_callbacks
):
    export(pingshan, django_capture_on_commit_callbacks)
    made, book = export(pingshan, django_capture_on_commit_callbacks)
    assert made.is_empty
    assert [len(rows) for rows in book.values()] == [1, 1, 1]  # headers only


def test_after_one_correction_the_next_export_holds_exactly_that_correction(
    served, pingshan, django_capture_on_commit_callbacks
):
    export(pingshan, django_capture_on_commit_callbacks)
    entry_reverse(entry=served[1], actor=pingshan.manager, reason="重复记录")
    made, book = export(pingshan, django_capture_on_commit_callbacks)
    assert (made.volunteer_rows, made.team_rows, made.hour_rows) == (0, 0, 1)
    (row,) = [dict(zip(HOURS.headers, r, strict=True)) for r in book["服务时长"][1:]]
    assert (row["记录类型"], row["服务时长（分钟）"], row["备注"]) == ("更正", -90, "重复记录")
    assert row["更正的记录编号"] == f"130131-{served[1].seq}"


def test_a_changed_minutes_correction_exports_its_reversal_and_its_replacement(
    served, pingshan, django_capture_on_commit_callbacks
):
    export(pingshan, django_capture_on_commit_callbacks)
    entry_correct(entry=served[0], actor=pingshan.manager, minutes=60, reason="实际一小时")
    _made, book = export(pingshan, django_capture_on_commit_callbacks)
    rows = [dict(zip(HOURS.headers, r, strict=True)) for r in book["服务时长"][1:]]
    assert [(r["服务时长（分钟）"], r["更正的记录编号"]) for r in rows] == [
        (-120, f"130131-{served[0].seq}"),
        (60, f"130131-{served[0].seq}"),
    ]


def test_a_volunteer_whose_details_changed_is_exported_again(
    served, member, pingshan, django_capture_on_commit_callbacks
):
    export(pingshan, django_capture_on_commit_callbacks)
    member.skills = "摄影"
    member.save()
    made, book = export(pingshan, django_capture_on_commit_callbacks)
    assert made.volunteer_rows == 1
    assert book["志愿者"][1][VOLUNTEERS.headers.index("专业技能")] == "摄影"


def test_a_name_that_looks_like_a_formula_is_written_as_text(
    serve, pingshan, django_capture_on_commit_callbacks
):
    from tests.volunteers.factories import VolunteerFactory

    sly = VolunteerFactory(township=pingshan.xibaipo, user__name="=HYPERLINK(1)")
    serve(60, user=sly.user)
    _made, book = export(pingshan, django_capture_on_commit_callbacks)
    assert book["志愿者"][1][0] == "'=HYPERLINK(1)"


@pytest.mark.parametrize("who", ["township_office", "admin", "manager", "volunteer"])
def test_only_the_county_office_exports(pingshan, who):
    with pytest.raises(PermissionDenied):
        export_create(actor=getattr(pingshan, who), reason="x")
    assert not NationalExport.objects.exists()


def test_an_export_needs_a_reason_and_both_it_and_each_download_are_audited(
    served, pingshan, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError):
        export_create(actor=pingshan.county_office, reason="  ")
    made, _book = export(pingshan, django_capture_on_commit_callbacks, reason="季度报送")
    actions = list(AuditEntry.objects.filter(target_id=str(made.pk)).values_list("action", "data"))
    assert ("exchange.export_create", {"reason": "季度报送"}) in actions
    assert ("exchange.export_download", {"reason": "季度报送"}) in actions
    assert any(action == "exchange.export_done" for action, _data in actions)


def test_the_stored_file_is_encrypted(served, pingshan, django_capture_on_commit_callbacks):
    made, _book = export(pingshan, django_capture_on_commit_callbacks)
    with made.file.open("rb") as handle:
        stored = handle.read()
    assert not stored.startswith(b"PK")  # not a plain XLSX (ZIP) on disk
    assert b"130131" not in stored


def test_two_exports_at_once_are_refused(pingshan):
    export_create(actor=pingshan.county_office, reason="一")  # queued, not run (no commit)
    with pytest.raises(ExchangeError) as refused:
        export_create(actor=pingshan.county_office, reason="二")
    assert refused.value.code == "export_in_progress"


def test_an_export_whose_worker_died_is_written_when_its_page_is_opened(
    served, pingshan, login, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    stuck = NationalExport.objects.create(
        created_by=pingshan.county_office,
        reason="断电前",
        status="running",
        heartbeat=timezone.now() - timedelta(minutes=10),
    )
    with django_capture_on_commit_callbacks(execute=True):
        page = login(pingshan.county_office).get(reverse("exchange:export", args=[stuck.pk]))
    assert page.status_code == 200
    stuck.refresh_from_db()
    assert (stuck.status, stuck.hour_rows) == ("done", 2)
