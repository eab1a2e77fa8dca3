"""The reminder scan: the day before and two hours before each shift and rehearsal.
Idempotent (each reminder has a unique key): run it from cron every 10 minutes. It also
queues again any notice a dead worker left undelivered (``notices.tasks.resume``)."""

from django.core.management.base import BaseCommand

from notices.reminders import reminders_send
from notices.tasks import resume


class Command(BaseCommand):
    help = "Queue the reminders due now (day before, two hours before); never one twice."

    def handle(self, *args, **options):
        queued = reminders_send()
        resumed = resume()
        self.stdout.write(f"reminders queued {queued}, notices resumed {resumed}")
