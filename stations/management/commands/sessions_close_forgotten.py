from django.core.management.base import BaseCommand

from stations.services import sessions_close_forgotten


class Command(BaseCommand):
    help = (
        "Close check-ins left open past the station's closing time or the hour limit "
        "(flagged auto_closed for the manager). Run it from cron every 15 minutes."
    )

    def handle(self, *args, **options):
        closed = sessions_close_forgotten()
        self.stdout.write(f"{closed} forgotten sessions closed.")
