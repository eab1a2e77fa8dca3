import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from tests.factories import TEST_PASSWORD, VillageFactory
from tests.volunteers.factories import VolunteerFactory, id_number, years_ago
from tests.volunteers.test_register import form_data
from volunteers.models import Volunteer
from volunteers.services import (
    volunteer_approve,
    volunteer_reactivate,
    volunteer_reject,
    volunteer_suspend,
)

pytestmark = pytest.mark.django_db


def act(client, volunteer, action, **data):
    return client.post(reverse("volunteers:action", args=[volunteer.pk, action]), data)


def pending(pingshan, **fields):
    return VolunteerFactory(status="pending", township=pingshan.xibaipo, **fields)


def test_register_on_a_phone_get_approved_log_in_and_see_the_card(pingshan, login):
    """The issue's "done when": register, pending, approved, log in, card."""
    village = VillageFactory(parent=pingshan.xibaipo, code="130131110201", name="西柏坡村")
    phone = Client(HTTP_USER_AGENT="Mozilla/5.0 (iPhone) Mobile")
    page = phone.post(reverse("volunteers:register"), form_data(village), follow=True)
    assert "待审核" in page.content.decode()

    office = login(pingshan.township_office)
    queue = office.get(reverse("volunteers:review")).content.decode()
    assert "李红梅" in queue
    volunteer = Volunteer.objects.get(user__name="李红梅")
    office.post(reverse("volunteers:action", args=[volunteer.pk, "approve"]), {"back": "review"})

    phone = Client(HTTP_USER_AGENT="Mozilla/5.0 (iPhone) Mobile")
    assert phone.login(mobile="13612345678", password="hongse-2026-yi")
    me = phone.get(reverse("volunteers:me")).content.decode()
    volunteer.refresh_from_db()
    assert "已通过" in me
    assert volunteer.number in me
    card = phone.get(reverse("volunteers:card")).content.decode()
    assert "我的志愿者证" in card
    assert "<svg" in card
    assert volunteer.number in card


def test_approval_assigns_a_number_with_county_code_and_year_and_a_card(pingshan):
    volunteer = pending(pingshan)
    volunteer_approve(volunteer=volunteer, actor=pingshan.township_office)
    volunteer.refresh_from_db()
    year = timezone.localdate().year
    assert re.fullmatch(rf"130131-{year}-\d{{6}}", volunteer.number)
    assert len(volunteer.card_secret) == 32
    assert not set(volunteer.card_secret) & set("o0O1iIlL")
    assert volunteer.activated_at is not None
    assert volunteer.reviewed_by == pingshan.township_office
    entry = AuditEntry.objects.get(action="volunteer.approve")
    assert entry.actor == pingshan.township_office
    assert entry.data == {"number": volunteer.number}


def test_numbers_follow_each_other_and_the_year_of_activation(pingshan):
    first, second = pending(pingshan), pending(pingshan)
    volunteer_approve(volunteer=first, actor=pingshan.county_office)
    volunteer_approve(volunteer=second, actor=pingshan.county_office)
    first.refresh_from_db()
    second.refresh_from_db()
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1
    third = pending(pingshan)
    next_year = timezone.now().replace(year=timezone.now().year + 1)
    volunteer_approve(volunteer=third, actor=pingshan.county_office, now=next_year)
    third.refresh_from_db()
    assert third.number == f"130131-{next_year.year}-000001"


def test_a_rejection_needs_a_reason_and_the_volunteer_sees_it(pingshan, login):
    volunteer = pending(pingshan)
    client = login(pingshan.township_office)
    url = reverse("volunteers:action", args=[volunteer.pk, "reject"])
    page = client.post(url, {"reason": "  "}, follow=True).content.decode()
    assert "请填写原因，志愿者能看到。" in page
    client.post(url, {"reason": "身份证号与姓名不符，请到乡镇文明办核实"})
    me = login(volunteer.user).get(reverse("volunteers:me")).content.decode()
    assert "未通过" in me
    assert "身份证号与姓名不符，请到乡镇文明办核实" in me
    assert AuditEntry.objects.get(action="volunteer.reject").data["reason"].startswith("身份证号")


def test_suspend_and_reactivate_with_reasons(pingshan, login):
    volunteer = VolunteerFactory(township=pingshan.xibaipo)
    client = login(pingshan.township_office)
    client.post(
        reverse("volunteers:action", args=[volunteer.pk, "suspend"]), {"reason": "外出务工"}
    )
    me = login(volunteer.user).get(reverse("volunteers:me")).content.decode()
    assert "已暂停" in me
    assert "外出务工" in me
    assert login(volunteer.user).get(reverse("volunteers:card")).status_code == 404
    client.post(
        reverse("volunteers:action", args=[volunteer.pk, "reactivate"]), {"reason": "已返乡"}
    )
    volunteer.refresh_from_db()
    assert volunteer.status == "active"
    assert [e.action for e in AuditEntry.objects.filter(action__startswith="volunteer.")][:2] == [
        "volunteer.reactivate",
        "volunteer.suspend",
    ]


