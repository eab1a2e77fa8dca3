import pytest

from ledger.models import Claim, Dispute, Entry
from ledger.services import claim_approve

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_my_balance_and_entries(submit, pingshan, login):
    claim_approve(claim=submit(150), actor=pingshan.manager)
    client = login(pingshan.volunteer)
    claim = Claim.objects.get()
    assert client.get("/api/v1/ledger/me").json() == {
        "service_minutes": 150, "hours": "2.5", "star_level": 0, "entry_count": 1,
        "training_hours": "0.0", "first_service_date": claim.service_date.isoformat(),
        "last_service_date": claim.service_date.isoformat(), "next_star_level": 1,
        "next_star_missing_hours": "97.5",
    }  # fmt: skip
    body = client.get("/api/v1/ledger/me/entries").json()
    assert body["count"] == 1
    assert body["items"][0]["activity"] == "驿站讲解服务"
    assert body["items"][0]["unit"] == pingshan.station.name


def test_the_ledger_api_needs_a_login(client):
    response = client.get("/api/v1/ledger/me")
    assert response.status_code == 401
    assert response.json()["detail"] == "请先登录。"


def test_the_queue_is_scoped(submit, pingshan, login):
    submit(60)
    mine = login(pingshan.manager).get("/api/v1/ledger/claims/pending").json()
    theirs = login(pingshan.other_manager).get("/api/v1/ledger/claims/pending").json()
    assert (mine["count"], theirs["count"]) == (1, 0)
    assert mine["items"][0]["overdue"] is False


def test_an_old_pending_claim_is_overdue(submit, pingshan, login):
    from datetime import date

    submit(60, on=date(2025, 1, 6))
    body = login(pingshan.manager).get("/api/v1/ledger/claims/pending").json()
    assert body["items"][0]["overdue"] is True


def test_bulk_approval_ignores_claims_outside_my_units(submit, pingshan, other_unit, login):
    mine, theirs = submit(60), submit(60, unit=other_unit)
    response = login(pingshan.manager).post(
        "/api/v1/ledger/claims/approve", {"claim_ids": [mine.pk, theirs.pk]}, content_type=JSON
    )
    assert response.json() == {"approved": [mine.pk], "skipped": [theirs.pk]}
    assert Claim.objects.get(pk=theirs.pk).status == Claim.Status.PENDING


def test_adjusting_without_a_reason_is_refused_with_a_code(submit, pingshan, login):
    claim = submit(150)
    response = login(pingshan.manager).post(
        f"/api/v1/ledger/claims/{claim.pk}/approve", {"minutes": 90}, content_type=JSON
    )
    assert response.status_code == 400
    assert response.json() == {"code": "reason_required", "detail": "修改时长需要说明理由。"}


def test_deciding_twice_is_a_conflict(submit, pingshan, login):
    claim = submit(150)
    client = login(pingshan.manager)
    url = f"/api/v1/ledger/claims/{claim.pk}/approve"
    assert client.post(url, {}, content_type=JSON).status_code == 200
    second = client.post(url, {}, content_type=JSON)
    assert second.status_code == 409
    assert second.json()["code"] == "not_pending"


