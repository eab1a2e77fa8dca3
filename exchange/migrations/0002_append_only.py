from django.db import migrations

from core.db import append_only_operations


def create_head(apps, schema_editor):
    apps.get_model("exchange", "PointsHead").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_initial")]
    operations = [
        *append_only_operations("exchange_pointsentry"),
        *append_only_operations("exchange_externalrecord"),
        migrations.RunPython(create_head, migrations.RunPython.noop),
    ]
