from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, sqlite_backup, sqlite_path


class Command(BaseCommand):
    help = (
        "Copy the SQLite database to FILE while the site keeps running (SQLite's online "
        "backup API). For PostgreSQL use pg_dump (docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--database", default="default")

    def handle(self, *, file: Path, database: str, **options):
        if file.exists():
            raise CommandError(f"{file} exists already; choose a new name.")
        try:
            sqlite_backup(source=sqlite_path(database), target=file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backed up to {file}."))
