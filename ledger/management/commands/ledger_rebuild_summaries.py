from django.core.management.base import BaseCommand

from ledger.services import summaries_rebuild


class Command(BaseCommand):
    help = "Recompute balances and monthly summaries from the ledger entries."

    def handle(self, **options):
        balances, cells = summaries_rebuild()
        self.stdout.write(
            self.style.SUCCESS(f"Rebuilt {balances} balances and {cells} summary cells.")
        )
