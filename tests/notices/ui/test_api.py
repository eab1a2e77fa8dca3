"""The notices API as each role: compose, preview, send, sent figures, inbox, read.

A sender's answers carry counts and masked values only; a recipient reads their own inbox.
"""

import json

import pytest

from core.models import AuditEntry
from notices.models import Notice, Recipient

pytestmark = pytest.mark.django_db
BASE = "/api/v1/notices"


def draft(team, **fields) -> dict:
    return {
        "audience": {"kind": "team", "id": team.pk},
        "title": "周六排练通知",
        "body": "{姓名}您好：周六上午九点在驿站排练，请准时到。",
        "channels": ["inapp", "sms"],
        **fields,
    }


def post(client, path, body):
    return client.post(BASE + path, json.dumps(body), content_type="application/json")


def test_a_team_leader_previews_the_count_and_the_rendered_text(login, pingshan, members):
    answer = post(login(pingshan.leader), "/preview", draft(pingshan.team))
    assert answer.status_code == 200
    shown = answer.json()
    assert shown["count"] == 2
    assert shown["channels"] == {"inapp": 2, "sms": 2}
    assert "排练" in shown["sample_text"]
    assert "*" in shown["sample_text"]  # the sample's name is masked
    assert shown["sms_length"] <= 70
    assert shown["sms_text"].startswith("【")
    assert Notice.objects.count() == 0


def test_a_team_leader_sends_and_sees_figures_without_numbers(
    login, pingshan, members, django_capture_on_commit_callbacks
):
    client = login(pingshan.leader)
    with django_capture_on_commit_callbacks(execute=True):
        answer = post(client, "/", draft(pingshan.team))
    assert answer.status_code == 201
    sent = answer.json()
    assert sent["recipient_count"] == 2
    assert sent["audience_label"]
    listed = client.get(BASE + "/sent").json()
    assert [n["id"] for n in listed] == [sent["id"]]
    assert listed[0]["figures"]["recipients"] == 2
    detail = json.dumps(client.get(f"{BASE}/sent/{sent['id']}").json(), ensure_ascii=False)
    for person in members:
        assert person.mobile not in detail
        assert person.name not in detail
    assert "138****5678" in detail
    assert "张*兵" in detail
    assert json.loads(detail)["figures"]["sent"] == 4  # two in-app, two SMS (console)
    assert AuditEntry.objects.filter(action="notice.send").count() == 1


def test_a_member_reads_the_notice_in_the_inbox_and_the_badge_drops(
    login, pingshan, members, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(login(pingshan.leader), "/", draft(pingshan.team))
    reader = login(members[0])
    assert reader.get(BASE + "/inbox/unread").json() == {"unread": 1}
    (item,) = reader.get(BASE + "/inbox").json()
    assert item["text"].startswith("张小兵您好")
    assert item["read"] is False
    opened = reader.post(f"{BASE}/inbox/{item['id']}/read")
    assert opened.json()["read"] is True
    assert reader.get(BASE + "/inbox/unread").json() == {"unread": 0}


def test_nobody_marks_another_persons_message_read(
    login, pingshan, members, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(login(pingshan.leader), "/", draft(pingshan.team))
    theirs = Recipient.objects.get(user=members[0])
    answer = login(members[1]).post(f"{BASE}/inbox/{theirs.pk}/read")
    assert answer.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("who", ["volunteer", "other_manager", "other_township_office"])
def test_whoever_does_not_lead_the_team_cannot_address_it(login, pingshan, members, who):
    answer = post(login(getattr(pingshan, who)), "/", draft(pingshan.team))
    assert answer.status_code == 403
    assert "detail" in answer.json()
    assert Notice.objects.count() == 0


def test_a_volunteer_may_not_compose_or_list_sent_notices(login, pingshan):
    client = login(pingshan.volunteer)
    assert client.get(BASE + "/compose").status_code == 403
    assert client.get(BASE + "/sent").status_code == 403


def test_an_anonymous_caller_gets_401_everywhere(client):
    for path in ("/compose", "/sent", "/inbox", "/inbox/unread", "/preferences"):
        assert client.get(BASE + path).status_code == 401


def test_the_compose_options_list_only_the_leaders_teams(login, pingshan):
    options = login(pingshan.leader).get(BASE + "/compose").json()
    assert options["teams"] == [{"id": pingshan.team.pk, "name": pingshan.team.name}]
    assert options["county"] is False
    assert "{姓名}" in options["placeholders"]


def test_the_county_office_may_address_the_county(login, pingshan, members):
    answer = post(login(pingshan.county_office), "/preview",
                  draft(pingshan.team, audience={"kind": "county"}))  # fmt: skip
    assert answer.status_code == 200
    assert answer.json()["count"] >= 2


def test_bad_input_names_the_field_in_chinese(login, pingshan, members):
    answer = post(login(pingshan.leader), "/", draft(pingshan.team, title=""))
    assert answer.status_code == 422
    assert "title" in json.dumps(answer.json(), ensure_ascii=False)
    unknown = post(login(pingshan.leader), "/preview", draft(pingshan.team, body="{电话}请回复"))
    assert unknown.status_code == 400
    assert unknown.json()["code"] == "unknown_placeholder"
    assert "占位符" in unknown.json()["detail"] or "placeholder" in unknown.json()["detail"]


def test_a_reminder_list_of_people_is_refused_from_a_sender(login, pingshan, members):
    body = draft(pingshan.team, audience={"kind": "people", "id": None})
    assert post(login(pingshan.county_office), "/", body).status_code == 422


def test_preferences_may_turn_off_everything_but_in_app(login, pingshan):
    client = login(pingshan.volunteer)
    assert client.get(BASE + "/preferences").json()["sms"] is True
    answer = post(client, "/preferences", {"sms": False, "email": False})
    assert answer.json() == {"inapp": True, "sms": False, "email": False, "email_address": ""}
    no_address = post(client, "/preferences", {"sms": False, "email": True})
    assert no_address.status_code == 400


@pytest.mark.parametrize("count", [1, 3])
def test_the_sent_list_costs_the_same_queries_for_one_or_three(
    login, pingshan, members, count, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client = login(pingshan.leader)
    for _ in range(count):
        with django_capture_on_commit_callbacks(execute=True):
            post(client, "/", draft(pingshan.team))
    with django_assert_num_queries(3):  # session and user, roles, the notices with figures
        assert len(client.get(BASE + "/sent").json()) == count
