"""The whole loop through the services, as each role: resident, volunteer, station manager,
township office. The timeline, the statuses and the ledger's confirmed minutes."""

import pytest

from ledger.models import Claim, Entry
from ledger.services import claim_approve
from tests.wishes.conftest import at
from wishes.errors import WishError
from wishes.models import Status, WishEvent
from wishes.services import (
    Helper,
    wish_accept,
    wish_assign,
    wish_claim,
    wish_confirm,
    wish_decline,
    wish_merge,
    wish_progress,
    wish_rate,
    wish_reopen,
    wish_resolve,
)

A = WishEvent.Action


def steps(wish):
    return list(wish.events.values_list("action", flat=True))


def test_a_resident_files_the_manager_accepts_a_volunteer_claims_resolves_and_is_credited(
    file, pingshan, helper, second_helper
):
    wish = file(description="院门合页坏了，关不上", now=at(2026, 3, 2, 9))
    assert wish.status == Status.SUBMITTED
    assert len(wish.code) == 10
    wish_accept(wish=wish, actor=pingshan.manager, note="已受理", now=at(2026, 3, 2, 10))
    wish = wish_claim(wish=wish, user=helper, now=at(2026, 3, 2, 11))
    assert wish.assignee == helper
    assert wish.status == Status.ASSIGNED
    wish_progress(wish=wish, actor=helper, note="已买好合页", now=at(2026, 3, 3, 9))
    wish = wish_resolve(
        wish=wish, actor=helper, note="合页已换好",
        helpers=[Helper(helper, 90), Helper(second_helper, 60)], now=at(2026, 3, 3, 15),
    )  # fmt: skip
    assert wish.status == Status.RESOLVED
    assert wish.resolved_late is False
    claims = Claim.objects.filter(source_key__startswith="wish-hours:").order_by("minutes")
    assert [(c.volunteer, c.minutes, c.kind, c.status) for c in claims] == [
        (second_helper, 60, "wish", "pending"),
        (helper, 90, "wish", "pending"),
    ]
    for claim in claims:
        claim_approve(claim=claim, actor=pingshan.manager)
    entries = Entry.objects.filter(kind="wish")
    assert sorted(entries.values_list("minutes", flat=True)) == [60, 90]
    assert {e.station_name for e in entries} == {pingshan.station.name}
    assert {e.program_name for e in entries} == {"红色微心愿"}
    wish = wish_rate(wish=wish, stars=5, comment="很及时，谢谢", now=at(2026, 3, 4, 8))
    assert wish.status == Status.CONFIRMED
    assert wish.rating == 5
    assert steps(wish) == [A.SUBMITTED, A.ACCEPTED, A.CLAIMED, A.PROGRESS, A.RESOLVED,
                           A.CONFIRMED, A.RATED]  # fmt: skip


def test_the_township_office_declines_with_a_reason_and_merges_a_duplicate(file, pingshan):
    first, second, third = file(), file(), file()
    wish_decline(wish=first, actor=pingshan.township_office, reason="不属于志愿服务范围")
    wish_merge(wish=second, actor=pingshan.township_office, duplicate_of=third)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.DECLINED
    assert first.decline_reason == "不属于志愿服务范围"
    assert second.status == Status.MERGED
    assert second.duplicate_of == third
    assert first.events.last().note == "不属于志愿服务范围"


def test_another_townships_office_and_manager_may_not_review(file, pingshan):
    wish = file()
    for outsider in (pingshan.other_township_office, pingshan.other_manager, pingshan.volunteer):
        with pytest.raises(WishError) as refused:
            wish_accept(wish=wish, actor=outsider)
        assert refused.value.code == "not_allowed"


def test_declining_needs_a_reason(file, pingshan):
    with pytest.raises(WishError) as refused:
        wish_decline(wish=file(), actor=pingshan.manager, reason="  ")
    assert refused.value.code == "reason_required"


def test_claiming_a_closed_wish_is_a_bad_transition(file, pingshan, helper):
    wish = file()
    wish_decline(wish=wish, actor=pingshan.manager, reason="重复")
    with pytest.raises(WishError) as refused:
        wish_claim(wish=wish, user=helper)
    assert refused.value.code == "bad_transition"
    assert refused.value.http_status == 409


