"""How certificates are laid out and rendered fast: one page each, records summed per
service, many certificates in one document, the font check remembered."""

from datetime import date, timedelta

import pytest

from reports.rendering import MAX_ROWS, record_rows, render_certificates
from reports.services import certificate_issue
from tests.reports.conftest import pdf_qr_codes, pdf_text
from tests.volunteers.factories import VolunteerFactory


def _record(day: str, minutes: int, activity="我为游客办实事", place="西柏坡纪念馆") -> dict:
    return {"date": day, "activity": activity, "place": place, "content": f"{activity}志愿服务",
            "unit": f"{place}红色驿站", "minutes": minutes}  # fmt: skip


def test_records_of_one_service_are_one_row_with_their_period_count_and_hours():
    rows = record_rows([_record("2026-10-12", 180), _record("2026-10-08", 120),
                        _record("2026-10-09", 90, activity="红色微心愿")])  # fmt: skip
    assert [(r["activity"], r["first"], r["last"], r["count"], r["hours"]) for r in rows] == [
        ("我为游客办实事", "2026-10-08", "2026-10-12", 2, "5.0"),
        ("红色微心愿", "2026-10-09", "2026-10-09", 1, "1.5"),
    ]


def test_past_the_cap_the_smallest_services_are_summed_and_the_hours_still_add_up():
    first = date(2025, 1, 1)
    records = [
        _record((first + timedelta(days=n)).isoformat(), 60 + n, place=f"驿站{n}")
        for n in range(MAX_ROWS + 5)
    ]
    rows = record_rows(records)
    assert len(rows) == MAX_ROWS
    assert rows[-1]["activity"] == "其余 6 项服务"
    assert rows[-1]["count"] == 6
    assert (rows[-1]["first"], rows[-1]["last"]) == ("2025-01-01", "2025-01-06")
    assert sum(r["minutes"] for r in rows) == sum(r["minutes"] for r in records)


@pytest.mark.django_db
def test_a_batch_part_is_one_page_per_certificate_each_with_its_own_qr_code(pingshan, submit):
    from ledger.services import claim_approve

    volunteers = [VolunteerFactory().user for _ in range(3)]
    for n, volunteer in enumerate(volunteers):
        for day in range(12):  # a year of monthly service at one station
            claim = submit(90 + n, volunteer=volunteer, on=date(2025, 1 + day, 10))
            claim_approve(claim=claim, actor=pingshan.manager)
    certificates = [certificate_issue(volunteer=v) for v in volunteers]
    data = render_certificates([c.snapshot for c in certificates])
    import pypdfium2

    assert len(pypdfium2.PdfDocument(data)) == 3
    assert pdf_qr_codes(data) == [f"http://127.0.0.1:8000/verify/{c.serial}/" for c in certificates]
    text = pdf_text(data)
    assert "2025-01-10 至 2025-12-10" in text
    for volunteer in volunteers:
        assert volunteer.name in text


def test_weasyprint_still_has_the_user_agent_stylesheet_hook_we_replace():
    """Without it certificates would only get slower; this says so on an upgrade."""
    from weasyprint import HTML

    assert callable(HTML._ua_stylesheets)


@pytest.mark.django_db
def test_a_font_removed_after_a_render_is_noticed(served, pingshan, monkeypatch, tmp_path):
    from reports.fonts import MissingCJKFontError

    snapshot = certificate_issue(volunteer=pingshan.volunteer).snapshot
    assert render_certificates([snapshot]).startswith(b"%PDF")
    empty = tmp_path / "fonts.conf"
    empty.write_text('<?xml version="1.0"?><fontconfig><dir>/nonexistent</dir></fontconfig>')
    monkeypatch.setenv("FONTCONFIG_FILE", str(empty))
    with pytest.raises(MissingCJKFontError):
        render_certificates([snapshot])
