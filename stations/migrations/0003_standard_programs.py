"""The service programs named in the Pingshan report, plus 理论宣讲. Counties add more."""

from django.db import migrations

PROGRAMS = (
    ("红色微心愿", "居民的小心愿，由志愿者帮助实现", False),
    ("我为游客办实事", "为游客提供咨询、引导等实际帮助", True),
    ("小小红色讲解员", "少年儿童担任讲解员", True),
    ("理论宣讲", "党的创新理论宣讲", False),
)


def add(apps, schema_editor):
    program = apps.get_model("stations", "ServiceProgram")
    for name, description, minors in PROGRAMS:
        program.objects.get_or_create(
            name=name, defaults={"description": description, "suitable_for_minors": minors}
        )


class Migration(migrations.Migration):
    dependencies = [("stations", "0002_checkin")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
