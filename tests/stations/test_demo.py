from decimal import Decimal
from io import StringIO

from django.core.management import call_command

from stations.models import PosterSecret, Station


def seed():
    call_command("seed_demo", "--scale", "small", stdout=StringIO())


def snapshot():
    return sorted(
        Station.objects.values_list(
            "name", "latitude", "longitude", "site_type", "default_program__name"
        )
    )


def test_the_demo_stations_stand_near_pingshan_with_programs_and_one_poster_each(db):
    seed()
    first = snapshot()
    assert len(first) == 22
    for _name, latitude, longitude, _type, default in first:
        assert Decimal("38.2") <= latitude <= Decimal("38.4")
        assert Decimal("113.9") <= longitude <= Decimal("114.2")
        assert default
    assert all(station.programs.count() == 4 for station in Station.objects.all())
    assert PosterSecret.objects.filter(revoked_at__isnull=True).count() == 22
    seed()
    assert snapshot() == first
    assert PosterSecret.objects.count() == 22