def test_an_outsider_is_forbidden(submit, pingshan, login):
    claim = submit(150)
    response = login(pingshan.other_manager).post(
        f"/api/v1/ledger/claims/{claim.pk}/reject", {"reason": "x"}, content_type=JSON
    )
    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"minutes": 0}, "minutes", "不能小于 1。"),
        ({"minutes": 5000}, "minutes", "不能大于 1440。"),
        ({"minutes": "lots"}, "minutes", "请输入整数。"),
        ({"reason": "x" * 501}, "reason", "minutes"),
    ],
)
def test_bad_input_names_the_field_in_chinese(submit, pingshan, login, payload, field, message):
    claim = submit(150)
    response = login(pingshan.manager).post(
        f"/api/v1/ledger/claims/{claim.pk}/approve", payload, content_type=JSON
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors[0]["field"] == field
    if field == "minutes":
        assert errors[0]["message"] == message
    else:
        assert errors[0]["message"] == "太长了：最多 500 个字。"
    assert not Entry.objects.exists()


def test_a_volunteer_disputes_an_entry_by_its_number(submit, pingshan, login):
    entry = claim_approve(claim=submit(150), actor=pingshan.manager)
    client = login(pingshan.volunteer)
    payload = {"kind": "error", "entry_seq": entry.seq, "minutes": 180, "description": "少记了"}
    response = client.post("/api/v1/ledger/disputes", payload, content_type=JSON)
    assert response.status_code == 201
    assert response.json()["status"] == "open"
    assert Dispute.objects.get().entry == entry
    assert client.get("/api/v1/ledger/disputes/mine").json()[0]["minutes"] == 180


def test_disputing_someone_elses_entry_is_refused(submit, pingshan, login):
    entry = claim_approve(claim=submit(150), actor=pingshan.manager)
    payload = {"kind": "error", "entry_seq": entry.seq, "minutes": 10, "description": "x"}
    response = login(pingshan.leader).post("/api/v1/ledger/disputes", payload, content_type=JSON)
    assert response.status_code == 400
    assert response.json()["code"] == "entry_required"


def test_the_browser_api_is_scoped(submit, pingshan, login):
    claim_approve(claim=submit(150), actor=pingshan.manager)
    assert login(pingshan.county_office).get("/api/v1/ledger/entries").json()["count"] == 1
    assert login(pingshan.other_township_office).get("/api/v1/ledger/entries").json()["count"] == 0


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [("offset=1180591620717411303424", "offset", "不能大于 10000000。"),
     ("limit=99999999999999999999", "limit", "不能大于 500。")],
)  # fmt: skip
def test_a_page_beyond_any_database_is_refused_in_chinese(pingshan, login, query, field, message):
    """Found by the API fuzzer: ninja's pagination has no upper bounds; SQLite overflowed."""
    response = login(pingshan.manager).get(f"/api/v1/ledger/claims/pending?{query}")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": field, "message": message}]


def test_bulk_approval_of_a_claim_id_too_large_for_the_database_is_refused(submit, pingshan, login):
    """Found by the API fuzzer: an id past 64 bits overflowed the query into a 500."""
    claim = submit(60)
    response = login(pingshan.manager).post(
        "/api/v1/ledger/claims/approve", {"claim_ids": [claim.pk, 2**70]}, content_type=JSON
    )
    assert response.status_code == 422
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.PENDING


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_a_decided_claim_is_refused_to_an_outsider_as_forbidden_not_as_decided(
    submit, pingshan, login, action
):
    """403 before 409: the refusal does not tell anyone outside the unit the claim's state."""
    claim = submit(60)
    claim_approve(claim=claim, actor=pingshan.manager)
    url = f"/api/v1/ledger/claims/{claim.pk}/{action}"
    for outsider in (pingshan.volunteer, pingshan.other_manager):
        response = login(outsider).post(url, {"reason": "不实"}, content_type=JSON)
        assert response.status_code == 403
        assert response.json()["code"] == "not_allowed"
    decider = login(pingshan.manager).post(url, {"reason": "不实"}, content_type=JSON)
    assert (decider.status_code, decider.json()["code"]) == (409, "not_pending")


def test_an_answered_dispute_is_refused_to_an_outsider_as_forbidden(submit, pingshan, unit):
    from datetime import date

    from ledger.errors import LedgerError
    from ledger.services import dispute_open, dispute_reject

    dispute = dispute_open(
        volunteer=pingshan.volunteer, kind=Dispute.Kind.OMISSION, unit=unit,
        description="漏记", minutes=30, service_date=date(2026, 11, 1),
    )  # fmt: skip
    dispute_reject(dispute=dispute, actor=pingshan.manager, reason="已核实")
    with pytest.raises(LedgerError) as refused:
        dispute_reject(dispute=dispute, actor=pingshan.other_manager, reason="试探")
    assert refused.value.code == "not_allowed"
