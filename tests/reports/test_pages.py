import pytest
from django.urls import reverse

from reports.services import certificate_issue

pytestmark = pytest.mark.django_db


def test_a_volunteer_prints_their_own_certificate_for_free(served, pingshan, login):
    client = login(pingshan.volunteer)
    response = client.post(reverse("reports:mine"), {"kind": "service"}, follow=True)
    page = response.content.decode()
    assert "已出具" in page
    certificate = pingshan.volunteer.certificates.get()
    pdf = client.get(reverse("reports:pdf", args=[certificate.serial]))
    assert pdf["Content-Type"] == "application/pdf"
    assert certificate.snapshot["issuer"]["officer"] == "本人自助打印"


def test_someone_elses_certificate_is_not_found(served, pingshan, login):
    certificate = certificate_issue(volunteer=pingshan.volunteer)
    url = reverse("reports:pdf", args=[certificate.serial])
    assert login(pingshan.leader).get(url).status_code == 404
    assert login(pingshan.township_office).get(url).status_code == 404
    assert login(pingshan.county_office).get(url).status_code == 200


def test_staff_issue_on_request_by_mobile_number(served, pingshan, login):
    client = login(pingshan.county_office)
    data = {"issue-mobile": pingshan.volunteer.mobile, "issue-kind": "service"}
    response = client.post(reverse("reports:staff"), data, follow=True)
    assert "已出具" in response.content.decode()
    assert pingshan.volunteer.certificates.get().snapshot["issuer"]["officer"] == (
        pingshan.county_office.name
    )


def test_an_unknown_mobile_is_named_and_kept(pingshan, login):
    data = {"issue-mobile": "13999999999", "issue-kind": "service"}
    page = login(pingshan.county_office).post(reverse("reports:staff"), data).content.decode()
    assert "没有使用该手机号的志愿者" in page
    assert 'value="13999999999"' in page


@pytest.mark.parametrize("who", ["township_office", "manager", "volunteer"])
def test_only_the_county_issues_for_others(pingshan, login, who):
    assert login(getattr(pingshan, who)).get(reverse("reports:staff")).status_code == 403


def test_revoking_from_the_staff_page(served, pingshan, login):
    certificate = certificate_issue(volunteer=pingshan.volunteer)
    url = reverse("reports:revoke", args=[certificate.serial])
    login(pingshan.county_office).post(url, {"reason": "重复出具"})
    certificate.refresh_from_db()
    assert (certificate.status, certificate.status_reason) == ("revoked", "重复出具")
