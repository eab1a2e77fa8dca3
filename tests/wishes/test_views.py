"""The pages, as each role: a resident files and follows, a volunteer claims and reports
it done, the manager and the township office review, assign and see the coloured list.
The filer's phone and address stay masked except on the audited contact page."""

import pytest
from django.urls import reverse

from core.models import AuditEntry
from ledger.models import Claim
from tests.wishes.conftest import PHONE, jpeg
from wishes.models import Status, Wish, WishEvent
from wishes.services import Helper, wish_accept, wish_claim, wish_resolve


def form_data(station, **overrides):
    data = {"kind": "", "title": "帮我修一下院门", "description": "院门合页坏了",
            "station": station.pk, "township": "", "address": "西柏坡村二组12号",
            "phone": PHONE, "filer_name": "王大妈", "website": ""}  # fmt: skip
    return data | overrides


@pytest.fixture
def data(kinds, station):
    return form_data(station, kind=kinds["wish"].pk)


def test_the_filing_page_speaks_chinese_and_shows_the_county_map(client, station):
    page = client.get(reverse("wishes:file")).content.decode()
    assert "许个心愿" in page
    assert 'id="map-picker"' in page
    assert "data-west=" in page


def test_a_resident_files_with_a_photo_and_gets_a_tracking_code(client, data):
    response = client.post(reverse("wishes:file"), data | {"photos": [jpeg(gps=True)]})
    wish = Wish.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wishes:filed", args=[wish.code])
    page = client.get(response["Location"]).content.decode()
    assert wish.code[:4] in page
    assert "<svg" in page  # the follow link as a QR code
    assert wish.photos.count() == 1
    assert wish.filer is None
    assert wish.phone_masked == "138****5678"
    assert PHONE not in wish.phone_encrypted
    assert "12号" not in wish.address_encrypted


def test_a_bad_photo_is_named_and_the_rest_of_the_form_is_kept(client, data):
    bad = jpeg("notes.jpg")
    bad.file.write(b"")
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("notes.jpg", b"just text", content_type="image/jpeg")
    page = client.post(reverse("wishes:file"), data | {"photos": [bad]}).content.decode()
    assert "照片：“notes.jpg”不是可以打开的照片" in page
    assert 'value="帮我修一下院门"' in page
    assert "院门合页坏了" in page
    assert not Wish.objects.exists()


def test_the_honeypot_refuses_a_robot_and_saves_nothing(client, data):
    page = client.post(reverse("wishes:file"), data | {"website": "http://spam"}).content.decode()
    assert "请重新提交表单" in page
    assert not Wish.objects.exists()


def test_a_missing_place_and_a_bad_phone_are_named(client, data):
    page = client.post(reverse("wishes:file"), data | {"station": "", "phone": "12345"})
    html = page.content.decode()
    assert "乡镇：请选择红色驿站或乡镇。" in html
    assert "手机号：请输入以13至19开头的11位手机号。" in html
    assert not Wish.objects.exists()


def test_anonymous_filing_is_rate_limited_per_phone(client, data, settings):
    settings.HONGYI_RATE_WISH_PHONE = "2/h"
    for _ in range(2):
        assert client.post(reverse("wishes:file"), data).status_code == 302
    response = client.post(reverse("wishes:file"), data)
    assert response.status_code == 429
    assert Wish.objects.count() == 2


def test_anonymous_filing_is_rate_limited_per_ip(client, data, settings):
    settings.HONGYI_RATE_WISH_IP = "2/h"
    for n in range(2):
        client.post(reverse("wishes:file"), data | {"phone": f"1391234567{n}"})
    assert client.post(reverse("wishes:file"), data | {"phone": "13912345679"}).status_code == 429


def test_following_by_code_shows_the_timeline_but_never_the_filer(client, file, pingshan):
    wish = file(filer_name="王大妈", address="西柏坡村二组12号")
    wish_accept(wish=wish, actor=pingshan.manager, note="已受理，请耐心等待")
    response = client.get(reverse("wishes:follow"), {"code": wish.code.lower()})
    assert response["Location"] == reverse("wishes:track", args=[wish.code])
    page = client.get(response["Location"]).content.decode()
    assert "待志愿者认领" in page
    assert "已受理，请耐心等待" in page
    assert "138****5678" in page
    assert PHONE not in page
    assert "12号" not in page
    wall = client.get(reverse("wishes:wall")).content.decode()
    assert wish.title in wall
    assert "王大妈" not in wall
    assert "138****5678" not in wall


def test_an_unknown_code_says_so(client, db):
    page = client.get(reverse("wishes:follow"), {"code": "ABCD-EFGH-JK"})
    assert page.status_code == 404
    assert "没有这个查询码" in page.content.decode()


