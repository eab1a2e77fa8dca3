"""The reminder scan: the day before and two hours before each shift and rehearsal.
Idempotent (each reminder has a unique key): run it from cron every 10 minutes."""

from django.core.management.base import BaseCommand

from notices.reminders import reminders_send


class Command(BaseCommand):
    help = "Queue the reminders due now (day before, two hours before); never one twice."

    def handle(self, *args, **options):
        self.stdout.write(f"reminders queued {reminders_send()}")
