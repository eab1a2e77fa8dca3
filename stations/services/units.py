"""Writes of the stations app."""

from django.db import transaction

from ledger.services import unit_ensure
from stations.models import Station


def station_unit_key(station: Station) -> str:
    return f"station:{station.pk}"


@transaction.atomic
def station_unit_sync(*, station: Station):
    """Keep the station's recording unit in step with the station and its managers.

    A station records the hours served there (谁组织谁记录), so its managers are the
    people who approve them in the ledger.
    """
    return unit_ensure(
        key=station_unit_key(station),
        name=station.name,
        region=station.region,
        managers=list(station.managers.all()),
    )
