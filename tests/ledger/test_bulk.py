import random
from datetime import date, timedelta

import pytest
from django.db import transaction

from ledger.models import Kind
from ledger.services import Activity, claim_approve, claim_submit, entries_bulk_post
from tests.ledger.helpers import stored_balances, stored_summaries, verify

pytestmark = pytest.mark.django_db

FIELDS = ("kind", "service_date", "activity", "place", "station_key", "station_name",
          "program_key", "program_name", "team_key", "team_name")  # fmt: skip


def records(pingshan, units, count=40):
    rng = random.Random(7)  # noqa: S311 - test data
    for n in range(count):
        unit = rng.choice(units)
        yield {
            "source_key": f"paper:{n}",
            "volunteer": rng.choice([pingshan.volunteer, pingshan.leader]),
            "unit": unit,
            "minutes": rng.randint(10, 300),
            "kind": rng.choice([Kind.STATION, Kind.PERFORMANCE]),
            "service_date": date(2025, 1, 1) + timedelta(days=rng.randrange(400)),
            "activity": "驿站服务",
            "place": unit.name,
            "station_key": unit.key,
            "station_name": unit.name,
            "program_key": rng.choice(["", "program:wish"]),
            "program_name": "红色微心愿",
            "team_key": rng.choice(["", "team:1"]),
            "team_name": "平山红第一合唱队",
        }


def through_the_service_path(rows, actor):
    for row in rows:
        activity = Activity(township=row["unit"].region, **{f: row[f] for f in FIELDS})
        claim = claim_submit(
            source_key=row["source_key"],
            volunteer=row["volunteer"],
            unit=row["unit"],
            activity=activity,
            minutes=row["minutes"],
        )
        claim_approve(claim=claim, actor=actor)


def through_the_bulk_path(rows):
    entries_bulk_post([
        {**{f: row[f] for f in FIELDS}, "source_key": row["source_key"],
         "volunteer_id": row["volunteer"].pk, "unit": row["unit"], "minutes": row["minutes"],
         "township": row["unit"].region}
        for row in rows
    ])  # fmt: skip


def test_the_bulk_path_gives_the_same_balances_summaries_and_a_valid_chain(
    pingshan, unit, other_unit
):
    rows = list(records(pingshan, [unit, other_unit]))
    with transaction.atomic():
        through_the_service_path(rows, pingshan.county_office)
        expected = (stored_balances(), stored_summaries())
        assert verify()[0] == 0
        transaction.set_rollback(True)
    through_the_bulk_path(rows)
    assert (stored_balances(), stored_summaries()) == expected
    code, said = verify()
    assert code == 0, said
    assert "40 entries" in said
