"""The read-replica router, with a second alias that mirrors the test database (as
``DATABASE_REPLICA_URL`` adds one in production, with ``TEST: {"MIRROR": "default"}``)."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from core.replica import REPLICA, reading_replica
from stations.models import Station

# The replica is a second connection: it sees only committed rows, so tests commit.
pytestmark = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", REPLICA]
)


@pytest.fixture(scope="module", autouse=True)
def replica(django_db_setup, django_db_blocker):
    """For this module only: a ``replica`` alias mirroring the test database."""
    primary = connections["default"].settings_dict
    connections.settings[REPLICA] = {**primary, "TEST": {**primary["TEST"], "MIRROR": "default"}}
    yield
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


class Queries:
    """The SQL each connection ran inside the block."""

    def __enter__(self):
        self.primary = CaptureQueriesContext(connections["default"]).__enter__()
        self.replica = CaptureQueriesContext(connections[REPLICA]).__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)

    def on(self, alias: str, table: str) -> int:
        captured = self.primary if alias == "default" else self.replica
        return sum(table in query["sql"] for query in captured.captured_queries)


def test_reads_inside_reading_replica_go_to_the_replica(pingshan):
    with Queries() as queries:
        with reading_replica():
            assert Station.objects.count() == 2
        assert Station.objects.count() == 2
    assert queries.on(REPLICA, "stations_station") == 1
    assert queries.on("default", "stations_station") == 1


def test_an_object_read_from_the_replica_is_saved_to_the_primary(pingshan):
    with reading_replica():
        station = Station.objects.get(pk=pingshan.station.pk)
    assert station._state.db == REPLICA
    station.name = "西柏坡纪念馆红色驿站（新）"
    with Queries() as queries:
        station.save()
    assert queries.on("default", "UPDATE") == 1
    assert queries.on(REPLICA, "UPDATE") == 0


@pytest.mark.parametrize("url", ["/reports/dashboard/", "/api/v1/stats/summary",
                                 "/api/v1/stats/by/township", "/api/v1/stats/months"])  # fmt: skip
def test_statistics_are_read_from_the_replica(pingshan, login, url):
    client = login(pingshan.county_office)
    with Queries() as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert queries.on(REPLICA, "ledger_monthlysummary") >= 1
    assert queries.on("default", "ledger_monthlysummary") == 0