def test_a_wrong_transition_says_why_in_chinese(pingshan):
    volunteer = VolunteerFactory(township=pingshan.xibaipo)
    with pytest.raises(ValidationError, match="当前状态为“已通过”，不能驳回"):
        volunteer_reject(volunteer=volunteer, actor=pingshan.county_office, reason="x")
    with pytest.raises(ValidationError, match="不能恢复"):
        volunteer_reactivate(volunteer=volunteer, actor=pingshan.county_office, reason="x")


def test_a_child_without_guardian_consent_cannot_be_activated(pingshan):
    child = pending(pingshan, id_text=id_number(years_ago(9)))
    with pytest.raises(ValidationError, match="现年 9 岁"):
        volunteer_approve(volunteer=child, actor=pingshan.county_office)
    child.guardian_name, child.guardian_consent_at = "王建国", timezone.now()
    child.save()
    volunteer_approve(volunteer=child, actor=pingshan.county_office)
    assert Volunteer.objects.get(pk=child.pk).status == "active"


def test_another_townships_office_cannot_review(pingshan, login):
    volunteer = pending(pingshan)
    with pytest.raises(PermissionDenied):
        volunteer_approve(volunteer=volunteer, actor=pingshan.other_township_office)
    client = login(pingshan.other_township_office)
    response = client.post(reverse("volunteers:action", args=[volunteer.pk, "approve"]))
    assert response.status_code == 404
    assert "李" not in client.get(reverse("volunteers:review")).content.decode()
    assert Volunteer.objects.get(pk=volunteer.pk).status == "pending"


@pytest.mark.parametrize(("who", "status"), [("leader", 403), ("volunteer", 403), ("manager", 403)])
def test_non_offices_cannot_review(pingshan, login, who, status):
    volunteer = pending(pingshan)
    client = login(getattr(pingshan, who))
    assert (
        client.post(reverse("volunteers:action", args=[volunteer.pk, "approve"])).status_code
        == status
    )
    assert client.get(reverse("volunteers:review")).status_code == status


def test_anonymous_visitors_are_sent_to_log_in(pingshan, client):
    volunteer = pending(pingshan)
    for url in (
        reverse("volunteers:review"),
        reverse("volunteers:me"),
        reverse("volunteers:list"),
        reverse("volunteers:detail", args=[volunteer.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    client.post(reverse("volunteers:action", args=[volunteer.pk, "approve"]))
    assert Volunteer.objects.get(pk=volunteer.pk).status == "pending"


def test_the_review_queue_does_not_query_per_row(pingshan, login, django_assert_num_queries):
    client = login(pingshan.township_office)
    pending(pingshan)
    client.get(reverse("volunteers:review"))
    with django_assert_num_queries(5) as one:  # +1: the nav's unread badge (notices)
        client.get(reverse("volunteers:review"))
    pending(pingshan)
    pending(pingshan)
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(reverse("volunteers:review")).content.decode()
    assert page.count('class="card review-item"') == 3


def test_a_pending_volunteer_logs_in_and_sees_pending(pingshan):
    volunteer = pending(pingshan)
    client = Client()
    assert client.login(mobile=volunteer.user.mobile, password=TEST_PASSWORD)
    page = client.get(reverse("volunteers:me")).content.decode()
    assert "待审核" in page
    assert "暂无服务记录" in page
    assert client.get(reverse("volunteers:card")).status_code == 404


def test_suspend_needs_a_reason(pingshan):
    volunteer = VolunteerFactory(township=pingshan.xibaipo)
    with pytest.raises(ValidationError) as caught:
        volunteer_suspend(volunteer=volunteer, actor=pingshan.county_office, reason="")
    assert caught.value.message_dict == {"reason": ["请填写原因，志愿者能看到。"]}


def test_approving_a_rejected_volunteer_again_keeps_the_number_and_card(pingshan):
    """One transition for all four actions: re-approval hands out nothing new."""
    volunteer = pending(pingshan)
    volunteer_approve(volunteer=volunteer, actor=pingshan.county_office)
    volunteer.refresh_from_db()
    number, card = volunteer.number, volunteer.card_secret
    volunteer_suspend(volunteer=volunteer, actor=pingshan.county_office, reason="  暂停服务  ")
    volunteer.refresh_from_db()
    assert (volunteer.status, volunteer.status_reason) == ("suspended", "暂停服务")
    Volunteer.objects.filter(pk=volunteer.pk).update(status="rejected")
    volunteer_approve(volunteer=volunteer, actor=pingshan.county_office)
    volunteer.refresh_from_db()
    assert (volunteer.number, volunteer.card_secret, volunteer.status) == (number, card, "active")
    assert volunteer.status_reason == ""
    actions = AuditEntry.objects.filter(target_id=str(volunteer.pk)).values_list("action", "data")
    assert list(actions.order_by("pk"))[-2:] == [
        ("volunteer.suspend", {"reason": "暂停服务"}),
        ("volunteer.approve", {"number": number}),
    ]
