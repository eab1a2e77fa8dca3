"""The round trip: the demo county's national export, imported into a second, empty
instance's external records, states the same hours for the same people.

The second instance is this test database emptied (``manage.py flush``) and brought back
to what its migrations put in, as a freshly installed Hongyi is. In it, the same people
register as volunteers (their ID numbers and names are all the file and the new county
share), and the county office imports the file.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Sum

from core.demo import demo_account
from core.roles import Role
from exchange.models import ExternalRecord
from exchange.people import exported_volunteers, full_id_number
from exchange.services import export_create, export_file, import_create
from ledger.models import Balance, Entry
from tests.factories import UserFactory, township
from tests.volunteers.factories import VolunteerFactory
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


def fresh_instance() -> None:
    """Empty every table, then load what the migrations seed (regions, ledger heads)."""
    call_command(
        "flush", interactive=False, verbosity=0, reset_sequences=False, inhibit_post_migrate=True
    )
    connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


def hours_by_id_number() -> dict[str, int]:
    """The first instance's ledger minutes of each exported volunteer, by ID number."""
    people = {v.user_id: full_id_number(v) for v in exported_volunteers()}
    sums = Entry.objects.values("volunteer").annotate(minutes=Sum("minutes"))
    return {people[row["volunteer"]]: row["minutes"] for row in sums if row["volunteer"] in people}


def external_by_id_number() -> dict[str, int]:
    people = {v.user_id: full_id_number(v) for v in Volunteer.objects.all()}
    sums = ExternalRecord.objects.values("volunteer").annotate(minutes=Sum("minutes"))
    return {people[row["volunteer"]]: row["minutes"] for row in sums}


def test_the_demo_county_exported_and_imported_into_an_empty_instance_states_the_same_hours():
    call_command("seed_demo", stdout=io.StringIO())
    county = demo_account(Role.COUNTY_OFFICE)
    export = export_create(actor=county, reason="往返测试")
    export.refresh_from_db()
    content = export_file(export=export, actor=county)[2]
    expected = hours_by_id_number()
    names = {full_id_number(v): (v.user.name, v.user.mobile) for v in exported_volunteers()}
    # Pending registrations' hours wait until they are approved (counted as skipped).
    assert export.hour_rows + export.skipped_entries == Entry.objects.count()
    assert export.hour_rows > 800
    exported = Balance.objects.filter(volunteer__volunteer__in=exported_volunteers())
    assert sum(expected.values()) == sum(exported.values_list("service_minutes", flat=True))

    fresh_instance()
    assert not (Entry.objects.exists())
    assert not (Volunteer.objects.exists())
    for number, (name, mobile) in names.items():
        VolunteerFactory(
            id_text=number, user__name=name, user__mobile=mobile, township=township("130131100")
        )
    office = UserFactory.with_role(Role.COUNTY_OFFICE, region=township("130131"))
    made = import_create(
        actor=office, filename="pingshan.xlsx", content=content, origin="平山县（全国系统导出）"
    )
    made.refresh_from_db()

    assert (made.status, made.problems) == ("done", [])
    assert made.imported_rows == export.hour_rows
    assert external_by_id_number() == expected
    assert not Entry.objects.exists()
    assert not Balance.objects.exists()
