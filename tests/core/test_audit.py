import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from core.models import AppendOnlyError, AuditEntry
from core.services import audit_log

pytestmark = pytest.mark.django_db


def test_audit_log_records_actor_action_and_target(pingshan):
    entry = audit_log(
        actor=pingshan.county_office, action="station.view", target=pingshan.station, data={}
    )
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.actor == pingshan.county_office
    assert stored.action == "station.view"
    assert stored.target_type == "stations.station"
    assert stored.target_id == str(pingshan.station.pk)


def test_audit_log_masks_id_numbers_and_secrets_at_any_depth(pingshan):
    entry = audit_log(
        actor=None,
        action="volunteer.import",
        data={
            "id_number": "13013119900101123X",
            "password": "hunter22",
            "rows": [{"guardian_id_number": "130131201001011234", "name": "张三"}],
            "device_token": "abc",
        },
    )
    data = AuditEntry.objects.get(pk=entry.pk).data
    assert data["id_number"] == "130131********123X"
    assert data["password"] == "******"
    assert data["rows"][0] == {"guardian_id_number": "130131********1234", "name": "张三"}
    assert data["device_token"] == "abc"  # only known secret keys are hidden
    assert "13013119900101123X" not in str(data)


def test_an_audit_entry_refuses_to_be_saved_again():
    entry = audit_log(actor=None, action="x")
    entry.action = "y"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).action == "x"


def test_an_audit_entry_refuses_delete_one_by_one_and_in_bulk():
    entry = audit_log(actor=None, action="x")
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="y")
    assert AuditEntry.objects.filter(pk=entry.pk, action="x").exists()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditentry SET action = 'forged' WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
    ],
)
def test_the_database_refuses_raw_update_and_delete(sql):
    entry = audit_log(actor=None, action="x")
    with (
        pytest.raises((IntegrityError, DatabaseError), match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk, action="x").exists()
