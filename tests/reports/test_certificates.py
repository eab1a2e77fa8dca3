import pytest
from django.urls import reverse

from core.models import AuditEntry
from ledger.services import entry_correct
from reports.models import Certificate
from reports.rendering import certificate_file
from reports.services import ReportError, certificate_issue, certificate_revoke
from reports.snapshot import hash_of
from tests.reports.conftest import pdf_qr_codes, pdf_text

pytestmark = pytest.mark.django_db


def test_the_certificate_states_every_required_fact(served, pingshan):
    certificate = certificate_issue(volunteer=pingshan.volunteer, actor=pingshan.county_office)
    _name, mimetype, data = certificate_file(certificate)
    text = pdf_text(data)
    assert mimetype == "application/pdf"
    for fact in (
        "志愿服务证明", pingshan.volunteer.name, "居民身份证", "6.5 小时",
        "2026-10-08 至 2026-10-12", "驿站讲解服务", "为游客讲解红色历史", "我为游客办实事",
        pingshan.station.name, "平山县新时代文明实践中心", "负责人", "经办人",
        pingshan.county_office.name, certificate.serial, "出具日期",
    ):  # fmt: skip
        assert fact in text, fact


def test_the_qr_code_opens_the_verification_page_with_the_same_hours(served, pingshan, client):
    certificate = certificate_issue(volunteer=pingshan.volunteer)
    _name, _mime, data = certificate_file(certificate)
    (url,) = pdf_qr_codes(data)
    assert url == f"http://127.0.0.1:8000/verify/{certificate.serial}/"
    page = client.get(url.removeprefix("http://127.0.0.1:8000")).content.decode()
    assert "6.5" in page
    assert "有效" in page
    assert pingshan.volunteer.name not in page  # the name is masked
    assert pingshan.volunteer.name[0] in page


def test_a_later_correction_leaves_the_old_certificate_as_it_was(served, pingshan, client):
    old = certificate_issue(volunteer=pingshan.volunteer)
    entry_correct(entry=served[0], actor=pingshan.manager, minutes=60, reason="核减")
    new = certificate_issue(volunteer=pingshan.volunteer)
    old.refresh_from_db()
    assert old.snapshot["hours"] == "6.5"
    assert new.snapshot["hours"] == "5.5"
    assert old.status == Certificate.Status.SUPERSEDED
    assert old.superseded_by == new
    page = client.get(reverse("verify", args=[old.serial])).content.decode()
    assert "6.5" in page
    assert "已被替代" in page


def test_the_snapshot_hash_covers_what_it_states(served, pingshan):
    from reports.snapshot import hash_of

    certificate = certificate_issue(volunteer=pingshan.volunteer)
    assert certificate.snapshot_hash == hash_of(certificate.snapshot)
    assert hash_of({**certificate.snapshot, "hours": "99.0"}) != certificate.snapshot_hash


def test_serial_numbers_are_unique_and_hard_to_guess(served, pingshan):
    serials = {certificate_issue(volunteer=pingshan.volunteer).serial for _ in range(5)}
    assert len(serials) == 5
    assert all(s.startswith("2026-") and len(s) == 16 for s in serials)


def test_a_revoked_certificate_says_so_with_the_reason(served, pingshan, client):
    certificate = certificate_issue(volunteer=pingshan.volunteer)
    with pytest.raises(ReportError):
        certificate_revoke(certificate=certificate, actor=pingshan.county_office, reason=" ")
    certificate_revoke(certificate=certificate, actor=pingshan.county_office, reason="信息有误")
    page = client.get(reverse("verify", args=[certificate.serial])).content.decode()
    assert "已撤销" in page
    assert "信息有误" in page
    assert AuditEntry.objects.filter(action="certificate.revoke").exists()


def test_an_unknown_serial_is_a_clear_404(client):
    response = client.get(reverse("verify", args=["2026-999999-XXXX"]))
    assert response.status_code == 404
    assert "没有编号为" in response.content.decode()


def test_a_star_certificate_needs_a_star(served, pingshan):
    with pytest.raises(ReportError) as refused:
        certificate_issue(volunteer=pingshan.volunteer, kind=Certificate.Kind.STAR)
    assert refused.value.code == "no_star_level"


