import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.models import AuditEntry
from tests.volunteers.factories import VolunteerFactory, join
from volunteers.cards import qr_svg
from volunteers.selectors import volunteer_by_card_secret
from volunteers.services import card_rotate

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def member(pingshan):
    volunteer = VolunteerFactory(user__name="张小兵", township=pingshan.xibaipo)
    join(volunteer, pingshan.team)
    return volunteer


def test_the_card_page_shows_name_number_team_and_the_secrets_qr_code(member, login):
    page = login(member.user).get(reverse("volunteers:card")).content.decode()
    assert "张小兵" in page
    assert member.number in page
    assert "平山红第二合唱队" in page
    assert qr_svg(member.card_secret) in page
    assert member.card_secret not in page.replace(qr_svg(member.card_secret), "")


def test_the_printable_card_is_a_pdf_with_name_number_and_team(member, login):
    response = login(member.user).get(reverse("volunteers:card_pdf"))
    text = pdf_text(response.content)
    assert response["Content-Type"] == "application/pdf"
    assert "张小兵" in text
    assert member.number in text
    assert "平山红第二合唱队" in text
    assert "平山县志愿者证" in text


def test_no_pdf_without_a_chinese_font_and_a_clear_message(member, login, monkeypatch, tmp_path):
    empty = tmp_path / "fonts.conf"
    empty.write_text('<?xml version="1.0"?><fontconfig><dir>/nonexistent</dir></fontconfig>')
    monkeypatch.setenv("FONTCONFIG_FILE", str(empty))
    response = login(member.user).get(reverse("volunteers:card_pdf"))
    assert response.status_code == 503
    assert "服务器未安装中文字体，无法生成 PDF" in response.content.decode()


def test_renewing_the_card_voids_the_old_secret(member, login):
    old = member.card_secret
    assert volunteer_by_card_secret(old) == member
    login(member.user).post(reverse("volunteers:card_renew"))
    member.refresh_from_db()
    assert member.card_secret != old
    assert volunteer_by_card_secret(old) is None
    assert volunteer_by_card_secret(member.card_secret) == member
    assert AuditEntry.objects.get(action="volunteer.card_rotate").actor == member.user


def test_an_office_can_issue_a_new_card(member, pingshan, login):
    old = member.card_secret
    login(pingshan.township_office).post(reverse("volunteers:staff_card_renew", args=[member.pk]))
    assert volunteer_by_card_secret(old) is None
    response = login(pingshan.other_township_office).post(
        reverse("volunteers:staff_card_renew", args=[member.pk])
    )
    assert response.status_code == 404


def test_a_suspended_volunteers_card_is_not_found(member, pingshan):
    member.status = "suspended"
    member.save()
    assert volunteer_by_card_secret(member.card_secret) is None
    assert volunteer_by_card_secret("") is None


def test_card_secrets_avoid_confusable_characters_and_are_not_the_key(pingshan):
    volunteer = VolunteerFactory()
    secrets = {card_rotate(volunteer=volunteer, actor=None).card_secret for _ in range(50)}
    assert len(secrets) == 50
    assert not set("".join(secrets)) & set("o0O1iIlL")
    assert str(volunteer.pk) not in secrets


@pytest.mark.parametrize("url_name", ["volunteers:card", "volunteers:card_pdf"])
def test_only_the_active_owner_has_a_card(pingshan, login, client, url_name):
    pending = VolunteerFactory(status="pending")
    assert login(pending.user).get(reverse(url_name)).status_code == 404
    assert login(pingshan.county_office).get(reverse(url_name)).status_code == 404
    assert client.get(reverse(url_name)).status_code == 302
