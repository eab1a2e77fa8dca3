"""Statistics by kind, township, station and month: filed, fulfilled, median days to
fulfil, the share overdue and satisfaction, each within the reader's scope; the map."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.wishes.conftest import at, jpeg
from wishes.selectors import headline, statistics
from wishes.services import (
    Helper,
    wish_accept,
    wish_claim,
    wish_decline,
    wish_rate,
    wish_resolve,
)

YEAR = (date(2026, 1, 1), date(2027, 1, 1))


@pytest.fixture
def year_of_wishes(file, pingshan, helper, other_station):
    """西柏坡: three wishes (fulfilled in 1 and 3 days, rated 5 and 3; one declined) and a
    visitor's request done late; 温塘: one open, overdue. March and April 2026."""

    def fulfil(wish, days, stars=None):
        start = wish.filed_at
        wish_accept(wish=wish, actor=pingshan.county_office, now=start)
        wish_claim(wish=wish, user=helper, now=start)
        done = start.replace(day=start.day + days)
        wish_resolve(wish=wish, actor=helper, note="好", helpers=[Helper(helper, 30)], now=done)
        if stars:
            wish_rate(wish=wish, stars=stars, now=done)

    fulfil(file(now=at(2026, 3, 2, 9), latitude=Decimal("38.35"), longitude=Decimal("113.95")),
           1, 5)  # fmt: skip
    fulfil(file(now=at(2026, 3, 9, 9)), 3, 3)
    wish_decline(wish=file(now=at(2026, 4, 1, 9)), actor=pingshan.manager, reason="重复")
    fulfil(file("visitor", now=at(2026, 4, 6, 9)), 5)  # one working day allowed: late
    file("snapshot", title="路灯坏了", photos=[jpeg()], station=other_station,
         now=at(2026, 4, 7, 9))  # fmt: skip


def rows(user, by):
    return {r["label"]: r for r in statistics(user=user, start=YEAR[0], stop=YEAR[1], by=by,
                                                today=date(2026, 5, 1))}  # fmt: skip


def test_by_kind(year_of_wishes, pingshan):
    figures = rows(pingshan.county_office, "kind")
    wish = figures["红色微心愿"]
    assert (wish["filed"], wish["fulfilled"], wish["declined"]) == (3, 2, 1)
    assert wish["median_days"] == 2.0
    assert wish["satisfaction"] == 4.0
    assert wish["overdue_share"] == 0.0
    assert figures["游客求助"]["overdue_share"] == 100.0
    assert figures["随手拍"]["fulfilled"] == 0
    assert figures["随手拍"]["overdue_share"] == 100.0  # open and past its 3 working days


def test_by_township_station_and_month(year_of_wishes, pingshan):
    assert rows(pingshan.county_office, "township")["西柏坡镇"]["filed"] == 4
    assert rows(pingshan.county_office, "township")["温塘镇"]["filed"] == 1
    assert rows(pingshan.county_office, "station")[pingshan.station.name]["fulfilled"] == 3
    months = rows(pingshan.county_office, "month")
    assert (months["2026-03"]["filed"], months["2026-04"]["filed"]) == (2, 3)


def test_each_reader_sees_only_their_scope(year_of_wishes, pingshan):
    assert set(rows(pingshan.township_office, "township")) == {"西柏坡镇"}
    assert set(rows(pingshan.other_manager, "township")) == {"温塘镇"}
    assert rows(pingshan.volunteer, "township") == {}


def test_the_headline_counts_open_and_overdue_now(year_of_wishes, pingshan):
    figures = headline(user=pingshan.county_office, start=YEAR[0], stop=YEAR[1])
    assert figures["filed"] == 5
    assert figures["open_now"] == 1
    assert figures["overdue_now"] == 1


def test_the_statistics_page_shows_the_tables_and_the_map(year_of_wishes, pingshan, login):
    page = login(pingshan.county_office).get(reverse("wishes:stats"), {"year": 2026})
    html = page.content.decode()
    assert page.status_code == 200
    assert "红色微心愿" in html
    assert "2026-04" in html
    assert 'viewBox="0 0' in html
    assert 'aria-label="心愿与求助分布（2026年）"' in html


def test_the_map_draws_without_a_missing_glyph_warning(year_of_wishes, pingshan, recwarn):
    from wishes.geo import county_outline
    from wishes.maps import cluster_map_svg

    stations = [("西柏坡纪念馆红色驿站", 113.95, 38.35)]
    points = [(113.95, 38.35), (114.0, 38.3)]
    svg = cluster_map_svg(county_outline(), points, stations, title="心愿与求助分布")
    assert svg.startswith("<svg")
    assert "viewBox" in svg
    assert not [w for w in recwarn if "Glyph" in str(w.message)]


def test_the_county_outline_is_pingshans_and_holds_xibaipo():
    from wishes.geo import county_outline

    outline = county_outline("130131")
    west, south, east, north = outline.bounds
    assert 113.4 < west < east < 114.4
    assert 38.1 < south < north < 38.8
    assert outline.contains(113.95, 38.35)  # 西柏坡
    assert not outline.contains(114.5, 38.04)  # 石家庄 city centre
    assert county_outline("999999") is None


def test_the_dashboard_shows_the_years_figures_and_the_map(file, pingshan, login):
    file(latitude=Decimal("38.35"), longitude=Decimal("113.95"))
    page = login(pingshan.township_office).get(reverse("reports:dashboard")).content.decode()
    assert "心愿与求助" in page
    assert 'aria-label="心愿与求助分布' in page


def test_the_county_report_pdf_carries_the_wish_section_and_map(year_of_wishes, pingshan, login,
                                                                caplog):  # fmt: skip
    import logging

    from tests.reports.conftest import pdf_text

    caplog.set_level(logging.WARNING, logger="weasyprint")
    params = {"kind": "year", "year": 2026, "number": 1, "format": "pdf"}
    response = login(pingshan.county_office).get(reverse("reports:county"), params)
    text = pdf_text(response.content)
    assert "红色微心愿 · 游客求助 · 随手拍" in text
    assert "本期提交 5 件" in text
    assert "游客求助" in text
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
