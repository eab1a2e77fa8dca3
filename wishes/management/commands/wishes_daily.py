"""The daily job: confirm requests nobody confirmed in time, and write each station's
overdue list for its managers. Idempotent: run it from cron once a day (or more often)."""

from django.core.management.base import BaseCommand

from wishes.services import overdue_digests_send, wishes_auto_confirm


class Command(BaseCommand):
    help = "Auto-confirm requests done long enough ago; send today's overdue lists."

    def handle(self, *args, **options):
        confirmed = wishes_auto_confirm()
        digests = overdue_digests_send()
        self.stdout.write(f"auto-confirmed {confirmed}, overdue lists sent {digests}")
