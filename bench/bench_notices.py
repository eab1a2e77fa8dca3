"""Notices: a county-wide SMS to 17,000 volunteers, resolved and queued, then delivered.

First figure: the wall time of ``notice_send`` with the county as audience and SMS as the
channel: the scope check, the template and 70-character checks, resolving 17,000 active
volunteers with their preferences in one query, and freezing 17,000 recipients and 34,000
deliveries (in-app and SMS) in bulk, with the audit entry. The baseline is a bare
``bulk_create`` of the same rows, nothing resolved or checked. Second figure: the worker
(``deliveries_run``) through the console backends — claims, rendering, the outbox rows and
the status updates, in batches — in messages per second; its baseline is a bare bulk
insert of as many outbox rows, in rows per second.
"""

import time
from datetime import datetime
from zoneinfo import ZoneInfo

VOLUNTEERS = 17_000
DAYTIME = datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _volunteers():
    from django.contrib.auth.hashers import make_password

    from core.models import Region, User
    from volunteers.models import Volunteer

    townships = list(Region.objects.filter(level=Region.Level.TOWNSHIP))
    unusable = make_password(None)
    users = [
        User(mobile=f"136{i:08d}", name=f"志愿者{i}", password=unusable) for i in range(VOLUNTEERS)
    ]
    User.objects.bulk_create(users, batch_size=2000)
    Volunteer.objects.bulk_create(
        (
            Volunteer(
                user=user,
                number=f"130131-2024-{index:06d}",
                status="active",
                township=townships[index % len(townships)],
                consent_source="paper",
                birth_date=datetime(1980, 1, 1).date(),  # noqa: DTZ001 — a date
                id_number_hash=f"{index:064d}",
            )
            for index, user in enumerate(users)
        ),
        batch_size=2000,
    )
    return users


def _county_office():
    from core.models import Region
    from core.roles import Role
    from core.services import role_grant, user_create

    office = user_create(mobile="13900000002", name="县文明办", password=None)
    role_grant(user=office, role=Role.COUNTY_OFFICE, region=Region.objects.get(code="130131"))
    return office


def _bare_insert(users, sender) -> float:
    """The same rows as the send writes, with nothing resolved or checked (then removed)."""
    from django.db import transaction

    from notices.models import Delivery, Notice, Recipient

    started = time.perf_counter()
    with transaction.atomic():
        notice = Notice.objects.create(sender=sender, title="基线", body="x", audience_label="x")
        recipients = Recipient.objects.bulk_create(
            [Recipient(notice=notice, user_id=u.pk, name=u.name) for u in users], batch_size=2000
        )
        Delivery.objects.bulk_create(
            [
                Delivery(recipient_id=r.pk, notice=notice, channel=channel, address=u.mobile)
                for r, u in zip(recipients, users, strict=True)
                for channel in ("inapp", "sms")
            ],
            batch_size=2000,
        )
    elapsed = time.perf_counter() - started
    notice.delete()
    return elapsed


def _send(office):
    from notices.audiences import Audience, Kind
    from notices.services import Draft, notice_send

    draft = Draft(
        audience=Audience(Kind.COUNTY),
        title="全县志愿服务通知",
        body="{姓名}您好：本周六上午九点在西柏坡纪念馆广场集合，请准时参加。",
        channels=("sms",),
    )
    started = time.perf_counter()
    notice = notice_send(sender=office, draft=draft, now=DAYTIME)
    elapsed = time.perf_counter() - started
    if notice.recipient_count != VOLUNTEERS:
        raise RuntimeError(f"resolved {notice.recipient_count} recipients")
    return notice, elapsed


def _bare_outbox_rate(count: int) -> float:
    from django.db import transaction

    from notices.models import Outbox

    started = time.perf_counter()
    with transaction.atomic():
        Outbox.objects.bulk_create(
            (
                Outbox(key=f"bare-{i}", channel="sms", address="13600000000", text="【平山红驿】x")
                for i in range(count)
            ),
            batch_size=2000,
        )
    rate = count / (time.perf_counter() - started)
    Outbox.objects.filter(key__startswith="bare-").delete()
    return rate


def _deliver(notice) -> float:
    from notices.models import Delivery, Outbox
    from notices.services import deliveries_run

    total = Delivery.objects.filter(notice=notice).count()
    started = time.perf_counter()
    result = deliveries_run(notice_id=notice.pk, now=DAYTIME)
    elapsed = time.perf_counter() - started
    sms = Outbox.objects.filter(channel="sms").count()
    if result.sent != total or sms != VOLUNTEERS:
        raise RuntimeError(f"sent {result.sent} of {total}, {sms} SMS in the outbox")
    return total / elapsed


def run(report) -> None:
    import logging

    logging.getLogger("notices.console").setLevel(logging.WARNING)
    started = time.perf_counter()
    users = _volunteers()
    office = _county_office()
    print(f"built {VOLUNTEERS:,} volunteers in {time.perf_counter() - started:.0f} s", flush=True)
    baseline = _bare_insert(users, office)
    notice, seconds = _send(office)
    report("county-wide notice to 17,000: resolve and queue", seconds, "s", baseline, goal="< 5 s")
    bare_rate = _bare_outbox_rate(2 * VOLUNTEERS)
    rate = _deliver(notice)
    report(
        "notice worker, console backends (34,000 messages)",
        rate,
        "msg/s",
        bare_rate,
        goal="≥ 1000 msg/s",
    )
