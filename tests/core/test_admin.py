"""The one read-only admin: every app's look-only admin pages derive from
core.admin.ReadOnlyAdmin, and none refuses writes with a copy of its own."""

import ast
from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import reverse

from core.admin import ReadOnlyAdmin

ROOT = Path(__file__).resolve().parents[2]
PERMISSIONS = {"has_add_permission", "has_change_permission", "has_delete_permission"}
READ_ONLY = [
    "core.AuditEntry",
    "events.Event",
    "events.Series",
    "events.Shift",
    "events.SignUp",
    "ledger.Claim",
    "ledger.Dispute",
    "ledger.Entry",
    "ledger.MonthlySummary",
    "ledger.TrainingRecord",
    "stations.Kiosk",
    "stations.OfflineScan",
    "stations.Session",
    "volunteers.RosterImport",
    "volunteers.Volunteer",
    "wishes.OverdueDigest",
    "wishes.Wish",
    "wishes.WishEvent",
]


def registered(label):
    return next(m for m in admin.site._registry.values() if m.opts.label == label)


@pytest.mark.parametrize("label", READ_ONLY)
def test_records_that_change_only_through_services_are_read_only_in_the_admin(label):
    assert isinstance(registered(label), ReadOnlyAdmin)


def test_no_app_keeps_its_own_copy_of_the_read_only_admin():
    copies = []
    for path in sorted(ROOT.glob("*/admin.py")):
        if path.parent.name == "core":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = {getattr(b, "attr", getattr(b, "id", "")) for b in node.bases}
            overrides = {f.name for f in node.body if isinstance(f, ast.FunctionDef)}
            if "ModelAdmin" in bases and overrides & PERMISSIONS:
                copies.append(f"{path.parent.name}.{node.name}")
    assert copies == []


@pytest.mark.django_db
def test_an_administrator_can_look_but_not_add_change_or_delete(login, pingshan):
    client = login(pingshan.admin)
    audit = reverse("admin:core_auditentry_changelist")
    assert client.get(audit).status_code == 200
    assert client.get(reverse("admin:core_auditentry_add")).status_code == 403
    assert client.get(reverse("admin:ledger_entry_add")).status_code == 403
    assert client.get(reverse("admin:stations_kiosk_add")).status_code == 403
