"""Pingshan County and its 23 townships (statistical division codes, GB/T 2260 + 3 digits).

Villages are added by staff (admin) or by the demo seed; the county and townships are
reference data every deployment needs.
"""

from django.db import migrations

COUNTY = ("130131", "平山县")
TOWNSHIPS = [
    ("130131100", "平山镇"), ("130131101", "东回舍镇"), ("130131102", "温塘镇"),
    ("130131103", "南甸镇"), ("130131104", "岗南镇"), ("130131105", "古月镇"),
    ("130131106", "下槐镇"), ("130131107", "孟家庄镇"), ("130131108", "小觉镇"),
    ("130131109", "蛟潭庄镇"), ("130131110", "西柏坡镇"), ("130131111", "下口镇"),
    ("130131200", "西大吾乡"), ("130131201", "上三汲乡"), ("130131202", "两河乡"),
    ("130131203", "东王坡乡"), ("130131204", "苏家庄乡"), ("130131205", "宅北乡"),
    ("130131207", "北冶乡"), ("130131209", "上观音堂乡"), ("130131210", "杨家桥乡"),
    ("130131211", "营里乡"), ("130131212", "合河口乡"),
]


def add_regions(apps, schema_editor):
    Region = apps.get_model("core", "Region")
    county, _ = Region.objects.get_or_create(
        code=COUNTY[0], defaults={"name": COUNTY[1], "level": "county"}
    )
    for code, name in TOWNSHIPS:
        Region.objects.get_or_create(
            code=code, defaults={"name": name, "level": "township", "parent": county}
        )


def remove_regions(apps, schema_editor):
    Region = apps.get_model("core", "Region")
    Region.objects.filter(code__in=[code for code, _ in TOWNSHIPS]).delete()
    Region.objects.filter(code=COUNTY[0]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(add_regions, remove_regions)]
