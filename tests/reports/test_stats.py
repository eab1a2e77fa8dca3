from datetime import date, timedelta

import pytest
from django.db.models import Sum
from django.urls import reverse

from ledger.models import Entry
from ledger.services import claim_approve
from reports import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def hours(pingshan, submit, other_unit):
    for minutes, away, day in ((120, False, 3), (90, False, 4), (45, True, 5)):
        place = {"unit": other_unit, "station": pingshan.other_station} if away else {}
        claim = submit(minutes, on=date(2026, 11, day), **place)
        claim_approve(claim=claim, actor=pingshan.county_office)


def test_dashboard_figures_equal_the_entries(hours, pingshan):
    scope = selectors.scope_for(pingshan.county_office)
    figures = selectors.summary(pingshan.county_office, scope, today=date(2026, 11, 20))
    total = Entry.objects.aggregate(total=Sum("minutes"))["total"]
    assert figures["minutes_total"] == total == 255
    assert figures["minutes_this_month"] == 255
    by_township = {row["label"]: row["minutes"] for row in selectors.breakdown("township", scope)}
    direct = dict(Entry.objects.values_list("township__name").annotate(m=Sum("minutes")))
    assert by_township == direct


def test_a_township_office_sees_its_township_only(hours, pingshan):
    scope = selectors.scope_for(pingshan.township_office)
    figures = selectors.summary(pingshan.township_office, scope)
    assert figures["minutes_total"] == 210  # 120 + 90 at 西柏坡; 45 were at 温塘
    assert figures["volunteers_registered"] is None


def test_a_station_manager_sees_their_station(hours, pingshan):
    scope = selectors.scope_for(pingshan.manager)
    assert selectors.minutes_in(scope) == 210
    assert [row["label"] for row in selectors.breakdown("station", scope)] == [
        pingshan.station.name
    ]


@pytest.mark.parametrize(
    ("who", "status", "shows"),
    [("county_office", 200, "4.3"), ("township_office", 200, "3.5"), ("manager", 200, "3.5"),
     ("other_manager", 200, "0.8"), ("volunteer", 403, "没有权限"), ("leader", 403, "没有权限")],
)  # fmt: skip
def test_the_dashboard_as_each_role(hours, pingshan, login, who, status, shows):
    response = login(getattr(pingshan, who)).get(reverse("reports:dashboard"))
    page = response.content.decode()
    assert response.status_code == status
    assert shows in page
    if status == 200:
        assert "<svg" in page


def test_the_stats_api(hours, pingshan, login):
    body = login(pingshan.county_office).get("/api/v1/stats/summary").json()
    assert body["minutes_total"] == 255
    assert body["hours_total"] == "4.3"
    assert body["stations"] == 2
    rows = login(pingshan.county_office).get("/api/v1/stats/by/station").json()
    assert [row["minutes"] for row in rows] == [210, 45]
    denied = login(pingshan.volunteer).get("/api/v1/stats/summary")
    assert denied.status_code == 403
    assert denied.json()["detail"] == "您的角色无权查看统计。"


def test_public_verification_api(hours, pingshan, client):
    from reports.services import certificate_issue

    certificate = certificate_issue(volunteer=pingshan.volunteer)
    body = client.get(f"/api/v1/certificates/{certificate.serial}").json()
    assert body["status"] == "valid"
    assert body["hours"] == "4.3"
    assert pingshan.volunteer.name not in str(body)


def test_the_monthly_county_report_pdf(hours, pingshan, login):
    from tests.reports.conftest import pdf_text

    client = login(pingshan.county_office)
    page = client.get(reverse("reports:county"), {"kind": "month", "year": 2026, "number": 11})
    assert "4.3" in page.content.decode()
    response = client.get(
        reverse("reports:county"), {"kind": "month", "year": 2026, "number": 11, "format": "pdf"}
    )
    text = pdf_text(response.content)
    assert "平山县志愿服务统计报告" in text
    assert "2026年11月" in text
    assert "西柏坡镇" in text
    assert pingshan.station.name in text


def test_a_county_table_exports_to_xlsx(hours, pingshan, login):
    params = {"kind": "year", "year": 2026, "table": "station", "_export": "xlsx"}
    response = login(pingshan.county_office).get(reverse("reports:county"), params)
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]


