"""One walk over every page, export, download and API response that shows a volunteer.

The full ID number may appear in exactly one place: the county office's reveal page.
"""

import io
import logging

import pytest
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from pypdf import PdfReader

from core.models import AuditEntry, User
from tests.volunteers.factories import VolunteerFactory, id_number, join, years_ago
from tests.volunteers.test_imports import HEADERS, as_csv, as_xlsx, row
from volunteers.models import RosterImport
from volunteers.services import roster_import_preview

pytestmark = pytest.mark.django_db

FULL = id_number(years_ago(12), seq=88, male=False)
GUARDED = id_number(years_ago(41), seq=87)


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    if "spreadsheetml" in response.get("Content-Type", ""):
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return str([list(s.iter_rows(values_only=True)) for s in book.worksheets])
    return content.decode("utf-8", errors="replace")


@pytest.fixture
def world(pingshan):
    child = VolunteerFactory(
        id_text=FULL, township=pingshan.xibaipo, guardian_name="监护人", user__name="小讲解员"
    )
    adult = VolunteerFactory(id_text=GUARDED, township=pingshan.xibaipo, user__name="队员")
    pending = VolunteerFactory(status="pending", township=pingshan.xibaipo)
    pingshan.team.minors_allowed = True
    pingshan.team.save()
    join(child, pingshan.team)
    join(adult, pingshan.team)
    return pingshan, child, adult, pending


def visits(pingshan, child, adult, pending, roster):
    """(user, method, url, data) for every volunteer-facing view, as whoever may see it."""
    staff = [pingshan.county_office, pingshan.township_office, pingshan.leader, pingshan.admin]
    lists = [reverse("volunteers:list"), reverse("volunteers:review")]
    lists += [f"{reverse('volunteers:list')}?_export={fmt}" for fmt in ("csv", "xlsx")]
    lists += [f"{reverse('volunteers:list')}?q={FULL}", "/api/v1/volunteers/"]
    lists += [f"/api/v1/volunteers/{child.number}", f"/api/v1/volunteers/{adult.number}"]
    lists += [reverse("volunteers:team_list"), reverse("volunteers:team_detail", args=[1])]
    details = [reverse("volunteers:detail", args=[v.pk]) for v in (child, adult, pending)]
    team = reverse("volunteers:team_detail", args=[pingshan.team.pk])
    for user in staff:
        yield from ((user, "get", url, None) for url in [*lists, *details, team])
    imports = [reverse("volunteers:import_detail", args=[roster.pk])]
    imports += [reverse("volunteers:import_errors", args=[roster.pk]), reverse("volunteers:import")]
    yield from ((pingshan.county_office, "get", url, None) for url in imports)
    admin = ["/admin/volunteers/volunteer/", f"/admin/volunteers/volunteer/{child.pk}/change/"]
    admin += ["/admin/volunteers/rosterimport/", "/admin/core/auditentry/"]
    yield from ((pingshan.admin, "get", url, None) for url in admin)
    mine = ["volunteers:me", "volunteers:card", "volunteers:card_pdf", "volunteers:close_account"]
    mine_urls = [reverse(name) for name in mine] + ["/me/data.json", "/me/data.csv"]
    mine_urls += ["/api/v1/volunteers/me", "/api/v1/me"]
    for volunteer in (child, adult, pending):
        yield from ((volunteer.user, "get", url, None) for url in mine_urls)
    reveal = reverse("volunteers:reveal", args=[child.pk])
    yield pingshan.township_office, "post", reveal, {"reason": "试图查看"}
    yield pingshan.admin, "post", reveal, {"reason": "试图查看"}
    yield pingshan.county_office, "post", reverse("volunteers:reveal", args=[adult.pk]), {}
    for user in (pingshan.leader, pingshan.county_office):
        yield (
            user,
            "post",
            reverse("volunteers:member_add", args=[pingshan.team.pk]),
            {"number": FULL},
        )


def test_no_page_export_download_api_response_audit_entry_or_log_line_has_a_full_id(
    world, login, client, caplog
):
    pingshan, child, adult, pending = world
    roster = roster_import_preview(
        filename="roster.xlsx",
        content=as_xlsx([row("导入者", FULL, "13600000001"), row("坏", "1", "13600000002")]),
        actor=pingshan.county_office,
    )
    caplog.set_level(logging.DEBUG)
    seen = 0
    for user, method, url, data in visits(pingshan, child, adult, pending, roster):
        response = getattr(login(user), method)(url, data or {})
        assert response.status_code in {200, 302, 403, 404}, (user, url, response.status_code)
        text = body(response)
        assert FULL not in text, (user, url)
        assert GUARDED not in text, (user, url)
        seen += response.status_code == 200
    assert seen > 60
    assert FULL not in str(list(AuditEntry.objects.values_list("data", flat=True)))
    assert FULL not in caplog.text
    assert GUARDED not in caplog.text
    assert FULL not in str(RosterImport.objects.values_list("problems", flat=True))


def test_registration_and_claim_errors_do_not_echo_into_logs(world, client, caplog):
    caplog.set_level(logging.DEBUG)
    client.post(reverse("volunteers:register"), {"id_number": FULL, "mobile": "1"})
    client.post(reverse("volunteers:claim"), {"id_number": FULL, "mobile": child_mobile(world)})
    client.post("/api/v1/volunteers/register", {"id_number": FULL}, content_type="application/json")
    assert FULL not in caplog.text


def child_mobile(world) -> str:
    child = world[1]
    User.objects.filter(pk=child.user_id).update(password=make_password(None))
    return child.user.mobile


def test_the_reveal_page_is_the_one_place_the_full_number_appears(world, login):
    pingshan, child, _adult, _pending = world
    response = login(pingshan.county_office).post(
        reverse("volunteers:reveal", args=[child.pk]), {"reason": "核对身份"}
    )
    assert FULL in body(response)


def test_the_csv_roster_preview_keeps_ids_masked_too(world, login):
    pingshan = world[0]
    content = as_csv([row("导入者", FULL[:-1] + "0", "13600000001")])
    assert HEADERS[1] == "身份证号"
    roster = roster_import_preview(filename="r.csv", content=content, actor=pingshan.county_office)
    page = login(pingshan.county_office).get(reverse("volunteers:import_detail", args=[roster.pk]))
    assert FULL[:-1] not in body(page)
