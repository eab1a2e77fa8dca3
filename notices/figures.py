"""A sent notice's delivery figures as the list pages show them, from the counts
``notices.selectors.notices_sent`` annotates (one query for a whole page of notices)."""


def list_figures(notice) -> dict:
    """``{"recipients", "deliveries", "sent", "failed", "queued", "read", "progress",
    "percent"}``; ``queued`` counts queued and sending rows."""
    deliveries = notice.n_deliveries
    done = notice.n_sent + notice.n_failed
    progress = round(done / deliveries, 3) if deliveries else 1.0
    return {
        "recipients": notice.recipient_count,
        "deliveries": deliveries,
        "sent": notice.n_sent,
        "failed": notice.n_failed,
        "queued": notice.n_open,
        "sending": 0,
        "read": notice.n_read,
        "progress": progress,
        "percent": round(progress * 100),
    }
