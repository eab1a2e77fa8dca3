"""Reads of the notices app. A sender sees counts and masked values, never a number or address."""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from core.masking import mask_mobile, mask_name
from core.selectors import townships, user_region_codes, user_sees_county
from events.selectors import managed_events
from notices.errors import NoticeError
from notices.models import Channel, Delivery, Notice, Preference, Recipient
from stations.selectors import station_list
from volunteers.selectors import team_list

STATUSES = [status.value for status in Delivery.Status]


def notices_sent(*, user) -> QuerySet:
    """The notices ``user`` sent (the county office: every notice), newest first.

    Each carries its delivery figures for a list page in one query: ``n_deliveries``,
    ``n_sent``, ``n_failed``, ``n_open`` (queued or sending) and ``n_read``.
    """
    read = Recipient.objects.filter(notice=OuterRef("pk"), read_at__isnull=False)
    notices = Notice.objects.select_related("sender").annotate(
        n_deliveries=Count("deliveries"),
        n_sent=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
        n_failed=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
        n_open=Count(
            "deliveries",
            filter=Q(deliveries__status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]),
        ),
        n_read=Coalesce(
            Subquery(read.order_by().values("notice").annotate(n=Count("pk")).values("n")), 0
        ),
    )
    if user_sees_county(user):
        return notices
    return notices.filter(sender=user) if user.is_authenticated else notices.none()


def notice_for_sender(*, user, pk: int) -> Notice:
    notice = notices_sent(user=user).filter(pk=pk).first()
    if notice is None:
        raise NoticeError(_not_found(), "not_found")
    return notice


def notice_figures(notice: Notice) -> dict:
    """Delivery figures: per status, per channel and status, read, and the progress 0–1."""
    rows = Delivery.objects.filter(notice=notice).values_list("channel", "status")
    by_channel: dict[str, dict[str, int]] = {}
    for channel, status, count in rows.annotate(n=Count("pk")).order_by():
        by_channel.setdefault(channel, dict.fromkeys(STATUSES, 0))[status] = count
    totals = dict.fromkeys(STATUSES, 0)
    for counts in by_channel.values():
        for status, count in counts.items():
            totals[status] += count
    deliveries = sum(totals.values())
    done = totals[Delivery.Status.SENT] + totals[Delivery.Status.FAILED]
    read = Recipient.objects.filter(notice=notice, read_at__isnull=False).count()
    return {
        "recipients": notice.recipient_count,
        "deliveries": deliveries,
        **totals,
        "read": read,
        "by_channel": by_channel,
        "progress": round(done / deliveries, 3) if deliveries else 1.0,
    }


def notice_recipients(notice: Notice, *, limit: int = 200, status: str | None = None) -> list:
    """Per recipient and channel: masked name and address, status and the failure's reason."""
    rows = Delivery.objects.filter(notice=notice).select_related("recipient").order_by("pk")
    if status:
        rows = rows.filter(status=status)
    return [
        {
            "name": mask_name(delivery.recipient.name),
            "channel": delivery.channel,
            "address": mask_address(delivery.channel, delivery.address),
            "status": delivery.status,
            "reason": delivery.reason,
            "sent_at": delivery.sent_at,
            "read": delivery.recipient.read_at is not None,
        }
        for delivery in rows[:limit]
    ]


def mask_address(channel: str, address: str) -> str:
    if channel == Channel.SMS:
        return mask_mobile(address)
    if channel == Channel.EMAIL:
        return mask_email(address)
    return ""


def mask_email(value: str) -> str:
    """``zhangsan@qq.com`` → ``z***@qq.com``."""
    local, at, domain = str(value or "").partition("@")
    if not at:
        return "***"
    return f"{local[:1]}***@{domain}"


def inbox(user) -> QuerySet:
    """What reached ``user`` in the app, newest first."""
    if not user.is_authenticated:
        return Recipient.objects.none()
    rows = Recipient.objects.filter(user=user, inbox_at__isnull=False)
    return rows.select_related("notice").order_by("-inbox_at", "-pk")


def inbox_item(user, pk: int) -> Recipient:
    item = inbox(user).filter(pk=pk).first()
    if item is None:
        raise NoticeError(_not_found(), "not_found")
    return item


def unread_count(user) -> int:
    """The badge on 我的: one index range on (user, inbox_at)."""
    if not user.is_authenticated:
        return 0
    return Recipient.objects.filter(user=user, inbox_at__isnull=False, read_at__isnull=True).count()


def preference_of(user) -> Preference:
    """The person's channels (an unsaved default when they never chose)."""
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def audience_options(user) -> dict:
    """What the compose form may offer ``user``: the objects their roles reach."""
    county = user_sees_county(user)
    codes = user_region_codes(user)
    township_rows = townships().order_by("code")
    if not county:
        condition = Q(pk__in=[])
        for code in codes:
            condition |= Q(code__startswith=code)
        township_rows = township_rows.filter(condition)
    return {
        "teams": list(team_list(user=user).order_by("name").values_list("pk", "name")),
        "events": list(
            managed_events(user).order_by("-starts_at").values_list("pk", "title")[:200]
        ),
        "stations": list(station_list(user=user).order_by("name").values_list("pk", "name")),
        "townships": list(township_rows.values_list("pk", "name")),
        "county": county,
        "star": county,
        "urgent": county,
    }


def _not_found():
    return _("This message was not found.")
