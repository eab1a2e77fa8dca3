from django.core.management.commands.flush import Command as DjangoFlush

from core.db import flush_unlocked


class Command(DjangoFlush):
    """Django's flush, let past the append-only triggers: it empties every table anyway."""

    def handle(self, **options):
        with flush_unlocked(options["database"]):
            return super().handle(**options)
