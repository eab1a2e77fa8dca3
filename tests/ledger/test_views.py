import pytest
from django.urls import reverse

from ledger.models import Claim, Dispute, Entry
from ledger.services import claim_approve, dispute_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(submit, pingshan):
    return claim_approve(claim=submit(150), actor=pingshan.manager)


def test_my_hours_shows_the_balance_stars_and_records(approved, pingshan, login):
    page = login(pingshan.volunteer).get(reverse("ledger:mine")).content.decode()
    assert "2.5" in page
    assert "小时" in page
    assert "驿站讲解服务" in page
    assert "☆☆☆☆☆" in page  # no star yet below 100 hours


def test_my_hours_lists_a_rejected_claim_with_its_reason(submit, pingshan, login):
    from ledger.services import claim_reject

    claim_reject(claim=submit(60), actor=pingshan.manager, reason="当天未在岗")
    page = login(pingshan.volunteer).get(reverse("ledger:mine")).content.decode()
    assert "已驳回" in page
    assert "当天未在岗" in page


def test_my_hours_is_mine_alone(approved, pingshan, login):
    page = login(pingshan.leader).get(reverse("ledger:mine")).content.decode()
    assert "驿站讲解服务" not in page


def test_my_record_exports_to_excel(approved, pingshan, login):
    response = login(pingshan.volunteer).get(reverse("ledger:mine"), {"_export": "xlsx"})
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    csv = login(pingshan.volunteer).get(reverse("ledger:mine"), {"_export": "csv"})
    assert "驿站讲解服务" in csv.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client):
    for name in ("ledger:mine", "ledger:queue", "ledger:browser"):
        assert client.get(reverse(name)).status_code == 302


@pytest.mark.parametrize(
    ("who", "status", "sees_claim"),
    [
        ("manager", 200, True),
        ("township_office", 200, True),
        ("county_office", 200, True),
        ("other_manager", 200, False),
        ("other_township_office", 200, False),
        ("volunteer", 403, False),
        ("leader", 403, False),
    ],
)
def test_the_queue_as_each_role(submit, pingshan, login, who, status, sees_claim):
    submit(75)
    response = login(getattr(pingshan, who)).get(reverse("ledger:queue"))
    assert response.status_code == status
    assert ("驿站讲解服务" in response.content.decode()) is sees_claim


def test_bulk_approval_from_the_queue(submit, pingshan, login):
    claims = [submit(60), submit(30)]
    client = login(pingshan.manager)
    response = client.post(reverse("ledger:queue"), {"claims": [c.pk for c in claims]}, follow=True)
    assert "已确认 2 条" in response.content.decode()
    assert Entry.objects.count() == 2


def test_the_queue_ticks_post_under_the_name_the_form_reads(submit, pingshan, login):
    """The rendered row checkboxes, not a hand-built POST (the browser journey found this)."""
    claim = submit(60)
    page = login(pingshan.manager).get(reverse("ledger:queue")).content.decode()
    assert f'name="claims" value="{claim.pk}"' in page


def test_bulk_approval_with_nothing_ticked_says_so(submit, pingshan, login):
    submit(60)
    response = login(pingshan.manager).post(reverse("ledger:queue"), {}, follow=True)
    assert "请至少勾选一条" in response.content.decode()
    assert not Entry.objects.exists()


def test_adjusting_without_a_reason_keeps_the_typed_minutes(submit, pingshan, login):
    claim = submit(150)
    url = reverse("ledger:claim", args=[claim.pk])
    response = login(pingshan.manager).post(url, {"approve-minutes": "100", "approve-reason": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "修改时长需要说明理由" in page
    assert 'value="100"' in page
    assert not Entry.objects.exists()


def test_adjusting_with_a_reason_credits_the_new_minutes(submit, pingshan, login):
    claim = submit(150)
    url = reverse("ledger:claim", args=[claim.pk])
    data = {"approve-minutes": "100", "approve-reason": "扣除路途时间"}
    response = login(pingshan.manager).post(url, data)
    assert response.status_code == 302
    assert Entry.objects.get().minutes == 100


def test_rejecting_from_the_claim_page(submit, pingshan, login):
    claim = submit(150)
    url = reverse("ledger:claim", args=[claim.pk])
    login(pingshan.manager).post(url, {"reject-reason": "重复提交"})
    claim.refresh_from_db()
    assert (claim.status, claim.decision_reason) == (Claim.Status.REJECTED, "重复提交")


def test_another_stations_manager_cannot_open_the_claim(submit, pingshan, login):
    claim = submit(150)
    response = login(pingshan.other_manager).get(reverse("ledger:claim", args=[claim.pk]))
    assert response.status_code == 404


def test_a_volunteer_reports_an_error_and_sees_the_answer(approved, pingshan, login):
    client = login(pingshan.volunteer)
    data = {"kind": "error", "entry": approved.pk, "minutes": "180", "description": "我服务了3小时"}
    response = client.post(reverse("ledger:dispute_new"), data, follow=True)
    assert "报告已提交" in response.content.decode()
    dispute = Dispute.objects.get()
    manager = login(pingshan.manager)
    url = reverse("ledger:dispute", args=[dispute.pk])
    manager.post(url, {"accept": "1", "reason": "核实签到记录属实", "minutes": ""})
    page = client.get(reverse("ledger:mine")).content.decode()
    assert "已采纳" in page
    assert "核实签到记录属实" in page
    assert "3.0" in page


def test_an_omission_report_needs_a_unit_and_a_date(pingshan, login, unit):
    data = {"kind": "omission", "minutes": "60", "description": "漏记了一次"}
    response = login(pingshan.volunteer).post(reverse("ledger:dispute_new"), data)
    page = response.content.decode()
    assert "记录单位" in page
    assert "漏记了一次" in page  # what was typed is kept
    assert not Dispute.objects.exists()


def test_a_rejected_report_tells_the_volunteer_why(approved, pingshan, login):
    dispute = dispute_open(
        volunteer=pingshan.volunteer, kind="error", entry=approved, minutes=300, description="多记"
    )
    url = reverse("ledger:dispute", args=[dispute.pk])
    login(pingshan.manager).post(url, {"reject": "1", "reason": "签到记录显示150分钟"})
    page = login(pingshan.volunteer).get(reverse("ledger:mine")).content.decode()
    assert "签到记录显示150分钟" in page


@pytest.mark.parametrize(
    ("who", "status", "sees"),
    [
        ("county_office", 200, True),
        ("township_office", 200, True),
        ("manager", 200, True),
        ("other_township_office", 200, False),
        ("other_manager", 200, False),
        ("volunteer", 403, False),
    ],
)
def test_the_ledger_browser_as_each_role(approved, pingshan, login, who, status, sees):
    response = login(getattr(pingshan, who)).get(reverse("ledger:browser"))
    assert response.status_code == status
    assert ("驿站讲解服务" in response.content.decode()) is sees


def test_the_browser_exports_xlsx(approved, pingshan, login):
    response = login(pingshan.county_office).get(reverse("ledger:browser"), {"_export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')


def test_the_queue_does_not_query_per_claim(submit, pingshan, login, django_assert_max_num_queries):
    client = login(pingshan.manager)
    submit(60)
    client.get(reverse("ledger:queue"))
    with django_assert_max_num_queries(30) as one:
        client.get(reverse("ledger:queue"))
    submit(61)
    submit(62)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("ledger:queue"))
