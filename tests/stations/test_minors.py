from datetime import date

import pytest

from stations.errors import StationError
from stations.models import ServiceProgram, Session
from stations.services import session_check_in
from tests.volunteers.factories import VolunteerFactory, id_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def child():
    """A 12-year-old registered with a guardian."""
    from django.utils import timezone

    return VolunteerFactory(
        id_text=id_number(date(2014, 3, 1)), guardian_name="李妈妈",
        guardian_mobile="13911113333", guardian_consent_at=timezone.now(),
    )  # fmt: skip


def test_a_minor_cannot_check_in_to_an_adults_program(station, child):
    adults_only = station.programs.filter(suitable_for_minors=False).first()
    with pytest.raises(StationError) as refused:
        session_check_in(volunteer=child.user, station_id=station.pk, via="poster",
                         program_id=adults_only.pk)  # fmt: skip
    assert refused.value.code == "minors_not_allowed"
    assert not Session.objects.exists()


def test_a_minor_checks_in_as_a_little_red_guide(station, child):
    guides = ServiceProgram.objects.get(name="小小红色讲解员")
    assert guides.suitable_for_minors
    session = session_check_in(volunteer=child.user, station_id=station.pk, via="poster",
                               program_id=guides.pk)  # fmt: skip
    assert session.program == guides


def test_an_adult_checks_in_to_any_program(station):
    adult = VolunteerFactory()
    adults_only = station.programs.filter(suitable_for_minors=False).first()
    session = session_check_in(volunteer=adult.user, station_id=station.pk, via="poster",
                               program_id=adults_only.pk)  # fmt: skip
    assert session.program == adults_only
