"""A phone on a weak signal: the check-in page is small and the scan is few queries."""

import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from stations.models import Session
from tests.stations.conftest import HERE

BUDGET_BYTES = 30 * 1024
SCAN_QUERIES = 3  # the issue asks for at most 6: session with its user, station, INSERT


def compressed(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6))


def test_the_check_in_page_weighs_under_30_kb_in_all(poster, pingshan, login):
    response = login(pingshan.volunteer).get(f"/s/{poster.secret}/")
    html = response.content
    assets = re.findall(rb'(?:href|src)="/static/([^"]+)"', html)
    assert b"stations/scan.js" in b" ".join(assets)
    total = compressed(html)
    for asset in assets:
        total += compressed(Path(finders.find(asset.decode())).read_bytes())
    assert total < BUDGET_BYTES, total


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_check_in_runs_at_most_four_queries(
    poster, pingshan, login, django_assert_max_num_queries
):
    """Outside a test transaction, so the count is what production runs (BEGIN/COMMIT
    included where the driver sends them as statements)."""
    client = login(pingshan.volunteer)
    page = client.get(f"/s/{poster.secret}/").content.decode()
    grant = re.search(r'name="grant" value="([^"]+)"', page).group(1)
    data = {"grant": grant, "program": pingshan.station.default_program_id, **HERE}
    with django_assert_max_num_queries(SCAN_QUERIES):
        response = client.post(f"/s/{poster.secret}/", data)
    assert response.status_code == 302
    assert Session.objects.get().status == "open"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_api_check_in_runs_three_queries_and_no_transaction(
    poster, pingshan, login, django_assert_num_queries
):
    """Session (joined with its user and volunteer record), poster, INSERT: the insert
    alone is atomic, so no BEGIN and COMMIT around it (see stations/services/sessions.py)."""
    client = login(pingshan.volunteer)
    body = {"token": poster.secret, **{key: float(value) for key, value in HERE.items()}}
    with django_assert_num_queries(3) as queries:
        response = client.post("/api/v1/stations/scan", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert queries.captured_queries[-1]["sql"].startswith("INSERT")
    assert Session.objects.get().status == "open"
