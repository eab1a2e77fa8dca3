"""External records on the certificate (frozen in its snapshot, never in its total), and
exchange's entries in the navigation."""

import re

import pytest

from exchange.models import ExternalImport, ExternalRecord
from reports.rendering import render_certificates
from reports.services import certificate_issue
from tests.reports.conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def external(member, pingshan):
    imported = ExternalImport.objects.create(
        kind="national", origin="河北省阜平县", filename="f.xlsx", status="done"
    )
    return ExternalRecord.objects.create(
        volunteer=member.user,
        source="national",
        origin="河北省阜平县",
        record_ref="FP-1",
        service_date="2024-05-04",
        activity="敬老院慰问",
        minutes=150,
        imported=imported,
    )


def test_the_certificate_states_external_records_apart_from_its_hours(
    serve, member, external, pingshan
):
    serve(120, user=member.user)
    certificate = certificate_issue(volunteer=member.user, actor=pingshan.county_office)
    snapshot = certificate.snapshot
    assert snapshot["minutes"] == 120  # the county's hours only
    assert snapshot["external"] == [
        {
            "origin": "河北省阜平县",
            "minutes": 150,
            "hours": "2.5",
            "count": 1,
            "first": "2024-05-04",
            "last": "2024-05-04",
        }
    ]
    text = pdf_text(render_certificates([snapshot]))
    assert "2.0 小时" in text
    assert re.search(
        r"外部记录.*不计入上述服务时长.*河北省阜平县 2\.5 小时", text.replace("\n", "")
    )


def test_a_certificate_without_external_records_has_no_such_line(serve, member, pingshan):
    serve(120, user=member.user)
    certificate = certificate_issue(volunteer=member.user, actor=pingshan.county_office)
    assert "external" not in certificate.snapshot


def test_the_verification_page_names_the_external_records(
    serve, member, external, pingshan, client
):
    certificate = certificate_issue(volunteer=member.user, actor=pingshan.county_office)
    page = client.get(f"/verify/{certificate.serial}/").content.decode()
    assert "外部记录（不计入）" in page
    assert "河北省阜平县 2.5" in page


@pytest.mark.parametrize(
    ("who", "shown", "hidden"),
    [
        ("volunteer", ["我的积分"], ["奖品核销", "积分奖品", "全国系统对接", "转移接续"]),
        ("manager", ["奖品核销"], ["积分奖品", "全国系统对接"]),
        ("township_office", ["奖品核销", "积分奖品", "全国系统对接"], ["转移接续"]),
        ("county_office", ["积分奖品", "全国系统对接", "转移接续"], []),
    ],
)
def test_the_navigation_shows_exchange_pages_by_role(pingshan, login, who, shown, hidden):
    menu = re.search(
        r"<nav .*?</nav>", login(getattr(pingshan, who)).get("/").content.decode(), re.DOTALL
    ).group(0)
    for label in shown:
        assert label in menu
    for label in hidden:
        assert label not in menu
