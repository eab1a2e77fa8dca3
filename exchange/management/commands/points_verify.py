from django.core.management.base import BaseCommand, CommandError

from exchange.chain import CHAIN
from exchange.models import PointsEntry, PointsHead


class Command(BaseCommand):
    help = "Walk the points ledger's hash chain. Exits non-zero and names the first broken entry."

    def handle(self, **options):
        problem = CHAIN.first_break(PointsEntry.objects.order_by("seq").iterator(chunk_size=5000))
        if problem:
            seq, reason = problem
            raise CommandError(f"Points ledger broken at entry #{seq}: {reason}.")
        head = PointsHead.objects.get(pk=1)
        last = PointsEntry.objects.order_by("-seq").values_list("seq", "hash").first()
        if (head.seq, head.hash) != tuple(last or (0, "0" * 64)):
            raise CommandError(f"Points head points to #{head.seq}, the last entry is not it.")
        self.stdout.write(self.style.SUCCESS(f"Points ledger intact: {head.seq} entries."))