def done(wish, pingshan, helper):
    wish_accept(wish=wish, actor=pingshan.manager)
    wish_claim(wish=wish, user=helper)
    return wish_resolve(wish=wish, actor=helper, note="合页已换好", helpers=[Helper(helper, 45)])


def test_the_filer_confirms_and_rates_on_the_tracking_page(client, file, pingshan, helper):
    wish = done(file(), pingshan, helper)
    page = client.get(reverse("wishes:track", args=[wish.code])).content.decode()
    assert "已办结，待确认" in page
    assert "志愿者" in page
    assert helper.name not in page  # the volunteer's name is masked for the filer
    client.post(reverse("wishes:confirm", args=[wish.code]))
    client.post(reverse("wishes:rate", args=[wish.code]), {"rate-stars": "5", "rate-comment": "好"})
    wish.refresh_from_db()
    assert wish.status == Status.CONFIRMED
    assert wish.rating == 5


def test_the_filer_sends_it_back_with_a_reason(client, file, pingshan, helper):
    wish = done(file(), pingshan, helper)
    empty = client.post(reverse("wishes:reopen", args=[wish.code]), {"reopen-reason": ""})
    assert "原因：此项必填。" in empty.content.decode()
    client.post(reverse("wishes:reopen", args=[wish.code]), {"reopen-reason": "还是关不上"})
    wish.refresh_from_db()
    assert wish.status == Status.ASSIGNED


def test_a_volunteer_claims_from_the_board_and_reports_it_done(file, pingshan, helper, login):
    wish = file()
    wish_accept(wish=wish, actor=pingshan.manager)
    client = login(helper)
    assert wish.title in client.get(reverse("wishes:board")).content.decode()
    opened = client.get(reverse("wishes:detail", args=[wish.pk])).content.decode()
    assert "我来认领" in opened
    client.post(reverse("wishes:claim", args=[wish.pk]))
    page = client.get(reverse("wishes:detail", args=[wish.pk])).content.decode()
    assert "138****5678" in page
    assert PHONE not in page
    response = client.post(reverse("wishes:resolve", args=[wish.pk]),
                           {"resolve-note": "换好了", "resolve-minutes": "50"})  # fmt: skip
    assert response.status_code == 302
    assert Claim.objects.get().minutes == 50
    manager_page = login(pingshan.manager).get(reverse("wishes:detail", args=[wish.pk]))
    assert f"{helper.name} · 50 分钟" in manager_page.content.decode()
    assert reverse("ledger:queue") in manager_page.content.decode()
    assert wish.title in client.get(reverse("wishes:mine")).content.decode()


def test_resolving_without_minutes_names_the_field(file, pingshan, helper, login):
    wish = file()
    wish_accept(wish=wish, actor=pingshan.manager)
    wish_claim(wish=wish, user=helper)
    page = login(helper).post(reverse("wishes:resolve", args=[wish.pk]), {"resolve-note": "好"})
    assert "你的服务时长（分钟）：此项必填。" in page.content.decode()
    assert not Claim.objects.exists()


