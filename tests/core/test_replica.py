import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from core.replica import reading_replica, replica_wanted
from ledger.models import Balance

pytestmark = pytest.mark.django_db


def test_without_a_replica_reading_replica_changes_nothing():
    with CaptureQueriesContext(connections["default"]) as primary, reading_replica():
        Balance.objects.count()
    assert len(primary.captured_queries) == 1


def test_reading_replica_ends_with_its_block_even_on_an_error():
    def fail_inside():
        with reading_replica():
            assert replica_wanted()
            raise ValueError

    with pytest.raises(ValueError):  # noqa: PT011 - the block's own error, passed through
        fail_inside()
    assert not replica_wanted()
