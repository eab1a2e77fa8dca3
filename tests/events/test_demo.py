from io import StringIO

from django.core.management import call_command
from django.db.models import Sum

from events.models import Event, Series, SignUp
from ledger.models import Claim, Entry


def seed():
    call_command("seed_demo", "--scale", "small", stdout=StringIO())


def test_the_pingshan_red_series_reproduces_the_reported_figures(db):
    seed()
    held = Event.objects.filter(title__startswith="平山红", status=Event.Status.DONE)
    assert held.count() >= 50
    assert {e.starts_at.year for e in held} == {2024, 2025}
    assert held.aggregate(total=Sum("actual_audience"))["total"] > 1_000_000
    opening = held.get(title="平山红·开幕演出")
    assert opening.actual_audience >= 1000
    assert opening.teams.filter(kind="chorus").count() == 5
    assert opening.programme.filter(title="《团结就是力量》").exists()
    assert Series.objects.filter(kind="rehearsal").exists()
    assert SignUp.objects.filter(status=SignUp.Status.CONFIRMED).exists()
    assert Entry.objects.filter(source_key__startswith="performance:").exists()
    assert Claim.objects.filter(source_key__startswith="shift-attendance:").count() >= 2
    counts = (Event.objects.count(), Entry.objects.count(), SignUp.objects.count())
    seed()
    assert (Event.objects.count(), Entry.objects.count(), SignUp.objects.count()) == counts