def test_a_quarter_beyond_four_is_refused_on_the_field(pingshan, login):
    params = {"kind": "quarter", "year": 2026, "number": 7}
    page = login(pingshan.county_office).get(reverse("reports:county"), params).content.decode()
    assert "季度只能是1到4" in page


@pytest.mark.parametrize(("who", "status"), [("township_office", 200), ("manager", 403),
                                             ("volunteer", 403)])  # fmt: skip
def test_the_county_report_as_each_role(pingshan, login, who, status):
    assert login(getattr(pingshan, who)).get(reverse("reports:county")).status_code == status


def test_cached_charts_are_redrawn_when_the_ledger_moves(hours, pingshan, login, submit):
    client = login(pingshan.county_office)
    assert "温塘镇" in client.get(reverse("reports:dashboard")).content.decode()
    other = {"unit": _unit_in(pingshan, "130131105"), "station": pingshan.other_station}
    claim_approve(claim=submit(30, **other), actor=pingshan.county_office)
    assert "古月镇" in client.get(reverse("reports:dashboard")).content.decode()


def _unit_in(pingshan, code):
    from core.models import Region
    from ledger.services import unit_ensure

    return unit_ensure(
        key=f"station:x{code}", name="古月驿站", region=Region.objects.get(code=code)
    )


def test_active_volunteers_and_star_levels_equal_the_entries(pingshan, unit):
    from ledger import policies
    from ledger.services import entries_import
    from tests.volunteers.factories import VolunteerFactory

    people = [VolunteerFactory().user for _ in range(6)]
    served = [(0, 200, 5), (1, 7_000, 40), (2, 20_000, 100), (3, 40_000, 160), (4, 95_000, 400)]
    entries_import(rows=[
        {"source_key": f"paper:{who}:{n}", "volunteer": people[who], "unit": unit, "kind": "award",
         "minutes": hours * 60 // count, "service_date": date(2025, 1, 1) + timedelta(days=4 * n),
         "activity": "驿站服务", "township": unit.region}
        for who, hours, count in served for n in range(count)
    ])  # fmt: skip
    today = date(2026, 11, 20)
    figures = selectors.volunteer_figures(today=today)
    assert figures.active_since == date(2026, 8, 23)  # 90 days, today included
    direct = Entry.objects.filter(service_date__gte=figures.active_since)
    assert figures.active == direct.values("volunteer").distinct().count() == 2
    totals = dict(Entry.objects.values_list("volunteer").annotate(m=Sum("minutes")))
    levels = [policies.star_level(totals.get(person.pk, 0)) for person in people]
    assert figures.by_star == {level: levels.count(level) for level in range(6)}
    assert [row["hours"] for row in selectors.top_volunteers(limit=2)] == ["95000.0", "40000.0"]


def test_star_levels_and_activity_are_recounted_once_the_ledger_moves(pingshan, submit):
    from ledger.services import claim_approve
    from tests.volunteers.factories import VolunteerFactory

    volunteer = VolunteerFactory().user
    today = date(2026, 11, 20)
    before = selectors.volunteer_figures(today=today)
    assert (before.by_star[0], before.active) == (before.registered, 0)
    claim_approve(claim=submit(90, volunteer=volunteer, on=date(2026, 11, 2)),
                  actor=pingshan.manager)  # fmt: skip
    after = selectors.volunteer_figures(today=today)
    assert after.active == 1
    assert after.by_star[0] == after.registered == before.registered


def test_the_county_report_pdf_renders_without_weasyprint_warnings(hours, pingshan, login, caplog):
    import logging

    caplog.set_level(logging.WARNING, logger="weasyprint")
    params = {"kind": "month", "year": 2026, "number": 11, "format": "pdf"}
    response = login(pingshan.county_office).get(reverse("reports:county"), params)
    assert response.status_code == 200
    warned = [r for r in caplog.records if r.name.startswith("weasyprint")]
    assert [r.getMessage() for r in warned if r.levelno >= logging.WARNING] == []


def test_charts_take_month_and_number_labels_as_names(caplog):
    import logging

    from reports import charts

    caplog.set_level(logging.INFO, logger="matplotlib")
    line = charts.line_chart(["2026-01", "2026-02"], [1.0, 2.5], title="按月份")
    bars = charts.bar_chart(["1", "2"], [3.0, 4.0], title="星级")
    assert "2026-01" in line
    assert "2026-02" in line
    assert ">1<" in bars or "1</text>" in bars
    assert [r.getMessage() for r in caplog.records if "categorical" in r.getMessage()] == []
