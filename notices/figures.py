"""Delivery figures for a page of sent notices in two queries (the sent list), the same
figures ``notices.selectors.notice_figures`` gives for one notice."""

from django.db.models import Count

from notices.models import Delivery, Recipient

STATUSES = [status.value for status in Delivery.Status]


def figures_for(notices) -> dict[int, dict]:
    """``{notice id: {"queued": n, "sending": n, "sent": n, "failed": n, "read": n,
    "deliveries": n, "progress": 0..1}}``."""
    ids = [notice.pk for notice in notices]
    figures = {pk: dict.fromkeys([*STATUSES, "read", "deliveries"], 0) for pk in ids}
    counts = Delivery.objects.filter(notice_id__in=ids).values_list("notice_id", "status")
    for pk, status, count in counts.annotate(n=Count("pk")).order_by():
        figures[pk][status] += count
        figures[pk]["deliveries"] += count
    read = Recipient.objects.filter(notice_id__in=ids, read_at__isnull=False)
    for pk, count in read.values_list("notice_id").annotate(n=Count("pk")).order_by():
        figures[pk]["read"] = count
    for row in figures.values():
        done = row["sent"] + row["failed"]
        row["progress"] = round(done / row["deliveries"], 3) if row["deliveries"] else 1.0
        row["percent"] = round(row["progress"] * 100)
    return figures
