from django.core.management.base import BaseCommand, CommandError

from ledger.chain import first_break
from ledger.models import Entry, LedgerHead


class Command(BaseCommand):
    help = "Walk the hash chain of the ledger. Exits non-zero and names the first broken entry."

    def handle(self, **options):
        entries = Entry.objects.order_by("seq").iterator(chunk_size=5000)
        problem = first_break(entries)
        if problem:
            seq, reason = problem
            raise CommandError(f"Ledger broken at entry #{seq}: {reason}.")
        head = LedgerHead.objects.get(pk=1)
        last = Entry.objects.order_by("-seq").values_list("seq", "hash").first() or (0, "0" * 64)
        if (head.seq, head.hash) != tuple(last):
            raise CommandError(f"Ledger head points to #{head.seq}, the last entry is #{last[0]}.")
        self.stdout.write(
            self.style.SUCCESS(f"Ledger intact: {head.seq} entries, head {head.hash}.")
        )
