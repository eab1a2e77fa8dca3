from django.core.management.base import BaseCommand

from reports.fonts import prepare_font, prepared_font_url


class Command(BaseCommand):
    help = "Build the pre-subset CJK font that makes certificate rendering fast (once)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="rebuild even if it exists")

    def handle(self, *, force, **options):
        if prepared_font_url() and not force:
            self.stdout.write("Certificate font already prepared.")
            return
        self.stdout.write(self.style.SUCCESS(f"Prepared {prepare_font()}"))