def test_the_assignee_unmasks_the_contact_with_a_reason_and_it_is_audited(
    file, pingshan, helper, login
):
    wish = file(address="西柏坡村二组12号")
    wish_accept(wish=wish, actor=pingshan.manager)
    wish_claim(wish=wish, user=helper)
    url = reverse("wishes:contact", args=[wish.pk])
    refused = login(helper).post(url, {"reveal-reason": ""})
    assert not AuditEntry.objects.filter(action="wish.contact_reveal").exists()
    assert PHONE not in refused.content.decode()
    shown = login(helper).post(url, {"reveal-reason": "上门前电话联系"})
    html = shown.content.decode()
    assert PHONE in html
    assert "西柏坡村二组12号" in html
    assert shown["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action="wish.contact_reveal")
    assert entry.actor == helper
    assert entry.data["reason"] == "上门前电话联系"


@pytest.mark.parametrize("who", ["township_office", "county_office", "other_manager", "admin"])
def test_nobody_but_the_assignee_and_the_station_manager_unmasks(file, pingshan, login, who):
    wish = file()
    response = login(getattr(pingshan, who)).post(
        reverse("wishes:contact", args=[wish.pk]), {"reveal-reason": "想看看"}
    )
    assert response.status_code == 403
    assert PHONE not in response.content.decode()
    assert not AuditEntry.objects.filter(action="wish.contact_reveal").exists()


def test_the_station_manager_unmasks_too(file, pingshan, login):
    wish = file()
    shown = login(pingshan.manager).post(
        reverse("wishes:contact", args=[wish.pk]), {"reveal-reason": "核实"}
    )
    assert PHONE in shown.content.decode()


def test_the_township_office_reviews_and_assigns_from_the_page(file, pingshan, helper, login):
    wish = file()
    client = login(pingshan.township_office)
    client.post(reverse("wishes:accept", args=[wish.pk]), {"accept-note": "受理"})
    client.post(reverse("wishes:assign", args=[wish.pk]),
                {"assign-volunteer_number": helper.volunteer.number})  # fmt: skip
    wish.refresh_from_db()
    assert wish.status == Status.ASSIGNED
    assert wish.assignee == helper
    assert list(wish.events.values_list("action", flat=True)) == [
        WishEvent.Action.SUBMITTED,
        WishEvent.Action.ACCEPTED,
        WishEvent.Action.ASSIGNED,
    ]


def test_assigning_an_unknown_number_is_named(file, pingshan, login):
    wish = file()
    wish_accept(wish=wish, actor=pingshan.manager)
    page = login(pingshan.manager).post(
        reverse("wishes:assign", args=[wish.pk]), {"assign-volunteer_number": "130131-2026-999999"}
    )
    assert "没有编号为 130131-2026-999999 的志愿者" in page.content.decode()


def test_a_declined_request_shows_its_reason_to_the_filer(client, file, pingshan, login):
    wish = file()
    login(pingshan.manager).post(reverse("wishes:decline", args=[wish.pk]),
                                 {"decline-reason": "请拨打12345热线"})  # fmt: skip
    page = client.get(reverse("wishes:track", args=[wish.code])).content.decode()
    assert "未受理" in page
    assert "请拨打12345热线" in page


def test_another_township_cannot_open_or_act(file, pingshan, login):
    wish = file()
    client = login(pingshan.other_township_office)
    assert client.get(reverse("wishes:detail", args=[wish.pk])).status_code == 403
    assert client.post(reverse("wishes:accept", args=[wish.pk])).status_code == 403
    wish.refresh_from_db()
    assert wish.status == Status.SUBMITTED


def test_the_staff_list_puts_red_first_and_exports_safely(file, pingshan, login, kinds):
    from tests.wishes.conftest import at

    file(title="新的")
    file(title='=HYPERLINK("x")', now=at(2025, 1, 6, 9))
    client = login(pingshan.township_office)
    page = client.get(reverse("wishes:staff")).content.decode()
    assert page.index("HYPERLINK") < page.index("新的")
    assert "已超期" in page
    export = client.get(reverse("wishes:staff"), {"_export": "csv"}).content.decode("utf-8")
    assert "'=HYPERLINK" in export
    assert PHONE not in export


@pytest.mark.parametrize("count", [1, 3])
def test_the_staff_list_query_count_does_not_grow_with_rows(
    file, pingshan, login, count, django_assert_num_queries
):
    for _ in range(count):
        file()
    client = login(pingshan.township_office)
    client.get(reverse("wishes:staff"))  # warm the session
    with django_assert_num_queries(13):  # +1: the nav's unread badge (notices)
        client.get(reverse("wishes:staff"))


def test_the_township_office_narrows_its_list_to_one_station(file, pingshan, login, kinds):
    from tests.factories import StationFactory

    elsewhere = StationFactory(region=pingshan.xibaipo, name="李家庄红色驿站")
    file(title="本站的")
    file(title="别的站的", station=elsewhere)
    client = login(pingshan.township_office)
    page = client.get(reverse("wishes:staff"), {"station": elsewhere.pk}).content.decode()
    assert "别的站的" in page
    assert "本站的" not in page
    assert "李家庄红色驿站" in page


def test_a_station_link_preselects_the_kind_and_the_station(client, station, kinds):
    page = client.get(reverse("wishes:file"), {"kind": "visitor", "station": station.pk})
    html = page.content.decode()
    assert f'value="{kinds["visitor"].pk}" required id="id_kind_1" checked' in html
    assert f'<option value="{station.pk}" selected>' in html


def test_markup_in_a_title_is_stored_and_shown_escaped(client, data, pingshan, login):
    script = '<script>alert("心愿")</script>'
    client.post(reverse("wishes:file"), data | {"title": script[:60]})
    wish = Wish.objects.get()
    for page in (client.get(reverse("wishes:track", args=[wish.code])),
                 login(pingshan.manager).get(reverse("wishes:detail", args=[wish.pk])),
                 login(pingshan.manager).get(reverse("wishes:staff"))):  # fmt: skip
        html = page.content.decode()
        assert script not in html
        assert "&lt;script&gt;" in html
