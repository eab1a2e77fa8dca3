"""The demo: items across the stations in every state, hours in the ledger (its chain
intact) or in the queue, work for the demo logins, and a second run that adds nothing."""

from io import StringIO

from django.core.management import call_command

from core.demo import demo_account
from core.roles import Role
from ledger.chain import first_break
from ledger.models import Claim, Entry
from wishes.models import Status, Wish, WishEvent
from wishes.selectors import staff_wishes


def seed():
    call_command("seed_demo", "--scale", "small", stdout=StringIO())


def test_the_small_demo_has_every_state_and_the_ledger_stays_intact(db):
    seed()
    statuses = set(Wish.objects.values_list("status", flat=True))
    assert {Status.CONFIRMED, Status.RESOLVED, Status.ASSIGNED, Status.DECLINED} <= statuses
    assert Wish.objects.values("station").distinct().count() > 10
    assert Entry.objects.filter(kind="wish").exists()
    assert Claim.objects.filter(kind="wish", status="pending").exists()
    assert first_break(Entry.objects.order_by("seq").iterator()) is None
    manager, volunteer = demo_account(Role.STATION_MANAGER), demo_account(Role.VOLUNTEER)
    mine = staff_wishes(manager)
    assert mine.filter(status=Status.SUBMITTED).exists()
    assert Wish.objects.filter(assignee=volunteer, status=Status.ASSIGNED).exists()
    counts = (Wish.objects.count(), WishEvent.objects.count(), Entry.objects.count())
    seed()
    assert (Wish.objects.count(), WishEvent.objects.count(), Entry.objects.count()) == counts