def test_a_star_certificate_for_a_one_star_volunteer(pingshan, submit):
    from datetime import date, timedelta

    from ledger.services import claim_approve

    for n in range(10):  # 10 × 10 hours = 100 hours
        claim = submit(600, on=date(2026, 1, 1) + timedelta(days=n))
        claim_approve(claim=claim, actor=pingshan.manager)
    certificate = certificate_issue(volunteer=pingshan.volunteer, kind=Certificate.Kind.STAR)
    text = pdf_text(certificate_file(certificate)[2])
    assert "星级志愿者荣誉证书" in text
    assert "1星级" in text


def test_rendering_refuses_without_a_cjk_font(served, pingshan, monkeypatch):
    from reports import fonts

    certificate = certificate_issue(volunteer=pingshan.volunteer)
    monkeypatch.setenv("PATH", "/nonexistent")  # fontconfig's fc-list cannot be found
    with pytest.raises(fonts.MissingCJKFontError, match="fonts-noto-cjk"):
        certificate_file(certificate)


def test_the_certificate_carries_the_masked_id_and_the_volunteer_number(pingshan, submit):
    from datetime import date

    from ledger.services import claim_approve
    from tests.volunteers.factories import VolunteerFactory, id_number

    full = id_number(date(1990, 5, 17), seq=123)
    profile = VolunteerFactory(id_text=full)
    claim_approve(claim=submit(90, volunteer=profile.user), actor=pingshan.manager)
    certificate = certificate_issue(volunteer=profile.user)
    text = pdf_text(certificate_file(certificate)[2])
    assert profile.number in text
    assert profile.id_number_masked in text
    assert full not in text
    assert full not in str(certificate.snapshot)


def test_the_download_without_a_cjk_font_is_a_clear_page(served, pingshan, login, monkeypatch):
    certificate = certificate_issue(volunteer=pingshan.volunteer)
    monkeypatch.setenv("PATH", "/nonexistent")
    response = login(pingshan.volunteer).get(reverse("reports:pdf", args=[certificate.serial]))
    assert response.status_code == 503
    assert "fonts-noto-cjk" in response.content.decode()
    assert "服务器未安装中文字体" in response.content.decode()


def test_issuing_many_at_once_states_the_same_as_one_by_one(served, pingshan, submit):
    """Batch printing issues a part in a few queries; what each certificate says, its
    number, the supersession of earlier ones and the audit trail are the same."""
    from ledger.services import claim_approve
    from reports.services import certificates_issue_many
    from tests.volunteers.factories import VolunteerFactory

    other = VolunteerFactory().user
    claim_approve(claim=submit(75, volunteer=other), actor=pingshan.manager)
    office = pingshan.county_office
    singles = [certificate_issue(volunteer=v, actor=office) for v in (pingshan.volunteer, other)]
    many = certificates_issue_many(volunteers=[pingshan.volunteer, other], actor=office)
    for single, batched in zip(singles, many, strict=True):
        single.refresh_from_db()
        assert {**batched.snapshot, "serial": ""} == {**single.snapshot, "serial": ""}
        assert (single.status, single.superseded_by) == (Certificate.Status.SUPERSEDED, batched)
        assert batched.status == Certificate.Status.VALID
        assert batched.snapshot_hash == hash_of(batched.snapshot)
    assert len({c.serial for c in [*singles, *many]}) == 4
    assert AuditEntry.objects.filter(action="certificate.issue").count() == 4


@pytest.mark.parametrize("language", [None, "en"])
def test_a_self_printed_certificate_names_its_officer_in_chinese_in_any_language(
    pingshan, language
):
    from django.utils import translation

    from reports.services import certificates_issue_many

    with translation.override(language):
        single = certificate_issue(volunteer=pingshan.volunteer)
        (batch,) = certificates_issue_many(volunteers=[pingshan.volunteer])
    assert single.snapshot["issuer"]["officer"] == "本人自助打印"
    assert batch.snapshot["issuer"]["officer"] == "本人自助打印"


def test_the_qr_code_follows_the_public_url_setting(served, pingshan, settings):
    settings.HONGYI_PUBLIC_URL = "https://hongyi.example.cn/pingshan"
    certificate = certificate_issue(volunteer=pingshan.volunteer)
    _name, _mime, data = certificate_file(certificate)
    assert pdf_qr_codes(data) == [
        f"https://hongyi.example.cn/pingshan/verify/{certificate.serial}/"
    ]
