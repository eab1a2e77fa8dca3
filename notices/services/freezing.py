"""Freezing an audience into recipients and deliveries, set-based: three INSERT … SELECT.

A county-wide notice is 17,000 recipients and up to three times as many deliveries; the
rows never pass through Python. The recipients are copied from the audience's query (one
subquery of the source apps' tables), the deliveries from the recipients joined with their
users and preferences: in-app for everyone, email where it is on and has an address, SMS
where it is not off and there is a number.
"""

from django.db import connection
from django.db.models import F, IntegerField, Max, Value
from django.db.models.functions import Length

from notices.models import Channel, Delivery, Notice, Preference, Recipient

DELIVERY_COLUMNS = (
    "recipient_id, notice_id, channel, address, status, not_before, attempts, reason, provider_ref"
)


def recipients_insert(notice: Notice, users) -> int:
    """Copy ``users`` (a queryset) into the notice's recipients; how many there are."""
    rows = users.annotate(
        n=Value(notice.pk, output_field=IntegerField()), u=F("pk"), nm=F("name")
    ).values_list("n", "u", "nm")
    sql, params = rows.order_by("pk").query.get_compiler(connection=connection).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Recipient._meta.db_table} (notice_id, user_id, name) {sql}", params
        )
        return cursor.rowcount


def longest_name(notice: Notice) -> int:
    rows = Recipient.objects.filter(notice=notice)
    return rows.aggregate(longest=Max(Length("name")))["longest"] or 0


def deliveries_insert(notice: Notice, channel: str, *, not_before) -> int:
    """One delivery of ``channel`` per recipient who gets it; how many."""
    recipient, user = Recipient._meta.db_table, "core_user"
    preference = Preference._meta.db_table
    address, join, condition, extra = {
        Channel.INAPP: ("''", "", "", []),
        Channel.SMS: (
            "u.mobile",
            f"JOIN {user} u ON u.id = r.user_id LEFT JOIN {preference} p ON p.user_id = r.user_id",
            "AND u.mobile <> '' AND (p.sms IS NULL OR p.sms = %s)",
            [True],
        ),
        Channel.EMAIL: (
            "p.email_address",
            f"JOIN {preference} p ON p.user_id = r.user_id",
            "AND p.email = %s AND p.email_address <> ''",
            [True],
        ),
    }[channel]
    when = connection.ops.adapt_datetimefield_value(not_before)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Delivery._meta.db_table} ({DELIVERY_COLUMNS}) "  # noqa: S608
            f"SELECT r.id, r.notice_id, %s, {address}, %s, %s, 0, '', '' "
            f"FROM {recipient} r {join} WHERE r.notice_id = %s {condition} ORDER BY r.id",
            [channel, Delivery.Status.QUEUED, when, notice.pk, *extra],
        )
        return cursor.rowcount
