import random
from datetime import date, timedelta

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Count, Max, Sum
from django.db.models.functions import TruncMonth

from core.models import AuditEntry
from ledger.models import Balance, Entry, Kind, LedgerHead, MonthlySummary
from ledger.services import claim_approve, entries_import
from tests.factories import UserFactory
from tests.ledger.helpers import rebuilt_summaries, stored_balances, stored_summaries, verify

pytestmark = pytest.mark.django_db


def rows(pingshan, units, count=300, prefix="paper", people=None):
    rng = random.Random(11)  # noqa: S311 - test data
    people = people or [pingshan.volunteer, pingshan.leader, pingshan.manager]
    for n in range(count):
        unit = rng.choice(units)
        team = rng.random() < 0.3
        yield {
            "source_key": f"{prefix}:{n}",
            "volunteer": rng.choice(people),
            "unit_id": unit.pk,
            "minutes": rng.randint(10, 300),
            "kind": Kind.PERFORMANCE if team else Kind.STATION,
            "service_date": date(2024, 1, 1) + timedelta(days=rng.randrange(700)),
            "activity": "合唱演出" if team else "驿站服务",
            "place": unit.name,
            "township": unit.region,
            "station_key": unit.key,
            "station_name": unit.name,
            "program_key": "" if team else rng.choice(["program:wish", "program:visitors"]),
            "program_name": "" if team else "红色微心愿",
            "team_key": "team:1" if team else "",
            "team_name": "平山红第一合唱队" if team else "",
        }


def test_imported_entries_chain_after_live_ones_and_verify(submit, pingshan, unit, other_unit):
    claim_approve(claim=submit(90), actor=pingshan.manager)
    seen = []
    done = entries_import(rows=rows(pingshan, [unit, other_unit]), progress=seen.append,
                          batch_size=64)  # fmt: skip
    claim_approve(claim=submit(45), actor=pingshan.manager)
    assert done == 300
    assert seen == [64, 128, 192, 256, 300]
    code, said = verify()
    assert code == 0, said
    assert "302 entries" in said
    assert LedgerHead.objects.get().seq == 302
    audit = AuditEntry.objects.get(action="entries.import")
    assert audit.data == {"entries": 300, "first_seq": 2, "last_seq": 301}


def test_imported_totals_equal_a_direct_aggregate_of_the_entries(
    submit, pingshan, unit, other_unit
):
    claim_approve(claim=submit(90), actor=pingshan.manager)
    people = [pingshan.volunteer, *UserFactory.create_batch(40)]  # > 500 cells: the bulk upsert
    entries_import(rows=rows(pingshan, [unit, other_unit], count=2000, people=people))
    assert MonthlySummary.objects.filter(dimension="volunteer").count() > 500
    by_volunteer = Entry.objects.values("volunteer").annotate(
        m=Sum("minutes"), n=Count("pk"), last=Max("service_date")
    )
    assert stored_balances() == {(r["volunteer"], r["m"], r["n"], r["last"]) for r in by_volunteer}
    by_township = (
        Entry.objects.annotate(month=TruncMonth("service_date"))
        .values("township", "month").annotate(m=Sum("minutes"), n=Count("pk"))
    )  # fmt: skip
    cells = MonthlySummary.objects.filter(dimension="township")
    assert set(cells.values_list("key", "month", "minutes", "entry_count")) == {
        (str(r["township"]), r["month"], r["m"], r["n"]) for r in by_township
    }
    assert stored_summaries() == rebuilt_summaries()
    assert Balance.objects.get(volunteer=pingshan.volunteer).service_minutes > 0


@pytest.mark.parametrize(
    "sql",
    ["UPDATE ledger_entry SET minutes = 1 WHERE seq = 3", "DELETE FROM ledger_entry WHERE seq = 3"],
)
def test_imported_entries_stay_append_only(pingshan, unit, sql):
    entries_import(rows=rows(pingshan, [unit], count=5))
    with (
        pytest.raises((IntegrityError, DatabaseError), match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert Entry.objects.count() == 5


def test_a_repeated_source_key_imports_nothing(pingshan, unit):
    entries_import(rows=rows(pingshan, [unit], count=5))
    head = LedgerHead.objects.values_list("seq", "hash").get()
    again = [*rows(pingshan, [unit], count=3, prefix="later"), *rows(pingshan, [unit], count=1)]
    with pytest.raises(IntegrityError):
        entries_import(rows=again)
    assert Entry.objects.count() == 5
    assert LedgerHead.objects.values_list("seq", "hash").get() == head
    assert verify()[0] == 0


def test_an_unknown_or_computed_field_is_refused(pingshan, unit):
    row = next(rows(pingshan, [unit], count=1))
    for extra in ({"minuets": 5}, {"hash": "0" * 64}):
        with pytest.raises(TypeError, match="unknown fields"):
            entries_import(rows=[{**row, **extra}])
    assert not Entry.objects.exists()
