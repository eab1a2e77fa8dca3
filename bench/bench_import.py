"""Roster import: 17,000 rows (the county's size) checked and committed, against raw inserts.

The figure is the wall time of ``roster_import_preview`` plus ``roster_import_commit``
on an XLSX file: reading with openpyxl, every rule, duplicate checks in the file and in
the database, encryption, keyed hashes, numbers, and the one-transaction write. The
baseline is ``bulk_create`` of the same users and volunteers with nothing checked.
"""

import io
import random
import time
from datetime import date, timedelta

ROWS = 17_000
HEADERS = ["姓名", "身份证号", "手机号", "乡镇", "村", "服务类别", "可服务时间", "紧急联系人",
           "紧急联系人手机号"]  # fmt: skip


def _villages():
    from core.models import Region

    villages = []
    for township in Region.objects.filter(level=Region.Level.TOWNSHIP):
        for index in range(30):
            code = f"{township.code}{index + 201:03d}"
            villages.append(Region(code=code, name=f"{township.name[:2]}{index}村",
                                   level=Region.Level.VILLAGE, parent=township))  # fmt: skip
    Region.objects.bulk_create(villages, ignore_conflicts=True)
    return list(Region.objects.filter(level=Region.Level.VILLAGE).select_related("parent"))


def _rows(villages, rng):
    from volunteers.identity import check_character

    for index in range(ROWS):
        birth = date(1950, 1, 1) + timedelta(days=index)  # one person a birthday: unique
        first17 = f"130131{birth:%Y%m%d}{rng.randint(0, 999):03d}"
        village = villages[index % len(villages)]
        yield [
            f"志愿者{index}", first17 + check_character(first17), f"136{index:08d}",
            village.parent.name, village.name, "红色讲解、文艺演出", "周末", "家人", "13999990000",
        ]  # fmt: skip


def _xlsx(rows) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)  # noqa: TID251 - a roster to import, not an export
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _import(content: bytes) -> float:
    from volunteers.services import roster_import_commit, roster_import_preview

    started = time.perf_counter()
    preview = roster_import_preview(filename="bench.xlsx", content=content, actor=None)
    done = roster_import_commit(roster_import_id=preview.pk, waiting=False)
    elapsed = time.perf_counter() - started
    if done.imported_rows != ROWS:
        raise RuntimeError(f"imported {done.imported_rows} of {ROWS}: {done.problems[:3]}")
    return elapsed


def _raw_inserts(villages) -> float:
    """The same number of users and volunteers, inserted with nothing checked or encrypted."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from core.models import User
    from volunteers.models import Volunteer

    unusable = make_password(None)
    started = time.perf_counter()
    with transaction.atomic():
        users = [
            User(mobile=f"135{i:08d}", name=f"基线{i}", password=unusable) for i in range(ROWS)
        ]
        User.objects.bulk_create(users, batch_size=1000)
        volunteers = [
            Volunteer(user=user, id_number_hash=f"{i:064x}", birth_date=date(1980, 1, 1),
                      gender="male", township=villages[i % len(villages)].parent,
                      village=villages[i % len(villages)], consent_source="paper")
            for i, user in enumerate(users)
        ]  # fmt: skip
        Volunteer.objects.bulk_create(volunteers, batch_size=1000)
    return time.perf_counter() - started


def run(report) -> None:
    rng = random.Random(130131)  # noqa: S311 - test data, not secrets
    villages = _villages()
    content = _xlsx(_rows(villages, rng))
    seconds = _import(content)
    baseline = _raw_inserts(villages)
    report("import 17,000 XLSX rows", seconds, "s", baseline, goal="< 60 s")
