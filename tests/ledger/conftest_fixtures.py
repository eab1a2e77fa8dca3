from datetime import date

import pytest

from ledger.models import Kind
from ledger.services import Activity, claim_submit, unit_ensure


@pytest.fixture
def unit(pingshan):
    """The 西柏坡 station's recording unit, managed by ``pingshan.manager``."""
    return unit_ensure(
        key=f"station:{pingshan.station.pk}",
        name=pingshan.station.name,
        region=pingshan.xibaipo,
        managers=[pingshan.manager],
        person_in_charge="赵站长",
    )


@pytest.fixture
def other_unit(pingshan):
    return unit_ensure(
        key=f"station:{pingshan.other_station.pk}",
        name=pingshan.other_station.name,
        region=pingshan.wentang,
        managers=[pingshan.other_manager],
    )


@pytest.fixture
def submit(pingshan, unit):
    """Submit a station-service claim for ``pingshan.volunteer`` (overridable)."""
    counter = iter(range(1, 10_000))

    def _submit(minutes=120, *, volunteer=None, on=date(2026, 11, 20), **overrides):
        station = overrides.pop("station", pingshan.station)
        activity = Activity(
            kind=overrides.pop("kind", Kind.STATION),
            service_date=on,
            activity="驿站讲解服务",
            place="西柏坡纪念馆",
            content="为游客讲解红色历史",
            station_key=f"station:{station.pk}",
            station_name=station.name,
            program_key="program:guide",
            program_name="我为游客办实事",
        )
        return claim_submit(
            source_key=overrides.pop("source_key", f"test-session:{next(counter)}"),
            volunteer=volunteer or pingshan.volunteer,
            unit=overrides.pop("unit", unit),
            activity=activity,
            minutes=minutes,
            **overrides,
        )

    return _submit
