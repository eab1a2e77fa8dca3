from django.db import migrations

from core.db import append_only_operations

# (code, name, description, photo required, at a station, deadline in working days, program)
KINDS = (
    ("wish", "红色微心愿", "居民的小心愿：一件物品、一次探望、一次维修，由志愿者帮助实现", False, False,
     5, "红色微心愿"),
    ("visitor", "游客求助", "游客在红色驿站遇到的难处：问路、寄存、急救、讲解", False, True, 1,
     "我为游客办实事"),
    ("snapshot", "随手拍", "随手拍下不文明现象或损坏的设施，由志愿者和有关部门处理", True, False, 3,
     ""),
)


def add(apps, schema_editor):
    WishKind = apps.get_model("wishes", "WishKind")
    ServiceProgram = apps.get_model("stations", "ServiceProgram")
    for code, name, description, photo, station, days, program in KINDS:
        WishKind.objects.get_or_create(code=code, defaults={
            "name": name, "description": description, "photo_required": photo,
            "station_required": station, "deadline_working_days": days,
            "program": ServiceProgram.objects.filter(name=program).first() if program else None,
        })


class Migration(migrations.Migration):
    dependencies = [("wishes", "0001_initial"), ("stations", "0003_standard_programs")]
    operations = [
        *append_only_operations("wishes_wishevent"),
        migrations.RunPython(add, migrations.RunPython.noop),
    ]
