from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from core.backups import BackupError, sqlite_path, sqlite_restore


class Command(BaseCommand):
    help = (
        "Replace the SQLite database with the backup in FILE, then verify the ledger's hash "
        "chain (ledger_verify); fails loudly if it is broken. Stop the site and workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--yes", action="store_true", help="Confirm that the current data is replaced."
        )

    def handle(self, *, file: Path, database: str, yes: bool, **options):
        if not yes:
            raise CommandError("This replaces every record in the database: add --yes.")
        try:
            target = sqlite_path(database)
            connections[database].close()
            sqlite_restore(backup=file, target=target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {target} from {file}; verifying the ledger…")
        try:
            call_command("ledger_verify", stdout=self.stdout, stderr=self.stderr)
        except CommandError as error:
            raise CommandError(
                f"RESTORED DATA FAILS THE LEDGER CHECK: {error} Do not open the site; "
                "restore an earlier backup or investigate (docs/operations.md)."
            ) from error
