from django.core.management.base import BaseCommand

from notices.tasks import resume


class Command(BaseCommand):
    help = (
        "Recover deliveries a dead worker left half-done (once their lease has run out) and "
        "queue again every notice with messages left. Safe to run often (e.g. every 5 minutes)."
    )

    def handle(self, **options):
        count = resume()
        self.stdout.write(self.style.SUCCESS(f"Queued {count} notices again."))
