import secrets
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from stations import people
from stations.models import ServiceProgram, Session
from stations.services import poster_ensure, station_unit_sync

# Where the 西柏坡 test station stands; a phone here is inside the geofence.
HERE = {"latitude": "38.300000", "longitude": "114.000000"}


def set_up(station, default="我为游客办实事"):
    programs = list(ServiceProgram.objects.all())
    station.latitude, station.longitude = Decimal("38.3"), Decimal("114.0")
    station.default_program = ServiceProgram.objects.get(name=default)
    station.opening_hours = {str(day): ["09:00", "17:00"] for day in range(7)}
    station.save()
    station.programs.set(programs)
    station_unit_sync(station=station)
    return station


@pytest.fixture
def station(pingshan):
    """The 西柏坡 station, managed by ``pingshan.manager``, with every program."""
    return set_up(pingshan.station)


@pytest.fixture
def other_station(pingshan):
    return set_up(pingshan.other_station)


@pytest.fixture
def poster(station):
    return poster_ensure(station=station)


@pytest.fixture
def cards():
    """Volunteer cards in the adapter's terms: ``cards.issue(user)`` returns a secret
    that ``stations.people.user_for_card`` resolves, as the volunteers app will."""

    class Cards(dict):
        def issue(self, user):
            secret = secrets.token_hex(8)
            self[secret] = user
            return secret

    issued = Cards()
    people.register_card_lookup(issued.get)
    yield issued
    people.register_card_lookup(None)


def backdate(minutes: int, **filters) -> None:
    """Pretend the open session started ``minutes`` ago (time passing on duty)."""
    Session.objects.filter(status="open", **filters).update(
        started_at=timezone.now() - timedelta(minutes=minutes)
    )
