from django.core.management.base import BaseCommand

from exchange.services import points_accrue, redemptions_expire


class Command(BaseCommand):
    help = (
        "Earn the points of hours confirmed since the last run, and return the points of "
        "redemptions nobody collected in time. Safe to run often (e.g. every 5 minutes)."
    )

    def handle(self, **options):
        read = points_accrue()
        expired = redemptions_expire()
        self.stdout.write(
            self.style.SUCCESS(f"Read {read} hours entries; {expired} redemptions expired.")
        )