def test_a_second_claim_is_already_claimed(file, pingshan, helper, second_helper):
    wish = file()
    wish_accept(wish=wish, actor=pingshan.manager)
    wish_claim(wish=wish, user=helper)
    with pytest.raises(WishError) as refused:
        wish_claim(wish=wish, user=second_helper)
    assert refused.value.code == "already_claimed"


def test_a_user_without_an_active_volunteer_record_cannot_claim(file, pingshan):
    wish = file()
    wish_accept(wish=wish, actor=pingshan.manager)
    with pytest.raises(WishError) as refused:
        wish_claim(wish=wish, user=pingshan.volunteer)  # a login, never registered
    assert refused.value.code == "volunteer_unsuitable"


def test_only_the_assignee_or_staff_report_progress(file, pingshan, helper, second_helper):
    wish = file()
    wish_accept(wish=wish, actor=pingshan.manager)
    wish_claim(wish=wish, user=helper)
    with pytest.raises(WishError) as refused:
        wish_progress(wish=wish, actor=second_helper, note="我来帮忙")
    assert refused.value.code == "not_assignee"
    wish_progress(wish=wish, actor=pingshan.manager, note="站长已电话联系")


def test_the_manager_assigns_a_team_and_its_member_resolves(file, pingshan, helper):
    from tests.volunteers.factories import join

    join(helper.volunteer, pingshan.team)
    wish = file()
    wish_accept(wish=wish, actor=pingshan.manager)
    wish_assign(wish=wish, actor=pingshan.manager, team=pingshan.team)
    wish = wish_resolve(wish=wish, actor=helper, note="队员完成", helpers=[Helper(helper, 30)])
    assert wish.status == Status.RESOLVED


def test_the_filer_reopens_and_the_volunteer_finishes_it_again(file, pingshan, helper):
    wish = file()
    wish_accept(wish=wish, actor=pingshan.manager)
    wish_claim(wish=wish, user=helper)
    wish_resolve(wish=wish, actor=helper, note="已修", helpers=[Helper(helper, 30)])
    wish = wish_reopen(wish=wish, reason="门还是关不严")
    assert wish.status == Status.ASSIGNED
    assert wish.assignee == helper
    wish_resolve(wish=wish, actor=helper, note="重新修好", helpers=[Helper(helper, 20)])
    wish = wish_confirm(wish=wish)
    assert wish.status == Status.CONFIRMED
    assert Claim.objects.filter(volunteer=helper).count() == 2


def test_minutes_are_checked_before_anything_changes(file, pingshan, helper):
    wish = file()
    wish_accept(wish=wish, actor=pingshan.manager)
    wish_claim(wish=wish, user=helper)
    for minutes in (0, 1441):
        with pytest.raises(WishError) as refused:
            wish_resolve(wish=wish, actor=helper, note="x", helpers=[Helper(helper, minutes)])
        assert refused.value.code == "minutes_invalid"
    wish.refresh_from_db()
    assert wish.status == Status.ASSIGNED
    assert not Claim.objects.exists()


def test_rating_twice_or_out_of_range_is_refused(file, pingshan, helper):
    wish = file()
    wish_accept(wish=wish, actor=pingshan.manager)
    wish_claim(wish=wish, user=helper)
    wish_resolve(wish=wish, actor=helper, note="好了", helpers=[Helper(helper, 30)])
    with pytest.raises(WishError) as refused:
        wish_rate(wish=wish, stars=6)
    assert refused.value.code == "rating_invalid"
    wish_rate(wish=wish, stars=4)
    with pytest.raises(WishError) as refused:
        wish_rate(wish=wish, stars=5)
    assert refused.value.code == "already_rated"


def test_a_volunteer_crediting_their_own_request_is_flagged(file, pingshan, helper):
    wish = file(filer=helper)
    wish_accept(wish=wish, actor=pingshan.manager)
    wish_claim(wish=wish, user=helper)
    wish_resolve(wish=wish, actor=helper, note="好了", helpers=[Helper(helper, 30)])
    assert Claim.objects.get().flags == ["own_request"]


def test_the_timeline_is_append_only_in_the_orm_and_the_database(file):
    from django.db import DatabaseError, connection, transaction

    from core.models import AppendOnlyError

    event = file().events.get()
    with pytest.raises(AppendOnlyError):
        WishEvent.objects.filter(pk=event.pk).update(note="改写")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE wishes_wishevent SET note = 'x' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM wishes_wishevent WHERE id = %s", [event.pk])
