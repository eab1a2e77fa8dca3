from django.db import migrations

from core.db import append_only_operations


def create_head(apps, schema_editor):
    apps.get_model("ledger", "LedgerHead").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [
        *append_only_operations("ledger_entry"),
        migrations.RunPython(create_head, migrations.RunPython.noop),
    ]
