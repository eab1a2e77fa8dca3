from django.db import migrations

from core.db import append_only_operations


class Migration(migrations.Migration):
    dependencies = [("core", "0002_pingshan_regions")]
    operations = append_only_operations("core_auditentry")
