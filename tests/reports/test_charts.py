"""The charts (issue #17): they scale to their card, stay legible on a phone, offer their
figures as a table, and draw Chinese with the Chinese font, whatever matplotlib's own
font cache knows. Any "Glyph … missing from font(s)" warning fails these tests."""

import logging
import re
import warnings
from contextlib import contextmanager
from datetime import date

import pytest
from django.urls import reverse

from core import figures
from reports import charts

STATIONS = ["西柏坡纪念馆红色驿站", "平山团纪念馆红色驿站", "李家庄中央统战部旧址红色驿站"]
MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]


@contextmanager
def no_missing_glyphs(caplog):
    """Fails on a missing glyph whether matplotlib warns it or logs it."""
    caplog.set_level(logging.WARNING, logger="matplotlib")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning raises, so the chart is not drawn
        yield
    logged = [r.getMessage() for r in caplog.records if r.name.startswith("matplotlib")]
    assert [m for m in logged if "Glyph" in m or "findfont" in m] == []


def drawn():
    return [
        charts.bar_chart(STATIONS, [120.5, 80.0, 3.5], title="按驿站（小时）"),
        charts.line_chart(MONTHS, [float(m) for m in range(12)], title="近12个月，按月份（小时）"),
    ]


def test_every_chart_draws_chinese_without_a_missing_glyph(caplog):
    with no_missing_glyphs(caplog):
        made = drawn()
    for svg in made:
        assert "font-family: 'Noto Sans CJK SC'" in svg
        assert "DejaVu" not in svg


def test_charts_find_the_chinese_font_even_when_matplotlib_s_cache_does_not_know_it(
    caplog, monkeypatch
):
    """A font cache built before fonts-noto-cjk was installed (or knowing only a .ttc's
    first face) would fall back to DejaVu Sans: the font is registered by file instead."""
    from matplotlib import font_manager

    manager = font_manager.fontManager
    monkeypatch.setattr(manager, "ttflist", [f for f in manager.ttflist if "CJK" not in f.name])
    manager._findfont_cached.cache_clear()
    figures.cjk_font.cache_clear()
    try:
        with no_missing_glyphs(caplog):
            made = drawn()
    finally:
        figures.cjk_font.cache_clear()
        manager._findfont_cached.cache_clear()
    assert all("Noto Sans CJK" in svg for svg in made)


def test_a_chart_scales_to_its_card_with_a_viewbox_and_no_fixed_size():
    for svg in drawn():
        root = svg[: svg.index(">")]
        assert "viewBox=" in root
        assert " width=" not in root
        assert " height=" not in root
        assert 'role="img"' in root


def test_every_label_is_at_least_12_px_on_a_390_px_phone():
    for svg in drawn():
        width, _height = figures.view_box(svg)
        sizes = [float(size) for size in re.findall(r"font-size: ([\d.]+)px", svg)]
        assert sizes
        smallest = min(sizes) * charts.PHONE_CARD_PX / width
        assert smallest >= charts.MIN_LABEL_PX, (smallest, width)


def test_long_names_are_cut_in_the_chart_and_whole_in_the_table(hours, pingshan, login):
    page = login(pingshan.county_office).get(reverse("reports:dashboard")).content.decode()
    assert page.count('<figure class="card chart">') == page.count('class="chart-data"') >= 2
    assert '<th scope="row">西柏坡纪念馆红色驿站</th>' in page


@pytest.fixture
def hours(pingshan, submit):
    from ledger.services import claim_approve

    for minutes, day in ((120, 3), (90, 4)):
        claim_approve(claim=submit(minutes, on=date(2026, 11, day)), actor=pingshan.county_office)


@pytest.mark.django_db
def test_the_dashboard_offers_each_chart_s_figures_as_a_table(hours, pingshan, login, caplog):
    with no_missing_glyphs(caplog):
        page = login(pingshan.county_office).get(reverse("reports:dashboard")).content.decode()
    for caption in ("按乡镇（小时）", "按驿站（小时）", "近12个月，按月份（小时）"):
        assert f'<caption class="visually-hidden">{caption}</caption>' in page
        assert f'aria-label="{caption}"' in page
    assert '<th scope="row">2026-11</th><td>3.5</td>' in page
    assert '<th scope="row">合计</th><td>3.5</td>' in page


@pytest.mark.django_db
def test_the_county_report_pdf_draws_its_chart_without_a_missing_glyph(hours, pingshan, login,
                                                                       caplog):  # fmt: skip
    params = {"kind": "month", "year": 2026, "number": 11, "format": "pdf"}
    with no_missing_glyphs(caplog):
        response = login(pingshan.county_office).get(reverse("reports:county"), params)
    assert response.status_code == 200
