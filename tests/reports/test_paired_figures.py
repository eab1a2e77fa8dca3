"""Every figure the site shows twice comes from one reading and agrees (issue #17): the
dashboard's totals and their breakdowns, and a volunteer's "我的", certificate and ledger.

Run on the demo data, where the disagreements were found: pending registrations with
hours, records imported out of date order, more townships than the chart draws.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse

from core.demo import demo_account
from core.quantities import format_hours
from core.roles import Role
from ledger.models import Entry
from ledger.selectors import effective_entries, volunteer_balance
from reports import selectors
from reports.services import certificate_issue
from reports.snapshot import build_many

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    call_command("seed_demo", "--scale", "small", stdout=StringIO())


def figure(page: str, element_id: str) -> str:
    return re.search(rf'id="{element_id}"[^>]*>\s*<span class="figure">([^<]+)<', page)[1]


def star_cells(page: str) -> list[int]:
    section = page[page.index('id="star-levels"') :]
    table = section[: section.index("</table>")]
    return [int(cell) for cell in re.findall(r"<td>(\d+)</td>", table)]


def tables(page: str) -> dict[str, list[tuple[str, str]]]:
    """Each chart's table beside it: caption → its (label, hours) rows."""
    found = {}
    for caption, body in re.findall(r"<caption[^>]*>([^<]+)</caption>(.*?)</table>", page, re.S):
        found[caption] = re.findall(r'<th scope="row">([^<]+)</th><td>([^<]+)</td>', body)
    return found


def test_the_dashboard_s_registered_volunteers_are_the_sum_of_its_star_levels(demo, login):
    page = login(demo_account(Role.COUNTY_OFFICE)).get(reverse("reports:dashboard")).content
    page = page.decode()
    registered = int(figure(page, "figure-registered"))
    *levels, together = star_cells(page)
    assert sum(levels) == together == registered
    assert int(figure(page, "figure-active")) <= registered


def test_every_breakdown_s_table_adds_up_to_the_dashboard_s_total_hours(demo, login):
    page = login(demo_account(Role.COUNTY_OFFICE)).get(reverse("reports:dashboard")).content
    page = page.decode()
    total = Entry.objects.aggregate(total=Sum("minutes"))["total"]
    shown = re.search(r'<span class="figure">([\d.]+)</span><br>累计服务小时', page)
    assert shown[1] == format_hours(total)
    found = tables(page)
    for title in ("按乡镇（小时）", "按驿站（小时）", "按服务项目（小时）", "按队伍（小时）"):
        *rows, (label, hours) = found[title]
        assert (label, hours) == ("合计", format_hours(total)), title
        rounding = 0.05 * len(rows)  # each row's hours are rounded to one decimal
        assert abs(sum(float(shown) for _name, shown in rows) - total / 60) <= rounding, title
    townships = selectors.breakdown("township", selectors.scope_for(demo_account(Role.ADMIN)),
                                    limit=500)  # fmt: skip
    assert sum(row["minutes"] for row in townships) == total
    assert len(found["按乡镇（小时）"]) == len(townships) + 1  # every township, then 合计


def test_this_month_and_the_90_days_name_their_periods(demo, login):
    page = login(demo_account(Role.COUNTY_OFFICE)).get(reverse("reports:dashboard")).content
    page = page.decode()
    figures = selectors.summary(demo_account(Role.COUNTY_OFFICE),
                                selectors.scope_for(demo_account(Role.COUNTY_OFFICE)))  # fmt: skip
    assert f"自 {figures['month_start']:%Y-%m-%d} 起" in page
    assert f"自 {figures['volunteers'].active_since:%Y-%m-%d} 起参与服务" in page


def test_my_page_the_certificate_and_the_ledger_state_the_same_hours_and_period(demo, login):
    volunteer = demo_account(Role.VOLUNTEER)
    client = login(volunteer)
    me = client.get(reverse("volunteers:me")).content.decode()
    balance = volunteer_balance(volunteer)
    standing = effective_entries(volunteer)
    assert standing.aggregate(m=Sum("minutes"))["m"] == balance.service_minutes
    newest = standing.order_by("-service_date").first().service_date
    certificate = certificate_issue(volunteer=volunteer, actor=volunteer)
    facts = certificate.snapshot
    issue = {"kind": "service", "issued_on": newest, "issuer": None, "officer_name": "",
             "with_seal": False}  # fmt: skip
    (batch,) = build_many(volunteers=[volunteer], serials=["X"], **issue)
    hours = re.search(r'id="my-hours-total">([\d.]+)<', me)[1]
    assert hours == facts["hours"] == batch["hours"] == balance.hours
    period = re.search(r'id="my-period">记录期间 (\S+) 至 (\S+)；', me).groups()
    assert list(period) == facts["period"] == batch["period"]
    assert facts["period"][1] == newest.isoformat()
    listed = re.findall(r"<li>(\d{4}-\d\d-\d\d) · ", me[me.index('id="my-period"') :])
    assert listed[0] == newest.isoformat()
    assert listed == sorted(listed, reverse=True)
    ledger_page = client.get(reverse("ledger:mine")).content.decode()
    assert f'<span class="figure">{balance.hours}</span>' in ledger_page
    verify = client.get(reverse("verify", args=[certificate.serial])).content.decode()
    assert balance.hours in verify


def test_the_stats_api_s_star_levels_sum_to_its_registered_volunteers(demo, login):
    body = login(demo_account(Role.COUNTY_OFFICE)).get("/api/v1/stats/summary").json()
    assert sum(body["volunteers_by_star"].values()) == body["volunteers_registered"]
    assert body["volunteers_active_90d"] <= body["volunteers_registered"]


def test_each_program_station_and_team_is_one_row_of_its_breakdown(demo):
    """A program recorded by a station and by a wish is one row, not two of one name."""
    scope = selectors.scope_for(demo_account(Role.ADMIN))
    for dimension in ("township", "station", "program", "team"):
        labels = [row["label"] for row in selectors.breakdown(dimension, scope, limit=500)]
        assert len(labels) == len(set(labels)), dimension
