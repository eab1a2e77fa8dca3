from io import StringIO

from django.core.management import call_command
from django.db import connection

from ledger.models import Balance, Entry, MonthlySummary
from ledger.services.summaries import _replay


def verify() -> tuple[int, str]:
    """Run ``ledger_verify``: (exit code, what it said)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("ledger_verify", stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, err.getvalue()
    except Exception as error:  # noqa: BLE001 - CommandError, reported as the CLI would
        return 1, str(error)
    return 0, out.getvalue()


def tamper(sql: str, params) -> None:
    """Change a ledger row behind the triggers' back, as an attacker with the file would."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER ledger_entry_no_update")
            cursor.execute(sql, params)
        else:
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(sql, params)
            cursor.execute("SET LOCAL session_replication_role = origin")


def stored_summaries() -> set:
    return set(
        MonthlySummary.objects.values_list(
            "dimension", "key", "month", "label", "minutes", "entry_count"
        )
    )


def rebuilt_summaries() -> set:
    _balances, cells = _replay(Entry.objects.select_related("township").order_by("seq"))
    return {(c.dimension, c.key, c.month, c.label, c.minutes, c.entry_count) for c in cells}


def stored_balances() -> set:
    return set(
        Balance.objects.values_list(
            "volunteer_id", "service_minutes", "entry_count", "last_service_date"
        )
    )


def rebuilt_balances() -> set:
    balances, _cells = _replay(Entry.objects.select_related("township").order_by("seq"))
    return {
        (b.volunteer_id, b.service_minutes, b.entry_count, b.last_service_date) for b in balances
    }
